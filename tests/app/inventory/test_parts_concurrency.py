"""Two technicians taking the last part at once, with real threads and connections: exactly one gets it, the other
a clear 409, and stock never goes below zero. On PostgreSQL the conditional UPDATE's row lock decides; on SQLite
BEGIN IMMEDIATE serialises the transactions."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest

from app.core.db import session_scope
from app.core.errors import Conflict
from app.inventory.enums import StockMovementKind
from app.inventory.schemas import WorkOrderPartRead
from app.work_orders import parts
from app.work_orders.models import WorkOrder
from app.work_orders.schemas import PartUse
from tests.support.organizations import Org
from tests.support.rows import assert_ledger_balances, movements_of, on_hand, row
from tests.support.services import make_job, make_part

pytestmark = pytest.mark.usefixtures('backend')


def take(org: Org, work_order_id: int, part_id: int) -> list[WorkOrderPartRead] | Conflict:
    """One request in its own transaction and connection; a Conflict is returned, anything else raises."""
    try:
        with session_scope() as session:
            return parts.use_parts(
                session=session,
                principal=org.technician,
                work_order_id=work_order_id,
                data=PartUse(part_id=part_id, quantity=Decimal(1)),
            )
    except Conflict as conflict:
        return conflict


@pytest.mark.parametrize('same_work_order', [False, True], ids=['two work orders', 'one work order'])
def test_two_people_taking_the_last_part_at_once_one_gets_it(org: Org, same_work_order: bool):
    part = make_part(org, {org.site_id: 1}, name='Last bearing')
    first = make_job(org)
    orders = [first, first if same_work_order else make_job(org)]
    start = threading.Barrier(2)

    def race(order_id: int):
        start.wait()
        return take(org, order_id, part.id)

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(race, orders))

    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(conflicts) == 1, results
    assert conflicts[0].detail.startswith('only 0 pcs of Last bearing left at')
    assert on_hand(part.id, org.site_id) == 0
    assert [(m.kind, m.balance_after) for m in movements_of(part.id)][1:] == [(StockMovementKind.ISSUE, 0)]
    assert sum(row(WorkOrder, order_id).parts_cost for order_id in set(orders)) == Decimal('10.00')


def test_many_people_racing_for_few_parts_never_drive_stock_negative(org: Org):
    part = make_part(org, {org.site_id: 3})
    orders = [make_job(org) for _ in range(8)]
    start = threading.Barrier(len(orders))

    def race(order_id: int):
        start.wait()
        return take(org, order_id, part.id)

    with ThreadPoolExecutor(len(orders)) as pool:
        results = list(pool.map(race, orders))

    assert sum(not isinstance(r, Conflict) for r in results) == 3
    assert on_hand(part.id, org.site_id) == 0
    issues = [m for m in movements_of(part.id) if m.kind is StockMovementKind.ISSUE]
    assert sorted(m.balance_after for m in issues) == [0, 1, 2]
    assert_ledger_balances(part.id)
    assert sum(row(WorkOrder, order_id).parts_cost for order_id in orders) == Decimal('30.00')


def test_the_second_taker_waits_for_the_first_and_then_sees_the_shelf_empty(org: Org):
    """Not a read-then-write race: the second request is decided on the committed stock, not on what it read."""
    part = make_part(org, {org.site_id: 1})
    first_order, second_order = make_job(org), make_job(org)
    taken, release = threading.Event(), threading.Event()

    def first_taker():
        with session_scope() as session:
            parts.use_parts(
                session=session,
                principal=org.technician,
                work_order_id=first_order,
                data=PartUse(part_id=part.id, quantity=Decimal(1)),
            )
            taken.set()
            assert release.wait(10)  # hold the transaction open: the part is taken but not yet committed

    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(first_taker)
        assert taken.wait(10)
        second = pool.submit(take, org, second_order, part.id)
        with pytest.raises(TimeoutError):
            second.result(timeout=0.5)  # blocked by the first transaction
        release.set()
        first.result(timeout=10)
        outcome = second.result(timeout=10)

    assert isinstance(outcome, Conflict) and 'only 0 pcs' in outcome.detail
    assert on_hand(part.id, org.site_id) == 0
    assert [m.work_order_id for m in movements_of(part.id) if m.kind is StockMovementKind.ISSUE] == [first_order]
