"""JSON routes of what is used on a work order: parts from stock, time logged, and the caller's running timer."""

from __future__ import annotations

from fastapi import APIRouter, Response

from app.core.api_support import PROBLEM_RESPONSES, CurrentPrincipal, conflict_response
from app.core.db import session_scope
from app.core.input_types import RowId
from app.inventory.schemas import WorkOrderPartRead
from app.work_orders import labour, parts
from app.work_orders.schemas import PartUse, RunningTimerRead, TimeLogCreate, TimeLogRead

router = APIRouter(responses=PROBLEM_RESPONSES)
Id = RowId  # a path's id: 1 … 2^63 − 1, else 422


@router.post(
    '/work-orders/{work_order_id:int}/parts',
    tags=['work orders'],
    responses=conflict_response('Not enough stock, more returned than used, or a closed work order'),
)
def use_parts(work_order_id: Id, body: PartUse, principal: CurrentPrincipal) -> list[WorkOrderPartRead]:
    """Take parts from stock for a work order, or return them (`kind: return`); answers the work order's parts."""
    with session_scope() as session:
        return parts.use_parts(session=session, principal=principal, work_order_id=work_order_id, data=body)


@router.get('/work-orders/{work_order_id:int}/parts', tags=['work orders'])
def list_work_order_parts(work_order_id: Id, principal: CurrentPrincipal) -> list[WorkOrderPartRead]:
    """The parts used on a work order, net of returns, with their cost."""
    with session_scope() as session:
        return parts.list_work_order_parts(session=session, principal=principal, work_order_id=work_order_id)


@router.post(
    '/work-orders/{work_order_id:int}/time-logs',
    tags=['work orders'],
    status_code=201,
    responses={
        200: {'description': 'The stopped timer (action `stop`)'},
        **conflict_response('Timer state, closed order'),
    },
)
def log_time(work_order_id: Id, body: TimeLogCreate, principal: CurrentPrincipal, response: Response) -> TimeLogRead:
    """Add hours (`manual`), or `start`/`stop` your timer; starting one stops your timer on another work order."""
    with session_scope() as session:
        logged = labour.log_time(session=session, principal=principal, work_order_id=work_order_id, data=body)
    if body.action == 'stop':
        response.status_code = 200
    return logged


@router.get('/work-orders/{work_order_id:int}/time-logs', tags=['work orders'])
def list_time_logs(work_order_id: Id, principal: CurrentPrincipal) -> list[TimeLogRead]:
    """A work order's time entries, running timers included, oldest first."""
    with session_scope() as session:
        return labour.list_time_logs(session=session, principal=principal, work_order_id=work_order_id)


@router.get('/me/timer', tags=['work orders'])
def read_my_timer(principal: CurrentPrincipal) -> RunningTimerRead | None:
    """Your running timer and the work order it runs on, or null."""
    with session_scope() as session:
        return labour.running_timer(session=session, principal=principal)
