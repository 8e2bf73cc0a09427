"""The forecast: every active plan's occurrences in a date range, and each site's days weighed against capacity.

Capacity is the site's active technicians (those whose home site it is) times the working hours its calendar gives
that day, so a closed day has none. Load is the estimated hours of the occurrences due that day at that site; an
occurrence whose plan has no estimate is counted apart (``without_estimate``), not guessed. A day is overloaded when
its load exceeds its capacity, which includes any work due on a day with no capacity at all.

Occurrences come from the same engine as a plan's own dates (``planning.dues_between``): a plan's time series in the
range, and its usage trigger's projected date when that falls inside. Event, condition and manual triggers have
no date ahead of time. Technicians without a home site are in no site's capacity.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.assets.models import Asset
from app.core.enums import Role
from app.core.models import Site, User
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.scoping import load_scoped
from app.maintenance.calendars import SiteCalendar
from app.maintenance.forecast_schemas import Forecast, ForecastDay, ForecastOccurrence, ForecastQuery
from app.maintenance.models import MaintenanceSchedule
from app.maintenance.planning import dues_between
from app.maintenance.schedules import plan_values, readings_of
from app.maintenance.site_calendars import engine_calendar


def forecast(*, session: Session, principal: Principal, query: ForecastQuery) -> Forecast:
    require(principal, Permission.WORK_ORDERS_READ)
    sites = _sites(session, principal, query.site_id)
    calendars = {site.id: engine_calendar(session, site) for site in sites}
    occurrences = _occurrences(session, principal, query, sites, calendars)
    technicians = _technicians(session, principal, [site.id for site in sites])
    days = _days(query, sites, calendars, technicians, occurrences)
    return Forecast(
        first_day=query.first_day,
        last_day=query.last_day,
        occurrences=occurrences,
        days=days,
        overloaded_days=sum(day.overloaded for day in days),
    )


def _occurrences(
    session: Session,
    principal: Principal,
    query: ForecastQuery,
    sites: list[Site],
    calendars: dict[int, SiteCalendar],
) -> list[ForecastOccurrence]:
    rows = session.execute(
        select(MaintenanceSchedule, Asset)
        .join(Asset, Asset.id == MaintenanceSchedule.asset_id)
        .where(
            MaintenanceSchedule.organization_id == principal.organization_id,
            MaintenanceSchedule.active.is_(True),
            Asset.site_id.in_([site.id for site in sites]),
        )
        .order_by(MaintenanceSchedule.id)
    )
    found: list[ForecastOccurrence] = []
    for schedule, asset in rows:
        calendar = calendars[asset.site_id]
        start = calendar.to_utc(datetime.combine(query.first_day, time.min))
        end = calendar.to_utc(datetime.combine(query.last_day + timedelta(days=1), time.min))
        readings, unit = readings_of(session, asset, schedule.usage_meter)
        for due in dues_between(plan_values(schedule), calendar, start, end, readings=readings, meter_unit=unit):
            found.append(
                ForecastOccurrence(
                    schedule_id=schedule.id,
                    schedule_name=schedule.name,
                    asset_id=asset.id,
                    asset_code=asset.code,
                    site_id=asset.site_id,
                    due_at=due.at,
                    day=due.local.date(),
                    trigger=due.trigger,
                    estimated_hours=float(schedule.estimated_hours) if schedule.estimated_hours is not None else None,
                    explanation=due.explanation,
                )
            )
    return sorted(found, key=lambda o: (o.due_at, o.schedule_id))


def _days(
    query: ForecastQuery,
    sites: list[Site],
    calendars: dict[int, SiteCalendar],
    technicians: dict[int, int],
    occurrences: list[ForecastOccurrence],
) -> list[ForecastDay]:
    load: dict[tuple[int, date], list[ForecastOccurrence]] = defaultdict(list)
    for occurrence in occurrences:
        load[occurrence.site_id, occurrence.day].append(occurrence)
    days = []
    for site in sites:
        calendar = calendars[site.id]
        for offset in range((query.last_day - query.first_day).days + 1):
            day = query.first_day + timedelta(days=offset)
            due = load.get((site.id, day), [])
            planned = sum(o.estimated_hours or 0 for o in due)
            capacity = technicians.get(site.id, 0) * calendar.working_hours(day)
            days.append(
                ForecastDay(
                    site_id=site.id,
                    site_name=site.name,
                    day=day,
                    planned_hours=planned,
                    occurrences=len(due),
                    without_estimate=sum(o.estimated_hours is None for o in due),
                    technicians=technicians.get(site.id, 0),
                    capacity_hours=capacity,
                    closed=calendar.closed_because(day),
                    overloaded=planned > capacity or (bool(due) and capacity == 0),
                )
            )
    return days


def _sites(session: Session, principal: Principal, site_id: int | None) -> list[Site]:
    """The one site asked for (404 when it is not the organisation's), else all of them by name."""
    if site_id is not None:
        return [load_scoped(session, Site, site_id, principal)]
    return list(
        session.scalars(select(Site).where(Site.organization_id == principal.organization_id).order_by(Site.name))
    )


def _technicians(session: Session, principal: Principal, site_ids: list[int]) -> dict[int, int]:
    rows = session.execute(
        select(User.site_id, func.count())
        .where(
            User.organization_id == principal.organization_id,
            User.role == Role.TECHNICIAN,
            User.active.is_(True),
            User.site_id.in_(site_ids),
        )
        .group_by(User.site_id)
    )
    return dict(rows.all())
