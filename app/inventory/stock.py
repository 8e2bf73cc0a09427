"""Stock on hand as SQL: each change is one conditional statement, so two people taking the last part at once
can never both succeed (the database decides, not a value read a moment earlier). Also the ledger lines, the
parts' read models and the replay of a work order's movements into its net usage and cost.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql import func

from app.core import events
from app.core.models import Site
from app.core.numbers import money
from app.core.principal import Principal
from app.core.scoping import is_row_id
from app.inventory.enums import StockMovementKind
from app.inventory.events import StockBelowMinimum
from app.inventory.models import Part, PartStock, StockMovement
from app.inventory.schemas import MAX_QUANTITY, PartRead, StockRead, WorkOrderPartRead

_STOCK = PartStock.__table__


def org_sites(session: Session, principal: Principal, site_ids: Iterable[int]) -> dict[int, Site]:
    """The given sites that belong to the principal's organisation, by id (ids of others are simply absent)."""
    wanted = {i for i in site_ids if is_row_id(i)}
    if not wanted:
        return {}
    rows = session.scalars(select(Site).where(Site.id.in_(wanted), Site.organization_id == principal.organization_id))
    return {site.id: site for site in rows}


def org_parts(session: Session, principal: Principal, part_ids: Iterable[int]) -> dict[int, Part]:
    wanted = {i for i in part_ids if is_row_id(i)}
    if not wanted:
        return {}
    rows = session.scalars(select(Part).where(Part.id.in_(wanted), Part.organization_id == principal.organization_id))
    return {part.id: part for part in rows}


def ensure_stock_row(session: Session, organization_id: int, part_id: int, site_id: int) -> None:
    """Create the (part, site) stock row at zero unless it exists; safe against a concurrent creation."""
    insert = postgresql_insert if session.get_bind().dialect.name == 'postgresql' else sqlite_insert
    session.execute(
        insert(_STOCK)
        .values(organization_id=organization_id, part_id=part_id, site_id=site_id)
        .on_conflict_do_nothing(index_elements=['part_id', 'site_id'])
    )


def take_from_stock(session: Session, part_id: int, site_id: int, quantity: Decimal) -> Decimal | None:
    """Take ``quantity`` off the shelf in one conditional UPDATE; the new balance, or None when not enough is left."""
    statement = (
        update(_STOCK)
        .where(_STOCK.c.part_id == part_id, _STOCK.c.site_id == site_id, _STOCK.c.on_hand >= quantity)
        .values(on_hand=func.round(_STOCK.c.on_hand - quantity, 3))  # round: SQLite computes in binary floats
        .returning(_STOCK.c.on_hand)
    )
    return _run_guarded(session, statement)


def put_into_stock(session: Session, part_id: int, site_id: int, quantity: Decimal) -> Decimal | None:
    """Put ``quantity`` on the shelf; the new balance, or None when the row is missing or would overflow."""
    statement = (
        update(_STOCK)
        .where(_STOCK.c.part_id == part_id, _STOCK.c.site_id == site_id, _STOCK.c.on_hand <= MAX_QUANTITY - quantity)
        .values(on_hand=func.round(_STOCK.c.on_hand + quantity, 3))
        .returning(_STOCK.c.on_hand)
    )
    return _run_guarded(session, statement)


def set_stock(session: Session, part_id: int, site_id: int, counted: Decimal) -> Decimal:
    """Set a counted on-hand; returns the difference to what was there (read under the row lock)."""
    current = session.scalar(
        select(_STOCK.c.on_hand).where(_STOCK.c.part_id == part_id, _STOCK.c.site_id == site_id).with_for_update()
    )
    difference = counted - (current or Decimal('0'))
    if difference:
        session.execute(
            update(_STOCK).where(_STOCK.c.part_id == part_id, _STOCK.c.site_id == site_id).values(on_hand=counted)
        )
    return difference


def on_hand(session: Session, part_id: int, site_id: int) -> Decimal:
    found = session.scalar(select(_STOCK.c.on_hand).where(_STOCK.c.part_id == part_id, _STOCK.c.site_id == site_id))
    return found if found is not None else Decimal('0')


def _run_guarded(session: Session, statement) -> Decimal | None:
    # The CHECK (on_hand >= 0) is the last line of defence; hitting it means "not enough", like a miss.
    try:
        with session.begin_nested():
            return session.execute(statement).scalar_one_or_none()
    except IntegrityError:
        return None


def record_movement(
    session: Session,
    principal: Principal,
    part: Part,
    site_id: int,
    kind: StockMovementKind,
    quantity: Decimal,
    balance_after: Decimal,
    *,
    unit_cost: Decimal | None = None,
    work_order_id: int | None = None,
    note: str = '',
) -> StockMovement:
    """Add a ledger line; ``quantity`` is signed (issues negative)."""
    movement = StockMovement(
        organization_id=principal.organization_id,
        part_id=part.id,
        site_id=site_id,
        kind=kind,
        quantity=quantity,
        balance_after=balance_after,
        unit_cost=part.unit_cost if unit_cost is None else unit_cost,
        work_order_id=work_order_id,
        actor_label=principal.label,
        note=note,
    )
    session.add(movement)
    if quantity < 0:
        publish_if_fallen_below_minimum(session, part, site_id, on_hand_before=balance_after - quantity)
    return movement


