"""JSON routes of the parts catalogue, its stock and the stock ledger."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.core.api_support import PROBLEM_RESPONSES, CurrentPrincipal, conflict_response
from app.core.db import session_scope
from app.core.input_types import RowId
from app.core.schemas import Page, PageParams
from app.inventory import catalogue
from app.inventory.enums import StockMovementKind
from app.inventory.schemas import (
    MovementFilter,
    PartCreate,
    PartFilter,
    PartRead,
    PartUpdate,
    StockChange,
    StockMovementRead,
    StockSettings,
)

router = APIRouter(responses=PROBLEM_RESPONSES)
Paging = Annotated[PageParams, Query()]
Id = RowId  # a path's id: 1 … 2^63 − 1, else 422


@router.get('/parts', tags=['parts'])
def list_parts(principal: CurrentPrincipal, filters: Annotated[PartFilter, Query()]) -> Page[PartRead]:
    """The parts catalogue with stock per site; `low_only` lists parts below their minimum stock."""
    with session_scope() as session:
        return catalogue.list_parts(
            session=session,
            principal=principal,
            q=filters.q,
            site_id=filters.site_id,
            low_only=filters.low_only,
            page=PageParams(limit=filters.limit, offset=filters.offset),
        )


@router.post('/parts', tags=['parts'], status_code=201, responses=conflict_response('Duplicate part number'))
def create_part(body: PartCreate, principal: CurrentPrincipal) -> PartRead:
    """Add a part with its initial stock per site (admin, supervisor)."""
    with session_scope() as session:
        return catalogue.create_part(session=session, principal=principal, data=body)


@router.get('/parts/{part_id:int}', tags=['parts'])
def read_part(part_id: Id, principal: CurrentPrincipal) -> PartRead:
    """One part with its stock at every site."""
    with session_scope() as session:
        return catalogue.get_part(session=session, principal=principal, part_id=part_id)


@router.patch('/parts/{part_id:int}', tags=['parts'], responses=conflict_response('Duplicate part number'))
def update_part(part_id: Id, body: PartUpdate, principal: CurrentPrincipal) -> PartRead:
    """Change a part's number, name, description, unit or unit cost (admin, supervisor)."""
    with session_scope() as session:
        return catalogue.update_part(session=session, principal=principal, part_id=part_id, data=body)


@router.post('/parts/{part_id:int}/stock', tags=['parts'])
def change_stock(part_id: Id, body: StockChange, principal: CurrentPrincipal) -> PartRead:
    """Goods in (`receipt`: add quantity) or a stock count (`adjustment`: quantity is what was counted)."""
    change = catalogue.receive_stock if body.kind is StockMovementKind.RECEIPT else catalogue.adjust_stock
    with session_scope() as session:
        return change(
            session=session,
            principal=principal,
            part_id=part_id,
            site_id=body.site_id,
            quantity=body.quantity,
            note=body.note,
        )


@router.put('/parts/{part_id:int}/stock-levels', tags=['parts'])
def set_stock_levels(part_id: Id, body: StockSettings, principal: CurrentPrincipal) -> PartRead:
    """Set the minimum stock (and bin) of a part at a site; below it the part is flagged low (admin, supervisor)."""
    with session_scope() as session:
        return catalogue.set_min_stock(
            session=session,
            principal=principal,
            part_id=part_id,
            site_id=body.site_id,
            min_stock=body.min_stock,
            bin_location=body.bin_location,
        )


@router.get('/parts/{part_id:int}/movements', tags=['parts'])
def list_part_movements(part_id: Id, principal: CurrentPrincipal, page: Paging) -> Page[StockMovementRead]:
    """The stock ledger of one part, newest first."""
    with session_scope() as session:
        return catalogue.list_movements(session=session, principal=principal, part_id=part_id, page=page)


@router.get('/stock-movements', tags=['parts'])
def list_stock_movements(
    principal: CurrentPrincipal, filters: Annotated[MovementFilter, Query()]
) -> Page[StockMovementRead]:
    """The stock ledger of the organisation, newest first, optionally of one part or one work order."""
    with session_scope() as session:
        return catalogue.list_movements(
            session=session,
            principal=principal,
            part_id=filters.part_id,
            work_order_id=filters.work_order_id,
            page=PageParams(limit=filters.limit, offset=filters.offset),
        )
