"""Labour through the service layer: manual entries and the start/stop timer, hours × rate = cost, roll-ups into the
work order without touching its version, one running timer per person, and who may log time for whom."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from app.core.db import session_scope, utcnow
from app.core.enums import PrincipalKind, Role
from app.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.core.models import User
from app.core.principal import Principal
from app.work_orders import labour
from app.work_orders.enums import TimeLogSource, WorkOrderStatus
from app.work_orders.models import TimeLog, WorkOrder
from app.work_orders.schemas import TimeLogCreate
from tests.support.organizations import Org, make_member
from tests.support.rows import audit_of, row
from tests.support.services import backdate_running_timers, call, make_job
from tests.support.snapshots import PARTS_AND_LABOUR, snapshot

pytestmark = pytest.mark.usefixtures('backend')


def log(principal: Principal, work_order_id: int, **fields):
    return call(labour.log_time, principal=principal, work_order_id=work_order_id, data=TimeLogCreate(**fields))


def worker(org: Org, rate: str | None = None, *, active: bool = True) -> Principal:
    """A fresh technician (own timer, own rate) so tests do not share running timers."""
    member = make_member(org, Role.TECHNICIAN)
    with session_scope() as session:
        values = {'hourly_rate': None if rate is None else Decimal(rate), 'active': active}
        session.execute(update(User).where(User.id == member.user.id).values(**values))
    return member.principal


def test_a_manual_entry_costs_hours_times_the_default_rate_and_rolls_up(org: Org):
    tech = worker(org)
    order_id = make_job(org)
    version = row(WorkOrder, order_id).version
    before = utcnow()

    entry = log(tech, order_id, hours=Decimal('2.5'), note='replaced seal')
    assert (entry.source, entry.hours, entry.hourly_rate, entry.cost) == (
        TimeLogSource.MANUAL,
        Decimal('2.5'),
        labour.DEFAULT_HOURLY_RATE,
        Decimal('112.50'),
    )
    assert entry.user_id == tech.id and entry.user_name and entry.note == 'replaced seal'
    assert before - timedelta(hours=2.5, seconds=5) <= entry.started_at <= utcnow() - timedelta(hours=2.5)
    assert entry.ended_at - entry.started_at == timedelta(hours=2.5)
    log(tech, order_id, hours=Decimal('0.25'))
    order = row(WorkOrder, order_id)
    assert (order.actual_hours, order.labour_cost, order.version) == (Decimal('2.75'), Decimal('123.75'), version)
    assert [e.hours for e in call(labour.list_time_logs, principal=org.viewer, work_order_id=order_id)] == [
        Decimal('2.5'),
        Decimal('0.25'),
    ]
    assert '2.5 h logged for' in audit_of(org, 'work_order')[-2].summary


def test_a_personal_rate_overrides_the_default_and_costs_round_to_cents(org: Org):
    order_id = make_job(org)
    assert log(worker(org, '60.00'), order_id, hours=Decimal('1.25')).cost == Decimal('75.00')
    entry = log(worker(org, '33.33'), order_id, hours=Decimal('0.33'))
    assert (entry.hourly_rate, entry.cost) == (Decimal('33.33'), Decimal('11.00'))  # 10.9989
    assert row(WorkOrder, order_id).labour_cost == Decimal('86.00')


def test_a_manual_entry_may_say_when_the_work_was_done_but_not_in_the_future(org: Org):
    tech, order_id = worker(org), make_job(org)
    started = datetime(2026, 3, 2, 7, 30, tzinfo=UTC) - timedelta(days=400)
    entry = log(tech, order_id, hours=Decimal(3), started_at=started.astimezone(UTC).isoformat())
    assert entry.started_at == started and entry.ended_at == started + timedelta(hours=3)
    before = snapshot(org.id, PARTS_AND_LABOUR)
    cases = [
        ({'hours': Decimal(1), 'started_at': utcnow() + timedelta(hours=1)}, 'started_at'),
        ({'hours': Decimal(2), 'started_at': utcnow() - timedelta(hours=1)}, 'started_at'),  # ends in the future
        ({}, 'hours'),
        ({'action': 'start', 'hours': Decimal(1)}, 'hours'),
        ({'action': 'stop', 'started_at': utcnow()}, 'started_at'),
    ]
    for fields, name in cases:
        with pytest.raises(ValidationFailed) as failure:
            log(tech, order_id, **fields)
        assert failure.value.errors[0].field == name, fields
    assert snapshot(org.id, PARTS_AND_LABOUR) == before
    for hours in ('0', '24.01', '-1', '1.005'):
        with pytest.raises(ValueError):
            TimeLogCreate(hours=Decimal(hours))
    for started_at in (datetime(2026, 1, 1, 8, 0), 1767254400, '1767254400'):  # no offset; Unix seconds
        with pytest.raises(ValueError, match='started_at'):
            TimeLogCreate(hours=Decimal(1), started_at=started_at)


def test_the_timer_starts_stops_and_rolls_up_its_hours(org: Org):
    tech = worker(org, '50.00')
    order_id = make_job(org)
    version = row(WorkOrder, order_id).version
    started = log(tech, order_id, action='start')
    assert started.ended_at is None and started.source is TimeLogSource.TIMER and started.hours == 0
    running = call(labour.running_timer, principal=tech)
    order = row(WorkOrder, order_id)
    assert (running.id, running.work_order_id, running.work_order_title) == (started.id, order_id, order.title)
    assert running.work_order_number == f'WO-{order.number:06d}'

    backdate_running_timers(90, user_id=tech.id)
    stopped = log(tech, order_id, action='stop')
    assert stopped.id == started.id and stopped.ended_at is not None
    assert (stopped.hours, stopped.cost) == (Decimal('1.50'), Decimal('75.00'))
    assert call(labour.running_timer, principal=tech) is None
    order = row(WorkOrder, order_id)
    assert (order.actual_hours, order.labour_cost, order.version) == (Decimal('1.5'), Decimal('75.00'), version)


def test_one_running_timer_per_person(org: Org):
    tech = worker(org)
    first, second = make_job(org), make_job(org)
    log(tech, first, action='start')
    before = snapshot(org.id, PARTS_AND_LABOUR)
    with pytest.raises(Conflict, match='your timer already runs on'):
        log(tech, first, action='start')
    with pytest.raises(Conflict, match=r'no timer of yours runs on WO-\d+ \(it runs on WO-'):
        log(tech, second, action='stop')
    assert snapshot(org.id, PARTS_AND_LABOUR) == before

    backdate_running_timers(30, user_id=tech.id)
    log(tech, second, action='start')  # moving to the next job stops the previous timer
    assert call(labour.running_timer, principal=tech).work_order_id == second
    assert (row(WorkOrder, first).actual_hours, row(WorkOrder, first).labour_cost) == (Decimal('0.5'), Decimal('22.50'))
    logs = call(labour.list_time_logs, principal=org.viewer, work_order_id=first)
    assert len(logs) == 1 and logs[0].ended_at is not None
    log(tech, second, action='stop')
    with pytest.raises(Conflict, match='no timer of yours'):
        log(tech, second, action='stop')


def test_supervisors_log_time_for_active_people_of_their_organisation_only(org: Org, other: Org):
    tech = worker(org, '40.00')
    order_id = make_job(org)
    entry = log(org.supervisor, order_id, hours=Decimal(1), user_id=tech.id)
    assert (entry.user_id, entry.cost) == (tech.id, Decimal('40.00')), "the person's rate, not the supervisor's"
    started = log(org.admin, order_id, action='start', user_id=tech.id)
    assert call(labour.running_timer, principal=tech).id == started.id
    assert call(labour.running_timer, principal=org.admin) is None
    with pytest.raises(Conflict, match="'s timer already runs"):
        log(org.supervisor, order_id, action='start', user_id=tech.id)
    log(org.supervisor, order_id, action='stop', user_id=tech.id)

    before = snapshot(org.id, PARTS_AND_LABOUR)
    with pytest.raises(Forbidden, match='technician'):
        log(org.technician, order_id, hours=Decimal(1), user_id=tech.id)
    for user_id, message in (
        (other.users[Role.TECHNICIAN].id, 'not found'),
        (worker(org, active=False).id, 'deactivated'),
        (2**63 - 1, 'not found'),  # the largest possible id, no one's
    ):
        with pytest.raises(ValidationFailed) as failure:
            log(org.supervisor, order_id, hours=Decimal(1), user_id=user_id)
        assert failure.value.errors[0].field == 'user_id' and message in failure.value.errors[0].message
    key = Principal(PrincipalKind.API_KEY, 1, org.id, Role.ADMIN, 'integration key')
    with pytest.raises(ValidationFailed, match='user_id'):
        log(key, order_id, hours=Decimal(1))
    assert call(labour.running_timer, principal=key) is None
    assert log(key, order_id, hours=Decimal(1), user_id=tech.id).user_id == tech.id
    state_after = snapshot(org.id, PARTS_AND_LABOUR)
    assert len(state_after['work_order_time_logs']) == len(before['work_order_time_logs']) + 1


def test_time_goes_on_open_work_orders_but_a_timer_can_always_be_stopped(org: Org):
    tech = worker(org)
    for status in (WorkOrderStatus.COMPLETED, WorkOrderStatus.CANCELLED):
        order_id = make_job(org, status=status)
        before = snapshot(org.id, PARTS_AND_LABOUR)
        for fields in ({'hours': Decimal(1)}, {'action': 'start'}):
            with pytest.raises(Conflict, match=status.value):
                log(tech, order_id, **fields)
        assert snapshot(org.id, PARTS_AND_LABOUR) == before
    order_id = make_job(org, status=WorkOrderStatus.ON_HOLD)
    log(tech, order_id, action='start')
    with session_scope() as session:  # cancelled behind the timer's back
        session.execute(update(WorkOrder).where(WorkOrder.id == order_id).values(status=WorkOrderStatus.CANCELLED))
    assert log(tech, order_id, action='stop').ended_at is not None


def test_viewers_cannot_log_time_and_other_organisations_work_orders_are_unknown(org: Org, other: Org):
    order_id, theirs = make_job(org), make_job(other)
    before, other_before = snapshot(org.id, PARTS_AND_LABOUR), snapshot(other.id, PARTS_AND_LABOUR)
    with pytest.raises(Forbidden, match='viewer'):
        log(org.viewer, order_id, hours=Decimal(1))
    for target in (theirs, 2**62):
        with pytest.raises(NotFound):
            log(org.technician, target, hours=Decimal(1))
        with pytest.raises(NotFound):
            call(labour.list_time_logs, principal=org.admin, work_order_id=target)
    assert snapshot(org.id, PARTS_AND_LABOUR) == before and snapshot(other.id, PARTS_AND_LABOUR) == other_before


def test_completing_a_work_order_stops_every_timer_on_it(org: Org):
    first, second = worker(org, '40.00'), worker(org, '80.00')
    order_id = make_job(org)
    version = row(WorkOrder, order_id).version
    log(first, order_id, action='start')
    log(second, order_id, action='start')
    backdate_running_timers(60, user_id=first.id)
    backdate_running_timers(30, user_id=second.id)
    with session_scope() as session:
        assert labour.stop_running_timers(session=session, work_order_id=order_id, at=utcnow()) == 2
    with session_scope() as session:
        assert labour.stop_running_timers(session=session, work_order_id=order_id, at=utcnow()) == 0
    order = row(WorkOrder, order_id)
    assert (order.actual_hours, order.labour_cost, order.version) == (Decimal('1.5'), Decimal('80.00'), version)
    assert call(labour.running_timer, principal=first) is None


def test_two_devices_starting_timers_at_once_leave_one_running(org: Org):
    tech = worker(org)
    orders = [make_job(org) for _ in range(4)]
    start = threading.Barrier(len(orders))

    def tap_start(order_id: int):
        start.wait()
        return log(tech, order_id, action='start')

    with ThreadPoolExecutor(len(orders)) as pool:
        list(pool.map(tap_start, orders))
    with session_scope() as session:
        running = session.scalars(select(TimeLog).where(TimeLog.user_id == tech.id, TimeLog.ended_at.is_(None))).all()
        assert len(running) == 1
        assert session.scalar(select(TimeLog.id).where(TimeLog.user_id == tech.id).order_by(TimeLog.id.desc())) == (
            running[0].id
        )
