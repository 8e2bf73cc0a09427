"""Maintenance schedules: create, list, read and change preventive plans, each with its next due date explained.

Everyone who reads work orders reads the plans; planners (WORK_ORDERS_MANAGE) make and change them. A plan points
at one of the organisation's assets; its site's calendar places its dates (an asset without a site uses a calendar
in UTC without holidays). The next due date is computed when the plan is written and kept on the row, so a list
sorts by it; reading one plan also gives its next ten dates, each with the reason it falls where it does.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.assets.models import Asset, Meter, MeterReading
from app.core import audit
from app.core.db import utcnow
from app.core.enums import AuditAction
from app.core.errors import FieldError, ValidationFailed
from app.core.models import Site, User
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.schemas import Page
from app.core.scoping import check_version, find_scoped, load_scoped
from app.maintenance.calendars import SiteCalendar
from app.maintenance.enums import TriggerKind
from app.maintenance.models import MaintenanceSchedule
from app.maintenance.planning import Outlook, local_words, outlook
from app.maintenance.schedule_schemas import (
    PREVIEW_COUNT,
    ScheduleCreate,
    ScheduleFilter,
    ScheduleRead,
    ScheduleUpdate,
    UpcomingDue,
    trigger_problems,
)
from app.maintenance.site_calendars import engine_calendar
from app.maintenance.usage import Reading
from app.work_orders.models import WorkOrderTemplate

READINGS_LOOKED_AT = 500  # the meter's latest readings a projection reads (30 days of hourly readings fit)
_AUDITED = (
    'name', 'asset_id', 'template_id', 'maintenance_type', 'priority', 'estimated_hours', 'assignee_id', 'team',
    'lead_days', 'active', 'trigger', 'triggers', 'frequency', 'interval', 'rrule', 'start_at', 'plan_mode',
    'tolerance_pct', 'shift_pct', 'usage_meter', 'usage_every', 'event_asset_status', 'event_work_type',
    'event_delay_days',
)  # fmt: skip


def create_schedule(*, session: Session, principal: Principal, data: ScheduleCreate) -> ScheduleRead:
    require(principal, Permission.WORK_ORDERS_MANAGE)
    values = data.model_dump()
    values['triggers'] = [k.value for k in (data.triggers or [data.trigger])]
    asset = _check_references(session, principal, values)
    schedule = MaintenanceSchedule(organization_id=principal.organization_id, anchor_at=data.start_at, **values)
    _refresh_next_due(session, schedule, asset)
    session.add(schedule)
    session.flush()
    audit.record(
        session,
        principal,
        AuditAction.CREATE,
        'maintenance_schedule',
        schedule.id,
        changes=audit.created(audit.snapshot(schedule, list(_AUDITED))),
        summary=f'created the maintenance plan {schedule.name} for {asset.code}',
    )
    return _read(session, schedule, asset, upcoming=True)


def list_schedules(*, session: Session, principal: Principal, filters: ScheduleFilter) -> Page[ScheduleRead]:
    """Plans by next due date (those never due last), then name."""
    require(principal, Permission.WORK_ORDERS_READ)
    query = select(MaintenanceSchedule).where(MaintenanceSchedule.organization_id == principal.organization_id)
    if filters.asset_id is not None:
        query = query.where(MaintenanceSchedule.asset_id == filters.asset_id)
    if filters.site_id is not None:
        query = query.join(Asset, Asset.id == MaintenanceSchedule.asset_id).where(Asset.site_id == filters.site_id)
    if filters.active is not None:
        query = query.where(MaintenanceSchedule.active.is_(filters.active))
    if filters.trigger is not None:
        query = query.where(MaintenanceSchedule.trigger == filters.trigger)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    ordered = query.order_by(
        MaintenanceSchedule.next_due_at.is_(None), MaintenanceSchedule.next_due_at, MaintenanceSchedule.name
    )
    rows = list(session.scalars(ordered.limit(filters.limit).offset(filters.offset)))
    assets = {a.id: a for a in session.scalars(select(Asset).where(Asset.id.in_({r.asset_id for r in rows})))}
    items = [_read(session, row, assets[row.asset_id], upcoming=False) for row in rows]
    return Page(items=items, total=total, limit=filters.limit, offset=filters.offset)


def get_schedule(*, session: Session, principal: Principal, schedule_id: int) -> ScheduleRead:
    """One plan with its next ten due dates and their explanations."""
    require(principal, Permission.WORK_ORDERS_READ)
    schedule = load_scoped(
        session, MaintenanceSchedule, schedule_id, principal, missing=f'schedule {schedule_id} not found'
    )
    return _read(session, schedule, session.get(Asset, schedule.asset_id), upcoming=True)


def update_schedule(*, session: Session, principal: Principal, schedule_id: int, data: ScheduleUpdate) -> ScheduleRead:
    """Change the fields sent; the merged plan must still work (a 422 naming the field otherwise)."""
    require(principal, Permission.WORK_ORDERS_MANAGE)
    schedule = load_scoped(
        session, MaintenanceSchedule, schedule_id, principal, lock=True, missing=f'schedule {schedule_id} not found'
    )
    check_version(data.version, schedule, f'schedule {schedule.name}')
    before = audit.snapshot(schedule, list(_AUDITED))
    changes = data.model_dump(exclude_unset=True, exclude={'version'})
    if 'trigger' in changes or 'triggers' in changes:
        # Triggers sent as null, or a new main trigger alone: the main trigger is the only one.
        main = changes.get('trigger', schedule.trigger)
        changes['triggers'] = [TriggerKind(k).value for k in (changes.get('triggers') or [main])]
    merged = {name: getattr(schedule, name) for name in _AUDITED} | changes
    asset = _check_references(session, principal, merged)
    for name, value in changes.items():
        setattr(schedule, name, value)
    if 'start_at' in changes:
        schedule.anchor_at = changes['start_at']  # a new start restarts the series from it
    schedule.version += 1
    _refresh_next_due(session, schedule, asset)
    session.flush()
    audit.record(
        session,
        principal,
        AuditAction.UPDATE,
        'maintenance_schedule',
        schedule.id,
        changes=audit.diff(before, audit.snapshot(schedule, list(_AUDITED))),
        summary=f'changed the maintenance plan {schedule.name}',
    )
    return _read(session, schedule, asset, upcoming=True)


def preview_schedule(*, session: Session, principal: Principal, data: ScheduleCreate) -> list[UpcomingDue]:
    """The next ten due dates a plan would have, without storing it (the editor's live preview)."""
    require(principal, Permission.WORK_ORDERS_READ)
    values = data.model_dump() | {'anchor_at': data.start_at}
    values['triggers'] = [k.value for k in (data.triggers or [data.trigger])]
    asset = _check_references(session, principal, values)
    return _upcoming(_outlook(session, values, asset))


def _check_references(session: Session, principal: Principal, values: dict[str, Any]) -> Asset:
    """The plan's asset (which must be the organisation's), with every field problem at once as a 422."""
    errors = [FieldError(name, message) for name, message in trigger_problems(values)]
    asset = find_scoped(session, Asset, values['asset_id'], principal)
    if asset is None:
        errors.append(FieldError('asset_id', f'asset {values["asset_id"]} not found'))
    if (
        values.get('template_id') is not None
        and find_scoped(session, WorkOrderTemplate, values['template_id'], principal) is None
    ):
        errors.append(FieldError('template_id', f'template {values["template_id"]} not found'))
    if values.get('assignee_id') is not None:
        person = find_scoped(session, User, values['assignee_id'], principal)
        if person is None or not person.active:
            errors.append(FieldError('assignee_id', f'user {values["assignee_id"]} not found or inactive'))
    if errors:
        raise ValidationFailed(errors)
    return asset


def _refresh_next_due(session: Session, schedule: MaintenanceSchedule, asset: Asset) -> None:
    found = _outlook(session, plan_values(schedule), asset, count=1)
    schedule.next_due_at = found.next_due.at if found.next_due and schedule.active else None
    schedule.next_due_explanation = found.explanation if schedule.active else 'paused: generates nothing'


def plan_values(schedule: MaintenanceSchedule) -> dict[str, Any]:
    """What the engine reads of a stored plan (``planning``): its fields and its anchor."""
    return {name: getattr(schedule, name) for name in (*_AUDITED, 'anchor_at')}


def _outlook(session: Session, values: dict[str, Any], asset: Asset, *, count: int = PREVIEW_COUNT) -> Outlook:
    readings, unit = readings_of(session, asset, values.get('usage_meter'))
    return outlook(values, _calendar(session, asset), now=utcnow(), readings=readings, meter_unit=unit, count=count)


def _calendar(session: Session, asset: Asset) -> SiteCalendar:
    site = session.get(Site, asset.site_id) if asset.site_id is not None else None
    return engine_calendar(session, site) if site is not None else SiteCalendar()


def readings_of(session: Session, asset: Asset, meter_name: str | None) -> tuple[list[Reading], str]:
    """The latest readings of the asset's meter of that name, and its unit (none: no meter, or no usage trigger)."""
    if not meter_name:
        return [], ''
    meter = session.scalar(select(Meter).where(Meter.asset_id == asset.id, Meter.name == meter_name))
    if meter is None:
        return [], ''
    rows = session.execute(
        select(MeterReading.read_at, MeterReading.value)
        .where(MeterReading.meter_id == meter.id)
        .order_by(MeterReading.read_at.desc())
        .limit(READINGS_LOOKED_AT)
    )
    return [Reading(at, value) for at, value in rows], meter.unit


def _read(session: Session, schedule: MaintenanceSchedule, asset: Asset, *, upcoming: bool) -> ScheduleRead:
    # Only the site's timezone for the row (the identity map has the site after the first row of a list): the whole
    # calendar, its settings and closures, is loaded only when the upcoming dates are computed.
    site = session.get(Site, asset.site_id) if asset.site_id is not None else None
    read = ScheduleRead.model_validate(
        {
            **{c.name: getattr(schedule, c.name) for c in MaintenanceSchedule.__table__.columns},
            'asset_code': asset.code,
            'site_id': asset.site_id,
            'timezone': site.timezone if site is not None else SiteCalendar().timezone,
        }
    )
    if upcoming and schedule.active:
        read.upcoming = _upcoming(_outlook(session, plan_values(schedule), asset))
    return read


def _upcoming(found: Outlook) -> list[UpcomingDue]:
    return [
        UpcomingDue(due_at=due.at, local=local_words(due), trigger=due.trigger, explanation=due.explanation)
        for due in found.upcoming
    ]
