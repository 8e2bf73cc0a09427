"""The small demo's work orders in a fresh database: two years of history that adds up, and an open backlog.

What a supervisor or technician would notice: about 2,000 work orders of many kinds over two years; closed ones
with a believable order of events; costs that equal their time logs and parts; a parts store that never went
below zero (with some shelves below their minimum); Tina's day with overdue work and work due today.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app import demo
from app.core.db import session_scope
from app.core.models import Site, User
from app.core.numbers import money
from app.core.principal import Principal
from app.inventory.models import Part, PartStock, StockMovement
from app.work_orders import service
from app.work_orders.enums import OPEN_STATUSES, StepState, WorkOrderStatus, WorkType
from app.work_orders.models import TimeLog, WorkOrder, WorkOrderCounter, WorkOrderStep, WorkOrderTransition
from app.work_orders.schemas import WorkOrderFilter
from tests.support.databases import OwnDatabases

S = WorkOrderStatus


@pytest.fixture(params=['sqlite', 'postgresql'])
def loaded(request: pytest.FixtureRequest, own_databases: OwnDatabases) -> str:
    """A fresh database of one backend with the small demo loaded; the previous database is current afterwards."""
    own_databases.make(request.param, prefix='cmms_wo_demo')
    assert demo.load_demo('small') is True
    return request.param


def test_the_work_order_demo_runs_after_the_assets():
    from app.domains import ASSETS, DOMAINS, WORK_ORDERS

    assert DOMAINS.index(WORK_ORDERS) > DOMAINS.index(ASSETS)


def test_two_years_of_mixed_work_with_an_open_backlog(loaded):
    now = datetime.now(UTC)
    with session_scope() as session:
        orders = session.scalars(select(WorkOrder)).all()
        last_number = session.scalar(select(WorkOrderCounter.last_number))
    assert 1_800 <= len(orders) <= 2_300
    assert sorted(o.number for o in orders) == list(range(1, len(orders) + 1)) and last_number == len(orders)
    created = [o.created_at for o in orders]
    assert min(created) < now - timedelta(days=700) and max(created) > now - timedelta(days=2)
    types = Counter(o.work_type for o in orders)
    assert types.most_common(1)[0][0] is WorkType.PREVENTIVE
    assert all(types[t] > 20 for t in WorkType)  # every kind of work, emergencies and calibrations included
    statuses = Counter(o.status for o in orders)
    assert statuses[S.COMPLETED] > 0.8 * len(orders)
    assert all(statuses[s] > 0 for s in S)
    overdue = [o for o in orders if o.status in OPEN_STATUSES and o.due_at < now]
    assert len(overdue) >= 10
    corrective = [o for o in orders if o.work_type is WorkType.CORRECTIVE and o.status is S.COMPLETED]
    assert all(o.failure_problem and o.failure_cause and o.failure_remedy for o in corrective)
    assert len({o.failure_problem for o in corrective}) > 15


def test_closed_work_has_ordered_timestamps_and_a_matching_history(loaded):
    with session_scope() as session:
        orders = session.scalars(select(WorkOrder)).all()
        moves = session.execute(
            select(WorkOrderTransition.work_order_id, WorkOrderTransition.from_status, WorkOrderTransition.to_status,
                   WorkOrderTransition.at).order_by(WorkOrderTransition.work_order_id, WorkOrderTransition.id)
        ).all()  # fmt: skip
    history = defaultdict(list)
    for work_order_id, before, after, at in moves:
        history[work_order_id].append((before, after, at))
    for order in orders:
        steps = history[order.id]
        assert steps[0][0] is None and steps[-1][1] is order.status, order.number
        assert all(a[1] is b[0] and a[2] <= b[2] for a, b in pairwise(steps)), order.number
        if order.status is S.COMPLETED:
            assert order.created_at <= order.scheduled_at <= order.started_at <= order.completed_at, order.number
            assert order.completed_at == steps[-1][2] and order.updated_at >= order.completed_at
        if order.status is S.CANCELLED:
            assert order.created_at <= order.cancelled_at and order.completed_at is None


def test_roll_ups_equal_the_time_logs_and_parts_written(loaded):
    with session_scope() as session:
        orders = {o.id: o for o in session.scalars(select(WorkOrder))}
        logs = session.execute(
            select(TimeLog.work_order_id, func.sum(TimeLog.hours), func.sum(TimeLog.cost)).group_by(
                TimeLog.work_order_id
            )
        ).all()
        issues = session.execute(
            select(StockMovement.work_order_id, StockMovement.quantity, StockMovement.unit_cost).where(
                StockMovement.work_order_id.is_not(None)
            )
        ).all()
        pending_on_completed = session.scalar(
            select(func.count())
            .select_from(WorkOrderStep)
            .join(WorkOrder, WorkOrder.id == WorkOrderStep.work_order_id)
            .where(WorkOrder.status == S.COMPLETED, WorkOrderStep.required.is_(True))
            .where(WorkOrderStep.state == StepState.PENDING)
        )
    hours = {wo: (Decimal(h), Decimal(c)) for wo, h, c in logs}
    parts = defaultdict(Decimal)
    for work_order_id, quantity, unit_cost in issues:
        parts[work_order_id] += money(-quantity * unit_cost)
    for order in orders.values():
        logged_hours, logged_cost = hours.get(order.id, (Decimal('0'), Decimal('0')))
        assert (order.actual_hours, order.labour_cost) == (logged_hours, logged_cost), order.number
        assert order.parts_cost == parts.get(order.id, Decimal('0')), order.number
    completed = [o for o in orders.values() if o.status is S.COMPLETED]
    assert sum(1 for o in completed if o.actual_hours > 0) == len(completed)
    assert sum(1 for o in completed if o.parts_cost > 0) > 0.2 * len(completed)
    assert pending_on_completed == 0


def test_the_parts_store_never_went_negative_and_some_shelves_are_low(loaded):
    with session_scope() as session:
        parts = session.scalar(select(func.count()).select_from(Part))
        stock = session.scalars(select(PartStock)).all()
        movements = session.execute(
            select(StockMovement.part_id, StockMovement.site_id, StockMovement.quantity, StockMovement.balance_after)
            .order_by(StockMovement.part_id, StockMovement.site_id, StockMovement.at, StockMovement.id)
        ).all()  # fmt: skip
    assert 140 <= parts <= 160 and len(stock) == 3 * parts
    running: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for part_id, site_id, quantity, balance_after in movements:
        running[part_id, site_id] += quantity
        assert running[part_id, site_id] == balance_after >= 0
    assert all(row.on_hand == running[row.part_id, row.site_id] >= 0 for row in stock)
    assert 5 <= sum(1 for row in stock if row.on_hand < row.min_stock) <= 0.2 * len(stock)


def test_tina_has_overdue_work_and_work_due_today(loaded):
    now = datetime.now(UTC)
    with session_scope() as session:
        tina = session.scalar(select(User).where(User.email == 'technician@demo.example'))
        zone = ZoneInfo(session.get(Site, tina.site_id).timezone)
        colleagues = session.scalar(select(func.count()).select_from(User).where(User.role == 'technician'))
        principal = Principal.system(tina.organization_id)
        mine = service.list_work_orders(
            session=session, principal=principal,
            filters=WorkOrderFilter(assignee_id=tina.id, status=['open'], sort='due_at', descending=False, limit=100),
        ).items  # fmt: skip
        first = service.get_work_order(session=session, principal=principal, work_order_id=mine[0].id)
    end_of_today = datetime.combine(now.astimezone(zone).date() + timedelta(days=1), time(0), zone)
    assert colleagues >= 7
    assert 5 <= len(mine) <= 20
    assert sum(1 for wo in mine if wo.is_overdue) >= 2
    assert sum(1 for wo in mine if not wo.is_overdue and wo.due_at < end_of_today) >= 2
    assert {wo.status for wo in mine} >= {S.SCHEDULED, S.IN_PROGRESS, S.ON_HOLD}
    assert first.is_overdue and first.steps and all(step.state is StepState.PENDING for step in first.steps)


def test_a_second_load_creates_nothing(loaded):
    with session_scope() as session:
        before = session.scalar(select(func.count()).select_from(WorkOrder))
    assert demo.load_demo('small') is False
    with session_scope() as session:
        assert session.scalar(select(func.count()).select_from(WorkOrder)) == before
        assert session.scalar(select(func.count()).select_from(Part)) < 200


def test_the_demo_catalogue_offers_codes_for_each_broken_asset_type_and_closed_repairs_use_them(loaded):
    from app.assets.models import Asset
    from app.work_orders.models import FailureCode

    with session_scope() as session:
        entries = session.execute(select(FailureCode.asset_type, FailureCode.kind, FailureCode.code)).all()
        types_with_repairs = set(
            session.scalars(
                select(Asset.asset_type)
                .join(WorkOrder, WorkOrder.asset_id == Asset.id)
                .where(WorkOrder.work_type == WorkType.CORRECTIVE)
                .distinct()
            )
        )
        closed = session.execute(
            select(Asset.asset_type, WorkOrder.failure_problem, WorkOrder.failure_cause, WorkOrder.failure_remedy)
            .join(Asset, Asset.id == WorkOrder.asset_id)
            .where(WorkOrder.work_type == WorkType.CORRECTIVE, WorkOrder.status == S.COMPLETED)
        ).all()
    offered = {(t, k.value, c) for t, k, c in entries}
    for asset_type in types_with_repairs:  # every type that breaks has all three lists
        assert {k for t, k, _ in offered if t == asset_type} == {'problem', 'cause', 'remedy'}, asset_type
    for asset_type, problem, cause, remedy in closed:
        assert {(asset_type, 'problem', problem), (asset_type, 'cause', cause), (asset_type, 'remedy', remedy)} <= (
            offered
        )
