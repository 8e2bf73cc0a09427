"""What the tables hold, read straight from the database for assertions (detached rows, oldest first)."""

from __future__ import annotations

from decimal import Decimal
from typing import TypeVar

from sqlalchemy import func, select

from app.assets.models import Asset, AssetEvent
from app.core.db import session_scope
from app.core.models import AuditEntry
from app.inventory.models import PartStock, StockMovement
from app.work_orders.models import WorkOrderTransition
from tests.support.organizations import Org

M = TypeVar('M')


def row(model: type[M], row_id: int) -> M | None:
    """One row by primary key."""
    with session_scope() as session:
        return session.get(model, row_id)


def audit_of(org: Org, entity_type: str, entity_id: int | None = None) -> list[AuditEntry]:
    """The organisation's audit entries about one kind of entity (and one entity, when given)."""
    with session_scope() as session:
        query = select(AuditEntry).where(AuditEntry.organization_id == org.id, AuditEntry.entity_type == entity_type)
        if entity_id is not None:
            query = query.where(AuditEntry.entity_id == str(entity_id))
        return list(session.scalars(query.order_by(AuditEntry.id)))


def events_of(asset_id: int) -> list[AssetEvent]:
    """The asset's timeline."""
    with session_scope() as session:
        return list(
            session.scalars(
                select(AssetEvent).where(AssetEvent.asset_id == asset_id).order_by(AssetEvent.at, AssetEvent.id)
            )
        )


def event_count(organization_id: int) -> int:
    """How many asset events the organisation has."""
    with session_scope() as session:
        return (
            session.scalar(
                select(func.count()).select_from(AssetEvent).where(AssetEvent.organization_id == organization_id)
            )
            or 0
        )


def assets_of(organization_id: int) -> dict[str, Asset]:
    """The organisation's assets by code."""
    with session_scope() as session:
        return {a.code: a for a in session.scalars(select(Asset).where(Asset.organization_id == organization_id))}


def transitions_of(work_order_id: int) -> list[WorkOrderTransition]:
    """The work order's status moves."""
    with session_scope() as session:
        return list(
            session.scalars(
                select(WorkOrderTransition)
                .where(WorkOrderTransition.work_order_id == work_order_id)
                .order_by(WorkOrderTransition.id)
            )
        )


def movements_of(part_id: int | None = None, work_order_id: int | None = None) -> list[StockMovement]:
    """Ledger lines of a part, a work order, or both."""
    with session_scope() as session:
        query = select(StockMovement).order_by(StockMovement.id)
        if part_id is not None:
            query = query.where(StockMovement.part_id == part_id)
        if work_order_id is not None:
            query = query.where(StockMovement.work_order_id == work_order_id)
        return list(session.scalars(query))


def on_hand(part_id: int, site_id: int) -> Decimal | None:
    """The part's stock at a site (None: no stock record there)."""
    with session_scope() as session:
        return session.scalar(
            select(PartStock.on_hand).where(PartStock.part_id == part_id, PartStock.site_id == site_id)
        )


def assert_ledger_balances(part_id: int) -> None:
    """Every line's balance_after is the running sum of the quantities at its site."""
    running: dict[int, Decimal] = {}
    for line in movements_of(part_id):
        running[line.site_id] = running.get(line.site_id, Decimal(0)) + line.quantity
        assert line.balance_after == running[line.site_id], line.id
