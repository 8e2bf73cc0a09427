"""What parts and labour share: locking the work order they land on, and rolling their cost up into it.

The roll-up columns (actual_hours, labour_cost, parts_cost) change through one SQL ``UPDATE … SET x = x + :delta``,
never through the ORM object: ``WorkOrder.version`` is its optimistic lock, and a technician logging an hour must not
make a supervisor's open edit form stale (nor lose an increment made by a concurrent request).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, update
from sqlalchemy.orm import Session

from app.core.errors import Conflict, ValidationFailed
from app.core.numbers import MAX_MONEY
from app.core.principal import Principal
from app.core.scoping import load_scoped
from app.work_orders.enums import OPEN_STATUSES
from app.work_orders.models import WorkOrder
from app.work_orders.schemas import format_number
from app.work_orders.state_machine import label

MAX_HOURS = Decimal('99999999.99')  # NUMERIC(10, 2)


def lock_work_order(session: Session, principal: Principal, work_order_id: int, *, open_for: str = '') -> WorkOrder:
    """The organisation's work order, row-locked until commit; with ``open_for`` it must not be closed (409).

    The lock (FOR NO KEY UPDATE: it does not block rows that merely reference the work order) serialises the
    parts and time of one work order, so "still open" and "net issued so far" cannot change under the caller;
    every writer locks the work order first, so two of them never wait on each other in opposite order.
    """
    order = load_scoped(session, WorkOrder, work_order_id, principal, lock=True)
    if open_for and order.status not in OPEN_STATUSES:
        raise Conflict(f'{format_number(order.number)} is {label(order.status)}: {open_for} an open work order only')
    return order


def add_to_work_order(
    session: Session,
    order: WorkOrder,
    *,
    parts_cost: Decimal = Decimal('0'),
    hours: Decimal = Decimal('0'),
    labour_cost: Decimal = Decimal('0'),
    field: str = 'quantity',
) -> None:
    """Add to the work order's roll-ups in one statement (the version stays: see the module docstring)."""
    check_totals(order, parts_cost=parts_cost, hours=hours, labour_cost=labour_cost, field=field)
    table = WorkOrder.__table__
    values = {}
    if parts_cost:
        values['parts_cost'] = func.round(table.c.parts_cost + parts_cost, 2)
    if labour_cost:
        values['labour_cost'] = func.round(table.c.labour_cost + labour_cost, 2)
    if hours:
        values['actual_hours'] = func.round(table.c.actual_hours + hours, 2)
    if values:
        session.execute(update(table).where(table.c.id == order.id).values(**values))
        # The loaded object would show the old sums; reload them on next access (plain columns, no version bump).
        session.expire(order, ['parts_cost', 'labour_cost', 'actual_hours', 'updated_at'])


def check_totals(
    order: WorkOrder,
    *,
    parts_cost: Decimal = Decimal('0'),
    hours: Decimal = Decimal('0'),
    labour_cost: Decimal = Decimal('0'),
    field: str = 'quantity',
) -> None:
    """Refuse (before anything is written) an addition that the roll-up columns could not hold."""
    # The work order is locked, so the loaded sums are the current ones.
    _check_total(order.parts_cost + parts_cost, 'parts cost', field)
    _check_total(order.labour_cost + labour_cost, 'labour cost', field)
    _check_total(order.actual_hours + hours, 'actual hours', field, limit=MAX_HOURS)


def _check_total(total: Decimal, what: str, field: str, limit: Decimal = MAX_MONEY) -> None:
    if total > limit:
        raise ValidationFailed.field(field, f'the work order {what} would exceed {limit}')
    if total < 0:
        raise Conflict(f'the work order {what} would become negative; reload and try again')
