"""JSON routes of site calendars: read a site's working week and closures, change them (admins), closed days."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.core.api_support import PROBLEM_RESPONSES, CurrentPrincipal
from app.core.db import session_scope
from app.core.input_types import RowId
from app.maintenance import site_calendars
from app.maintenance.schemas import (
    ClosedDay,
    ClosedDaysQuery,
    ClosureCreate,
    ClosureRead,
    SiteCalendarRead,
    SiteCalendarUpdate,
)

router = APIRouter(tags=['site calendars'], responses=PROBLEM_RESPONSES)
Id = RowId  # a path's id: 1 … 2^63 − 1, else 422


@router.get('/sites/{site_id:int}/calendar')
def get_site_calendar(site_id: Id, principal: CurrentPrincipal) -> SiteCalendarRead:
    """The site's working days and hours, public-holiday region, closed-day policy and closures."""
    with session_scope() as session:
        return site_calendars.get_site_calendar(session=session, principal=principal, site_id=site_id)


@router.patch('/sites/{site_id:int}/calendar')
def update_site_calendar(site_id: Id, body: SiteCalendarUpdate, principal: CurrentPrincipal) -> SiteCalendarRead:
    """Change the fields sent (admins); a new `country` drops the old subdivision unless one is sent with it."""
    with session_scope() as session:
        return site_calendars.update_site_calendar(session=session, principal=principal, site_id=site_id, data=body)


@router.post('/sites/{site_id:int}/calendar/closures', status_code=201)
def add_closure(site_id: Id, body: ClosureCreate, principal: CurrentPrincipal) -> ClosureRead:
    """Close the site for a span of days, both ends included (a shutdown, a stocktake; admins)."""
    with session_scope() as session:
        return site_calendars.add_closure(session=session, principal=principal, site_id=site_id, data=body)


@router.delete('/sites/{site_id:int}/calendar/closures/{closure_id:int}', status_code=204, response_class=Response)
def remove_closure(site_id: Id, closure_id: Id, principal: CurrentPrincipal) -> Response:
    """Reopen the days of a closure (admins)."""
    with session_scope() as session:
        site_calendars.remove_closure(session=session, principal=principal, site_id=site_id, closure_id=closure_id)
    return Response(status_code=204)


@router.get('/sites/{site_id:int}/calendar/closed-days')
def list_closed_days(
    site_id: Id, principal: CurrentPrincipal, query: Annotated[ClosedDaysQuery, Query()]
) -> list[ClosedDay]:
    """Each day from `first_day` to `last_day` (at most 366) the site is closed, with the reason."""
    with session_scope() as session:
        return site_calendars.closed_days(session=session, principal=principal, site_id=site_id, query=query)
