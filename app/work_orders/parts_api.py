"""JSON routes of parts and labour: the catalogue, stock and its ledger, parts and time on work orders, my timer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from app.core.api_support import PROBLEM_JSON, PROBLEM_RESPONSES, CurrentPrincipal
from app.core.db import session_scope
from app.core.schemas import Page, PageParams
from app.work_orders import labour, parts
from app.work_orders.enums import StockMovementKind
from app.work_orders.parts_schemas import (
    MovementFilter,
    PartFilter,
    PartUpdate,
    RunningTimerRead,
    StockChange,
    StockSettings,
)
from app.work_orders.schemas import (
    PartCreate,
    PartRead,
    PartUse,
    StockMovementRead,
    TimeLogCreate,
    TimeLogRead,
    WorkOrderPartRead,
)

router = APIRouter(responses=PROBLEM_RESPONSES)
Paging = Annotated[PageParams, Query()]
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]


def _conflict(description: str) -> dict:
    return {409: {'description': description, 'content': {PROBLEM_JSON: {}}}}


@router.get('/parts', tags=['parts'])
def list_parts(principal: CurrentPrincipal, filters: Annotated[PartFilter, Query()]) -> Page[PartRead]:
    """The parts catalogue with stock per site; `low_only` lists parts below their minimum stock."""
    with session_scope() as session:
        return parts.list_parts(
            session=session,
            principal=principal,
            q=filters.q,
            site_id=filters.site_id,
            low_only=filters.low_only,
            page=PageParams(limit=filters.limit, offset=filters.offset),
        )


@router.post('/parts', tags=['parts'], status_code=201, responses=_conflict('Duplicate part number'))
def create_part(body: PartCreate, principal: CurrentPrincipal) -> PartRead:
    """Add a part with its initial stock per site (admin, supervisor)."""
    with session_scope() as session:
        return parts.create_part(session=session, principal=principal, data=body)


@router.get('/parts/{part_id}', tags=['parts'])
def read_part(part_id: Id, principal: CurrentPrincipal) -> PartRead:
    """One part with its stock at every site."""
    with session_scope() as session:
        return parts.get_part(session=session, principal=principal, part_id=part_id)


@router.patch('/parts/{part_id}', tags=['parts'], responses=_conflict('Duplicate part number'))
def update_part(part_id: Id, body: PartUpdate, principal: CurrentPrincipal) -> PartRead:
    """Change a part's number, name, description, unit or unit cost (admin, supervisor)."""
    with session_scope() as session:
        return parts.update_part(session=session, principal=principal, part_id=part_id, data=body)


@router.post('/parts/{part_id}/stock', tags=['parts'])
def change_stock(part_id: Id, body: StockChange, principal: CurrentPrincipal) -> PartRead:
    """Goods in (`receipt`: add quantity) or a stock count (`adjustment`: quantity is what was counted)."""
    change = parts.receive_stock if body.kind is StockMovementKind.RECEIPT else parts.adjust_stock
    with session_scope() as session:
        return change(
            session=session,
            principal=principal,
            part_id=part_id,
            site_id=body.site_id,
            quantity=body.quantity,
            note=body.note,
        )


@router.put('/parts/{part_id}/stock-levels', tags=['parts'])
def set_stock_levels(part_id: Id, body: StockSettings, principal: CurrentPrincipal) -> PartRead:
    """Set the minimum stock (and bin) of a part at a site; below it the part is flagged low (admin, supervisor)."""
    with session_scope() as session:
        return parts.set_min_stock(
            session=session,
            principal=principal,
            part_id=part_id,
            site_id=body.site_id,
            min_stock=body.min_stock,
            bin_location=body.bin_location,
        )


@router.get('/parts/{part_id}/movements', tags=['parts'])
def list_part_movements(part_id: Id, principal: CurrentPrincipal, page: Paging) -> Page[StockMovementRead]:
    """The stock ledger of one part, newest first."""
    with session_scope() as session:
        return parts.list_movements(session=session, principal=principal, part_id=part_id, page=page)


@router.get('/stock-movements', tags=['parts'])
def list_stock_movements(
    principal: CurrentPrincipal, filters: Annotated[MovementFilter, Query()]
) -> Page[StockMovementRead]:
    """The stock ledger of the organisation, newest first, optionally of one part or one work order."""
    with session_scope() as session:
        return parts.list_movements(
            session=session,
            principal=principal,
            part_id=filters.part_id,
            work_order_id=filters.work_order_id,
            page=PageParams(limit=filters.limit, offset=filters.offset),
        )


@router.post(
    '/work-orders/{work_order_id}/parts',
    tags=['work orders'],
    responses=_conflict('Not enough stock, more returned than used, or a closed work order'),
)
def use_parts(work_order_id: Id, body: PartUse, principal: CurrentPrincipal) -> list[WorkOrderPartRead]:
    """Take parts from stock for a work order, or return them (`kind: return`); answers the work order's parts."""
    with session_scope() as session:
        return parts.use_parts(session=session, principal=principal, work_order_id=work_order_id, data=body)


@router.get('/work-orders/{work_order_id}/parts', tags=['work orders'])
def list_work_order_parts(work_order_id: Id, principal: CurrentPrincipal) -> list[WorkOrderPartRead]:
    """The parts used on a work order, net of returns, with their cost."""
    with session_scope() as session:
        return parts.list_work_order_parts(session=session, principal=principal, work_order_id=work_order_id)


@router.post(
    '/work-orders/{work_order_id}/time-logs',
    tags=['work orders'],
    status_code=201,
    responses={200: {'description': 'The stopped timer (action `stop`)'}, **_conflict('Timer state, closed order')},
)
def log_time(work_order_id: Id, body: TimeLogCreate, principal: CurrentPrincipal, response: Response) -> TimeLogRead:
    """Add hours (`manual`), or `start`/`stop` your timer; starting one stops your timer on another work order."""
    with session_scope() as session:
        logged = labour.log_time(session=session, principal=principal, work_order_id=work_order_id, data=body)
    if body.action == 'stop':
        response.status_code = 200
    return logged


@router.get('/work-orders/{work_order_id}/time-logs', tags=['work orders'])
def list_time_logs(work_order_id: Id, principal: CurrentPrincipal) -> list[TimeLogRead]:
    """A work order's time entries, running timers included, oldest first."""
    with session_scope() as session:
        return labour.list_time_logs(session=session, principal=principal, work_order_id=work_order_id)


@router.get('/me/timer', tags=['work orders'])
def read_my_timer(principal: CurrentPrincipal) -> RunningTimerRead | None:
    """Your running timer and the work order it runs on, or null."""
    with session_scope() as session:
        return labour.running_timer(session=session, principal=principal)
