"""Helpers (no tests) for the parts, labour and template tests, on top of ``wo_support`` (the work-order tests'
helpers): parts with stock and reorder levels, work orders by id, and snapshots of everything these services write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from app.core.db import session_scope
from app.core.models import AuditEntry
from app.inventory import catalogue
from app.inventory.models import Part, PartStock, StockMovement
from app.inventory.schemas import PartCreate, PartRead, StockLevelSet
from app.work_orders.enums import WorkOrderStatus
from app.work_orders.models import TimeLog, WorkOrder, WorkOrderTemplate
from tests.app.work_orders import wo_support
from tests.app.work_orders.wo_support import call, client  # noqa: F401  (part of these helpers)
from tests.factories import unique

Shop = wo_support.Org
new_shop = wo_support.new_org
_VOLATILE = {'updated_at', 'last_used_at', 'last_login_at'}


def make_part(
    shop: Shop,
    stock: dict[int, str | int] | None = None,
    *,
    unit_cost: str = '10.00',
    min_stock: dict[int, str | int] | None = None,
    **fields: Any,
) -> PartRead:
    """A part with stock per site id (``{site_id: on_hand}``) and optional minimum stock per site."""
    min_stock = min_stock or {}
    levels = [
        StockLevelSet(site_id=site, on_hand=Decimal(str(qty)), min_stock=Decimal(str(min_stock.get(site, 0))))
        for site, qty in (stock or {}).items()
    ]
    values = {'part_number': unique('P'), 'name': unique('Bearing'), 'unit_cost': Decimal(unit_cost), **fields}
    return call(catalogue.create_part, principal=shop.admin, data=PartCreate(stock=levels, **values))


def make_work_order(
    shop: Shop, *, site_id: int | str | None = 'default', status: WorkOrderStatus = WorkOrderStatus.IN_PROGRESS
) -> int:
    """A work order through the work-order service, at the shop's first site unless told, moved to ``status``."""
    site = shop.site_id if site_id == 'default' else site_id
    return wo_support.make_work_order(shop, status=status, site_id=site).id


def work_order(work_order_id: int) -> WorkOrder:
    with session_scope() as session:
        return session.get(WorkOrder, work_order_id)


def on_hand(part_id: int, site_id: int) -> Decimal | None:
    with session_scope() as session:
        return session.scalar(
            select(PartStock.on_hand).where(PartStock.part_id == part_id, PartStock.site_id == site_id)
        )


def movements(part_id: int | None = None, work_order_id: int | None = None) -> list[StockMovement]:
    """Ledger lines, oldest first."""
    with session_scope() as session:
        query = select(StockMovement).order_by(StockMovement.id)
        if part_id is not None:
            query = query.where(StockMovement.part_id == part_id)
        if work_order_id is not None:
            query = query.where(StockMovement.work_order_id == work_order_id)
        return list(session.scalars(query))


def assert_ledger_balances(part_id: int) -> None:
    """Every line's balance_after is the running sum of the quantities at its site."""
    running: dict[int, Decimal] = {}
    for line in movements(part_id):
        running[line.site_id] = running.get(line.site_id, Decimal(0)) + line.quantity
        assert line.balance_after == running[line.site_id], line.id


def audit_of(shop: Shop, entity_type: str) -> list[AuditEntry]:
    with session_scope() as session:
        return list(
            session.scalars(
                select(AuditEntry)
                .where(AuditEntry.organization_id == shop.id, AuditEntry.entity_type == entity_type)
                .order_by(AuditEntry.id)
            )
        )


def state(organization_id: int) -> dict[str, list[tuple]]:
    """Everything parts, labour and templates write for an organisation, to compare before/after a request."""
    snapshot = {}
    with session_scope() as session:
        for model in (Part, PartStock, StockMovement, TimeLog, WorkOrderTemplate, WorkOrder, AuditEntry):
            columns = [c for c in model.__table__.c if c.name not in _VOLATILE]
            rows = session.execute(select(*columns).where(model.organization_id == organization_id).order_by(model.id))
            snapshot[model.__tablename__] = [tuple(row) for row in rows]
    return snapshot
