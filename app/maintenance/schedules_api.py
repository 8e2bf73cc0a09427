"""JSON routes of maintenance schedules (SPEC.md): create, list, read with the next due dates, change; a preview of
a plan's dates before it is saved; and the forecast against capacity."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.core.api_support import PROBLEM_RESPONSES, CurrentPrincipal, conflict_response
from app.core.db import session_scope
from app.core.input_types import RowId
from app.core.schemas import Page
from app.maintenance import forecast, schedules
from app.maintenance.forecast_schemas import Forecast, ForecastQuery
from app.maintenance.schedule_schemas import ScheduleCreate, ScheduleFilter, ScheduleRead, ScheduleUpdate, UpcomingDue

router = APIRouter(prefix='/maintenance', tags=['maintenance schedules'], responses=PROBLEM_RESPONSES)
Id = RowId  # a path's id: 1 … 2^63 − 1, else 422


@router.post('/schedules', status_code=201)
def create_schedule(body: ScheduleCreate, principal: CurrentPrincipal) -> ScheduleRead:
    """Plan preventive work on an asset (planners): time (fixed or floating, with tolerance and shift), usage by a
    meter, events, or several at once (whichever comes first)."""
    with session_scope() as session:
        return schedules.create_schedule(session=session, principal=principal, data=body)


@router.get('/schedules')
def list_schedules(principal: CurrentPrincipal, filters: Annotated[ScheduleFilter, Query()]) -> Page[ScheduleRead]:
    """Plans by next due date; filter by asset, site, active and main trigger."""
    with session_scope() as session:
        return schedules.list_schedules(session=session, principal=principal, filters=filters)


@router.post('/schedules/preview')
def preview_schedule(body: ScheduleCreate, principal: CurrentPrincipal) -> list[UpcomingDue]:
    """The next ten due dates a plan would have, each explained; nothing is stored."""
    with session_scope() as session:
        return schedules.preview_schedule(session=session, principal=principal, data=body)


@router.get('/schedules/{schedule_id:int}')
def get_schedule(schedule_id: Id, principal: CurrentPrincipal) -> ScheduleRead:
    """One plan with its next ten due dates and why each falls where it does."""
    with session_scope() as session:
        return schedules.get_schedule(session=session, principal=principal, schedule_id=schedule_id)


@router.patch('/schedules/{schedule_id:int}', responses=conflict_response('Changed meanwhile (stale version)'))
def update_schedule(schedule_id: Id, body: ScheduleUpdate, principal: CurrentPrincipal) -> ScheduleRead:
    """Change the fields sent (planners); a new `start_at` restarts the series from it."""
    with session_scope() as session:
        return schedules.update_schedule(session=session, principal=principal, schedule_id=schedule_id, data=body)


@router.get('/forecast')
def get_forecast(principal: CurrentPrincipal, query: Annotated[ForecastQuery, Query()]) -> Forecast:
    """The plans' occurrences from `first_day` to `last_day` (at most 366 days), and each site's days: planned
    hours against technician capacity from the site calendar, overloaded days flagged."""
    with session_scope() as session:
        return forecast.forecast(session=session, principal=principal, query=query)
