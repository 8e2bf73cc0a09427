"""Demo scheduling: the three sites' calendars (three countries, three timezones, their holidays, a closure each)
and maintenance plans on the demo assets across every trigger kind, written through the services as a planner
would, so each plan's next date is computed and explained like any other."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.assets.models import Asset, Meter
from app.core.db import utcnow
from app.maintenance import schedules, site_calendars
from app.maintenance.schedule_schemas import ScheduleCreate
from app.maintenance.schemas import ClosureCreate, SiteCalendarUpdate

if TYPE_CHECKING:
    from app.demo import DemoContext

# Per site, in the demo's site order: how it works, its holidays, and one closure in the coming year.
CALENDARS = [
    ({'working_days': [0, 1, 2, 3, 4], 'day_starts': time(6), 'day_ends': time(14, 30), 'country': 'DE',
      'subdivision': 'HH', 'policy': 'before'}, ('Summer shutdown', 8, 3, 14)),
    ({'working_days': [0, 1, 2, 3, 4], 'day_starts': time(7, 30), 'day_ends': time(16), 'country': 'FR',
      'policy': 'after'}, ('Fermeture annuelle', 8, 10, 21)),
    ({'working_days': [0, 1, 2, 3, 4, 5], 'day_starts': time(7), 'day_ends': time(17), 'country': 'US',
      'subdivision': 'OH', 'policy': 'keep'}, ('Annual inventory count', 1, 20, 2)),
]  # fmt: skip
# (name, fields): a plan per trigger kind and mode, put on the first assets of each site in turn.
PLANS: list[tuple[str, dict[str, Any]]] = [
    ('Quarterly service', {'frequency': 'quarterly', 'plan_mode': 'fixed', 'estimated_hours': 3}),
    ('Monthly lubrication', {'maintenance_type': 'lubrication', 'frequency': 'monthly', 'plan_mode': 'floating'}),
    ('Twice-weekly walk-round', {'maintenance_type': 'inspection', 'frequency': 'custom',
                                 'rrule': 'FREQ=WEEKLY;BYDAY=MO,TH', 'lead_days': 1}),
    ('Month-end safety check', {'maintenance_type': 'inspection', 'frequency': 'custom',
                                'rrule': 'FREQ=MONTHLY;BYMONTHDAY=31'}),
    ('Annual calibration', {'maintenance_type': 'calibration', 'frequency': 'annual', 'lead_days': 21,
                            'priority': 'high', 'shift_pct': 50}),
    ('Inspection after repair', {'maintenance_type': 'inspection', 'trigger': 'event', 'event_asset_status': 'repair',
                                 'event_delay_days': 1, 'frequency': None}),
    ('Check after a breakdown', {'maintenance_type': 'inspection', 'trigger': 'event', 'event_work_type': 'corrective',
                                 'frequency': None}),
    ('Vibration-triggered bearing check', {'maintenance_type': 'predictive', 'trigger': 'condition',
                                           'frequency': None}),
    ('Overhaul on request', {'trigger': 'manual', 'frequency': None, 'estimated_hours': 16}),
]  # fmt: skip
USAGE_PLANS = [  # on assets with a meter: usage alone, and usage or time, whichever first
    ('Service every 500 h', {'trigger': 'usage', 'frequency': None}, 500),
    (
        'Service every 1,000 h or yearly',
        {'trigger': 'time', 'triggers': ['time', 'usage'], 'frequency': 'annual'},
        1000,
    ),
]


def load(session: Session, context: DemoContext) -> None:
    for site, (settings, (reason, month, day, days)) in zip(context.sites, CALENDARS, strict=True):
        site_calendars.update_site_calendar(
            session=session, principal=context.principal, site_id=site.id, data=SiteCalendarUpdate(**settings)
        )
        first = _next(date(utcnow().year, month, day))
        closure = ClosureCreate(first_day=first, last_day=first + timedelta(days=days - 1), reason=reason)
        site_calendars.add_closure(session=session, principal=context.principal, site_id=site.id, data=closure)
    assets = _assets_by_site(session, context)
    for index, (name, fields) in enumerate(PLANS):
        _plan(session, context, assets[index % len(assets)][index // len(assets)], name, fields)
    metered = _metered_assets(session, context)
    for index, (name, fields, every) in enumerate(USAGE_PLANS):
        if index < len(metered):
            asset, meter = metered[index]
            _plan(session, context, asset, name, {**fields, 'usage_meter': meter, 'usage_every': every})


def _plan(session: Session, context: DemoContext, asset: Asset, name: str, fields: dict[str, Any]) -> None:
    """One plan on ``asset``, starting at the site's day start on the coming Monday (local time)."""
    zone = ZoneInfo(next(s.timezone for s in context.sites if s.id == asset.site_id))
    today = datetime.now(zone).date()
    monday = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
    start = datetime.combine(monday, time(7), zone)
    data = ScheduleCreate(name=f'{name} — {asset.name}', asset_id=asset.id, start_at=start, **fields)
    schedules.create_schedule(session=session, principal=context.principal, data=data)


def _assets_by_site(session: Session, context: DemoContext) -> list[list[Asset]]:
    """Each site's first top-level assets by code: the machines a planner plans first."""
    found = []
    for site in context.sites:
        query = select(Asset).where(Asset.site_id == site.id, Asset.parent_id.is_(None)).order_by(Asset.code).limit(5)
        found.append(list(session.scalars(query)))
    return found


def _metered_assets(session: Session, context: DemoContext) -> list[tuple[Asset, str]]:
    rows = session.execute(
        select(Asset, Meter.name)
        .join(Meter, Meter.asset_id == Asset.id)
        .where(Asset.organization_id == context.organization.id, Meter.current_reading.is_not(None))
        .order_by(Asset.code)
        .limit(len(USAGE_PLANS))
    )
    return [(asset, meter) for asset, meter in rows]


def _next(day: date) -> date:
    """The day this year, or next year's once it has passed."""
    return day if day >= utcnow().date() else day.replace(year=day.year + 1)
