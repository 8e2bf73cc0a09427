"""Site calendars as stored: read and change a site's working week, public-holiday region, policy and closures.

Everyone who sees a site sees its calendar; an admin (SITES_MANAGE) changes it. A site without a stored calendar
works Monday to Friday, 07:00–16:00, without public holidays, moving due dates on closed days to the day before.
``engine_calendar`` hands the scheduling engine the plain ``SiteCalendar`` it computes with.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit
from app.core.enums import AuditAction
from app.core.errors import FieldError, ValidationFailed
from app.core.models import Site
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.scoping import load_scoped
from app.maintenance.calendars import CalendarError, Closure, SiteCalendar
from app.maintenance.models import MONDAY_TO_FRIDAY, SiteCalendarSettings, SiteClosure
from app.maintenance.schemas import (
    ClosedDay,
    ClosedDaysQuery,
    ClosureCreate,
    ClosureRead,
    SiteCalendarRead,
    SiteCalendarUpdate,
)

_SETTINGS = ('working_days', 'day_starts', 'day_ends', 'country', 'subdivision', 'policy')


def get_site_calendar(*, session: Session, principal: Principal, site_id: int) -> SiteCalendarRead:
    require(principal, Permission.SITES_READ)
    site = load_scoped(session, Site, site_id, principal)
    return _read(session, site)


def update_site_calendar(
    *, session: Session, principal: Principal, site_id: int, data: SiteCalendarUpdate
) -> SiteCalendarRead:
    """Change the fields sent; the result must be a calendar that works (else a 422 naming the field)."""
    require(principal, Permission.SITES_MANAGE)
    site = load_scoped(session, Site, site_id, principal, lock=True)
    row = _settings(session, site)
    before = _values(row)
    changes = data.model_dump(exclude_unset=True)
    if 'working_days' in changes:
        changes['working_days'] = _bits(changes['working_days'])
    if changes.get('country', before['country']) != before['country'] and 'subdivision' not in changes:
        changes['subdivision'] = None  # a new country's subdivisions are other codes
    after = before | changes
    try:
        _calendar(site, after, [])
    except CalendarError as error:
        raise ValidationFailed(FieldError(error.field, error.message)) from None
    if row is None:
        row = SiteCalendarSettings(organization_id=site.organization_id, site_id=site.id)
        session.add(row)
    for name, value in after.items():
        setattr(row, name, value)
    session.flush()
    _audit(
        session,
        principal,
        site,
        audit.diff(_loggable(before), _loggable(after)),
        f'changed the calendar of {site.name}',
    )
    return _read(session, site)


def add_closure(*, session: Session, principal: Principal, site_id: int, data: ClosureCreate) -> ClosureRead:
    require(principal, Permission.SITES_MANAGE)
    site = load_scoped(session, Site, site_id, principal)
    closure = SiteClosure(organization_id=site.organization_id, site_id=site.id, **data.model_dump())
    session.add(closure)
    session.flush()
    span = f'{data.first_day} – {data.last_day}: {data.reason}'
    _audit(session, principal, site, audit.created({'closure': span}), f'closed {site.name} {span}')
    return ClosureRead.model_validate(closure)


def remove_closure(*, session: Session, principal: Principal, site_id: int, closure_id: int) -> None:
    require(principal, Permission.SITES_MANAGE)
    site = load_scoped(session, Site, site_id, principal)
    closure = load_scoped(
        session, SiteClosure, closure_id, principal, where=[SiteClosure.site_id == site.id], missing=None
    )
    span = f'{closure.first_day} – {closure.last_day}: {closure.reason}'
    _audit(session, principal, site, {'closure': {'before': span, 'after': None}}, f'reopened {site.name} {span}')
    session.delete(closure)


def closed_days(*, session: Session, principal: Principal, site_id: int, query: ClosedDaysQuery) -> list[ClosedDay]:
    """Each day in the range the site is closed, with why (the calendar page shades them)."""
    require(principal, Permission.SITES_READ)
    site = load_scoped(session, Site, site_id, principal)
    calendar = engine_calendar(session, site)
    days = (query.first_day + timedelta(days=n) for n in range((query.last_day - query.first_day).days + 1))
    return [ClosedDay(day=day, reason=reason) for day in days if (reason := calendar.closed_because(day))]


def engine_calendar(session: Session, site: Site) -> SiteCalendar:
    """The site's calendar as the scheduling engine computes with it (the caller has checked the site is theirs)."""
    row = _settings(session, site)
    return _calendar(site, _values(row), _closures(session, site))


def _audit(session: Session, principal: Principal, site: Site, changes: dict, summary: str) -> None:
    """A calendar change is a change of its site: the audit log lists it there."""
    audit.record(session, principal, AuditAction.UPDATE, 'site', site.id, changes=changes, summary=summary)


def _read(session: Session, site: Site) -> SiteCalendarRead:
    row = _settings(session, site)
    values = _values(row)
    closures = _closures(session, site)
    calendar = _calendar(site, values, [])
    return SiteCalendarRead(
        site_id=site.id,
        site_name=site.name,
        timezone=site.timezone,
        working_days=sorted(calendar.working_days),
        day_starts=calendar.day_starts,
        day_ends=calendar.day_ends,
        hours_per_day=calendar.hours_per_day,
        country=calendar.country,
        subdivision=calendar.subdivision,
        policy=calendar.policy,
        closures=[ClosureRead.model_validate(c) for c in closures],
    )


def _settings(session: Session, site: Site) -> SiteCalendarSettings | None:
    return session.scalar(select(SiteCalendarSettings).where(SiteCalendarSettings.site_id == site.id))


def _closures(session: Session, site: Site) -> list[SiteClosure]:
    query = select(SiteClosure).where(SiteClosure.site_id == site.id).order_by(SiteClosure.first_day, SiteClosure.id)
    return list(session.scalars(query))


def _values(row: SiteCalendarSettings | None) -> dict:
    defaults = SiteCalendar()
    if row is None:
        return {
            'working_days': MONDAY_TO_FRIDAY,
            'day_starts': defaults.day_starts,
            'day_ends': defaults.day_ends,
            'country': None,
            'subdivision': None,
            'policy': defaults.policy,
        }
    return {name: getattr(row, name) for name in _SETTINGS}


def _calendar(site: Site, values: dict, closures: list[SiteClosure]) -> SiteCalendar:
    return SiteCalendar(
        timezone=site.timezone,
        working_days=frozenset(n for n in range(7) if values['working_days'] >> n & 1),
        day_starts=values['day_starts'],
        day_ends=values['day_ends'],
        country=values['country'],
        subdivision=values['subdivision'],
        policy=values['policy'],
        closures=tuple(Closure(c.first_day, c.last_day, c.reason) for c in closures),
    )


def _bits(days: list[int]) -> int:
    return sum(1 << day for day in set(days))


def _loggable(values: dict) -> dict:
    shown = dict(values)
    shown['working_days'] = [n for n in range(7) if values['working_days'] >> n & 1]
    for name in ('day_starts', 'day_ends'):
        shown[name] = values[name].strftime('%H:%M')
    return shown