def publish_if_fallen_below_minimum(
    session: Session, part: Part, site_id: int, *, on_hand_before: Decimal, min_before: Decimal | None = None
) -> None:
    """Publish StockBelowMinimum when the shelf was at or above its minimum and is now below it (once a crossing,
    not once a movement: a shelf that stays low says nothing new)."""
    row = session.execute(
        select(_STOCK.c.on_hand, _STOCK.c.min_stock).where(_STOCK.c.part_id == part.id, _STOCK.c.site_id == site_id)
    ).one_or_none()
    if row is None or not row.on_hand < row.min_stock:
        return
    if on_hand_before < (row.min_stock if min_before is None else min_before):
        return  # it was low already
    events.publish(
        session,
        StockBelowMinimum(
            organization_id=part.organization_id,
            part_id=part.id,
            part_number=part.part_number,
            part_name=part.name,
            site_id=site_id,
            on_hand=row.on_hand,
            min_stock=row.min_stock,
            unit=part.unit,
        ),
    )


def part_reads(session: Session, parts: list[Part], site_id: int | None = None) -> list[PartRead]:
    """Read models of ``parts`` with their stock per site (only ``site_id``'s when given), in one query."""
    if not parts:
        return []
    query = (
        select(PartStock, Site.name)
        .join(Site, Site.id == PartStock.site_id)
        .where(PartStock.part_id.in_([p.id for p in parts]))
        .order_by(Site.name, PartStock.site_id)
    )
    if site_id is not None:
        query = query.where(PartStock.site_id == site_id)
    stock: dict[int, list[StockRead]] = {}
    for row, site_name in session.execute(query):
        stock.setdefault(row.part_id, []).append(
            StockRead(
                site_id=row.site_id,
                site_name=site_name,
                on_hand=row.on_hand,
                min_stock=row.min_stock,
                bin_location=row.bin_location,
                is_low=row.on_hand < row.min_stock,
            )
        )
    reads = []
    for part in parts:
        levels = stock.get(part.id, [])
        reads.append(
            PartRead.model_validate(part).model_copy(
                update={
                    'stock': levels,
                    'total_on_hand': sum((s.on_hand for s in levels), Decimal('0')),
                    'is_low': any(s.is_low for s in levels),
                }
            )
        )
    return reads


def low_stock_condition(site_id: int | None = None):
    """SQL: the part has a stock row below its minimum (at ``site_id`` when given)."""
    query = select(PartStock.id).where(PartStock.part_id == Part.id, PartStock.on_hand < PartStock.min_stock)
    if site_id is not None:
        query = query.where(PartStock.site_id == site_id)
    return query.exists()


@dataclass
class Usage:
    """A part's net use on one work order: quantity issued minus returned, and its cost."""

    quantity: Decimal = Decimal('0')
    cost: Decimal = Decimal('0')

    def cost_of_return(self, quantity: Decimal) -> Decimal:
        # Returns are valued at the average cost of what was issued (a full return gives back exactly the cost),
        # so a price change between issue and return can never make the work order's parts cost drift.
        if quantity >= self.quantity:
            return self.cost
        return money(self.cost * quantity / self.quantity)

    def apply(self, kind: StockMovementKind, quantity: Decimal, unit_cost: Decimal) -> Decimal:
        """Book one movement (quantity positive); returns the change of cost."""
        if kind is StockMovementKind.ISSUE:
            delta = money(quantity * unit_cost)
            self.quantity += quantity
        else:
            delta = -self.cost_of_return(quantity)
            self.quantity -= quantity
        self.cost += delta
        return delta


def work_order_usage(session: Session, work_order_id: int) -> dict[int, Usage]:
    """Net use per part on a work order, replayed from its ledger lines in order."""
    usage: dict[int, Usage] = {}
    rows = session.execute(
        select(StockMovement.part_id, StockMovement.kind, StockMovement.quantity, StockMovement.unit_cost)
        .where(
            StockMovement.work_order_id == work_order_id,
            StockMovement.kind.in_([StockMovementKind.ISSUE, StockMovementKind.RETURN]),
        )
        .order_by(StockMovement.id)
    )
    for part_id, kind, quantity, unit_cost in rows:
        usage.setdefault(part_id, Usage()).apply(kind, abs(quantity), unit_cost)
    return usage


def work_order_part_reads(session: Session, work_order_id: int) -> list[WorkOrderPartRead]:
    """The parts used on a work order (net of returns; fully returned parts are left out), by part number."""
    usage = {part_id: used for part_id, used in work_order_usage(session, work_order_id).items() if used.quantity}
    if not usage:
        return []
    parts = session.scalars(select(Part).where(Part.id.in_(usage)).order_by(Part.part_number))
    return [
        WorkOrderPartRead(
            part_id=part.id,
            part_number=part.part_number,
            name=part.name,
            unit=part.unit,
            quantity=usage[part.id].quantity,
            cost=usage[part.id].cost,
        )
        for part in parts
    ]
