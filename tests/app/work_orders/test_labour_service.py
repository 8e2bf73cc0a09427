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
from tests.app.work_orders.parts_support import Shop, audit_of, call, make_work_order, new_shop, state, work_order
from tests.factories import add_member, for_each_backend

pytestmark = pytest.mark.usefixtures('backend')


@pytest.fixture(scope='module')
def shops(database_urls: dict[str, str]) -> dict[str, tuple[Shop, Shop]]:
    return for_each_backend(database_urls, lambda: (new_shop(), new_shop()))


@pytest.fixture
def shop(backend: str, shops: dict[str, tuple[Shop, Shop]]) -> Shop:
    return shops[backend][0]


@pytest.fixture
def other(backend: str, shops: dict[str, tuple[Shop, Shop]]) -> Shop:
    return shops[backend][1]


def log(principal: Principal, work_order_id: int, **fields):
    return call(labour.log_time, principal=principal, work_order_id=work_order_id, data=TimeLogCreate(**fields))


def worker(shop: Shop, rate: str | None = None, *, active: bool = True) -> Principal:
    """A fresh technician (own timer, own rate) so tests do not share running timers."""
    member = add_member(shop.id, Role.TECHNICIAN, password_hash='not-used')
    with session_scope() as session:
        values = {'hourly_rate': None if rate is None else Decimal(rate), 'active': active}
        session.execute(update(User).where(User.id == member.user.id).values(**values))
    return member.principal


def backdate_running_timer(user_id: int, minutes: int) -> None:
    with session_scope() as session:
        session.execute(
            update(TimeLog)
            .where(TimeLog.user_id == user_id, TimeLog.ended_at.is_(None))
            .values(started_at=utcnow() - timedelta(minutes=minutes))
        )


def test_a_manual_entry_costs_hours_times_the_default_rate_and_rolls_up(shop: Shop):
    tech = worker(shop)
    order_id = make_work_order(shop)
    version = work_order(order_id).version
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
    order = work_order(order_id)
    assert (order.actual_hours, order.labour_cost, order.version) == (Decimal('2.75'), Decimal('123.75'), version)
    assert [e.hours for e in call(labour.list_time_logs, principal=shop.viewer, work_order_id=order_id)] == [
        Decimal('2.5'),
        Decimal('0.25'),
    ]
    assert '2.5 h logged for' in audit_of(shop, 'work_order')[-2].summary


def test_a_personal_rate_overrides_the_default_and_costs_round_to_cents(shop: Shop):
    order_id = make_work_order(shop)
    assert log(worker(shop, '60.00'), order_id, hours=Decimal('1.25')).cost == Decimal('75.00')
    entry = log(worker(shop, '33.33'), order_id, hours=Decimal('0.33'))
    assert (entry.hourly_rate, entry.cost) == (Decimal('33.33'), Decimal('11.00'))  # 10.9989
    assert work_order(order_id).labour_cost == Decimal('86.00')


def test_a_manual_entry_may_say_when_the_work_was_done_but_not_in_the_future(shop: Shop):
    tech, order_id = worker(shop), make_work_order(shop)
    started = datetime(2026, 3, 2, 7, 30, tzinfo=UTC) - timedelta(days=400)
    entry = log(tech, order_id, hours=Decimal(3), started_at=started.astimezone(UTC).isoformat())
    assert entry.started_at == started and entry.ended_at == started + timedelta(hours=3)
    before = state(shop.id)
    cases = [
        ({'hours': Decimal(1), 'started_at': utcnow() + timedelta(hours=1)}, 'started_at'),
        ({'hours': Decimal(2), 'started_at': utcnow() - timedelta(hours=1)}, 'started_at'),  # ends in the future
        ({'hours': Decimal(1), 'started_at': datetime(2026, 1, 1, 8, 0)}, 'started_at'),  # no offset
        ({}, 'hours'),
        ({'action': 'start', 'hours': Decimal(1)}, 'hours'),
        ({'action': 'stop', 'started_at': utcnow()}, 'started_at'),
    ]
    for fields, name in cases:
        with pytest.raises(ValidationFailed) as failure:
            log(tech, order_id, **fields)
        assert failure.value.errors[0].field == name, fields
    assert state(shop.id) == before
    for hours in ('0', '24.01', '-1', '1.005'):
        with pytest.raises(ValueError):
            TimeLogCreate(hours=Decimal(hours))


def test_the_timer_starts_stops_and_rolls_up_its_hours(shop: Shop):
    tech = worker(shop, '50.00')
    order_id = make_work_order(shop)
    version = work_order(order_id).version
    started = log(tech, order_id, action='start')
    assert started.ended_at is None and started.source is TimeLogSource.TIMER and started.hours == 0
    running = call(labour.running_timer, principal=tech)
    order = work_order(order_id)
    assert (running.id, running.work_order_id, running.work_order_title) == (started.id, order_id, order.title)
    assert running.work_order_number == f'WO-{order.number:06d}'

    backdate_running_timer(tech.id, 90)
    stopped = log(tech, order_id, action='stop')
    assert stopped.id == started.id and stopped.ended_at is not None
    assert (stopped.hours, stopped.cost) == (Decimal('1.50'), Decimal('75.00'))
    assert call(labour.running_timer, principal=tech) is None
    order = work_order(order_id)
    assert (order.actual_hours, order.labour_cost, order.version) == (Decimal('1.5'), Decimal('75.00'), version)


def test_one_running_timer_per_person(shop: Shop):
    tech = worker(shop)
    first, second = make_work_order(shop), make_work_order(shop)
    log(tech, first, action='start')
    before = state(shop.id)
    with pytest.raises(Conflict, match='your timer already runs on'):
        log(tech, first, action='start')
    with pytest.raises(Conflict, match=r'no timer of yours runs on WO-\d+ \(it runs on WO-'):
        log(tech, second, action='stop')
    assert state(shop.id) == before

    backdate_running_timer(tech.id, 30)
    log(tech, second, action='start')  # moving to the next job stops the previous timer
    assert call(labour.running_timer, principal=tech).work_order_id == second
    assert (work_order(first).actual_hours, work_order(first).labour_cost) == (Decimal('0.5'), Decimal('22.50'))
    logs = call(labour.list_time_logs, principal=shop.viewer, work_order_id=first)
    assert len(logs) == 1 and logs[0].ended_at is not None
    log(tech, second, action='stop')
    with pytest.raises(Conflict, match='no timer of yours'):
        log(tech, second, action='stop')


def test_supervisors_log_time_for_active_people_of_their_organisation_only(shop: Shop, other: Shop):
    tech = worker(shop, '40.00')
    order_id = make_work_order(shop)
    entry = log(shop.supervisor, order_id, hours=Decimal(1), user_id=tech.id)
    assert (entry.user_id, entry.cost) == (tech.id, Decimal('40.00')), "the person's rate, not the supervisor's"
    started = log(shop.admin, order_id, action='start', user_id=tech.id)
    assert call(labour.running_timer, principal=tech).id == started.id
    assert call(labour.running_timer, principal=shop.admin) is None
    with pytest.raises(Conflict, match="'s timer already runs"):
        log(shop.supervisor, order_id, action='start', user_id=tech.id)
    log(shop.supervisor, order_id, action='stop', user_id=tech.id)

    before = state(shop.id)
    with pytest.raises(Forbidden, match='technician'):
        log(shop.technician, order_id, hours=Decimal(1), user_id=tech.id)
    for user_id, message in (
        (other.users[Role.TECHNICIAN].id, 'not found'),
        (worker(shop, active=False).id, 'deactivated'),
        (2**63, 'not found'),
    ):
        with pytest.raises(ValidationFailed) as failure:
            log(shop.supervisor, order_id, hours=Decimal(1), user_id=user_id)
        assert failure.value.errors[0].field == 'user_id' and message in failure.value.errors[0].message
    key = Principal(PrincipalKind.API_KEY, 1, shop.id, Role.ADMIN, 'integration key')
    with pytest.raises(ValidationFailed, match='user_id'):
        log(key, order_id, hours=Decimal(1))
    assert call(labour.running_timer, principal=key) is None
    assert log(key, order_id, hours=Decimal(1), user_id=tech.id).user_id == tech.id
    state_after = state(shop.id)
    assert len(state_after['work_order_time_logs']) == len(before['work_order_time_logs']) + 1


def test_time_goes_on_open_work_orders_but_a_timer_can_always_be_stopped(shop: Shop):
    tech = worker(shop)
    for status in (WorkOrderStatus.COMPLETED, WorkOrderStatus.CANCELLED):
        order_id = make_work_order(shop, status=status)
        before = state(shop.id)
        for fields in ({'hours': Decimal(1)}, {'action': 'start'}):
            with pytest.raises(Conflict, match=status.value):
                log(tech, order_id, **fields)
        assert state(shop.id) == before
    order_id = make_work_order(shop, status=WorkOrderStatus.ON_HOLD)
    log(tech, order_id, action='start')
    with session_scope() as session:  # cancelled behind the timer's back
        session.execute(update(WorkOrder).where(WorkOrder.id == order_id).values(status=WorkOrderStatus.CANCELLED))
    assert log(tech, order_id, action='stop').ended_at is not None


def test_viewers_cannot_log_time_and_other_organisations_work_orders_are_unknown(shop: Shop, other: Shop):
    order_id, theirs = make_work_order(shop), make_work_order(other)
    before, other_before = state(shop.id), state(other.id)
    with pytest.raises(Forbidden, match='viewer'):
        log(shop.viewer, order_id, hours=Decimal(1))
    for target in (theirs, 2**62):
        with pytest.raises(NotFound):
            log(shop.technician, target, hours=Decimal(1))
        with pytest.raises(NotFound):
            call(labour.list_time_logs, principal=shop.admin, work_order_id=target)
    assert state(shop.id) == before and state(other.id) == other_before


def test_completing_a_work_order_stops_every_timer_on_it(shop: Shop):
    first, second = worker(shop, '40.00'), worker(shop, '80.00')
    order_id = make_work_order(shop)
    version = work_order(order_id).version
    log(first, order_id, action='start')
    log(second, order_id, action='start')
    backdate_running_timer(first.id, 60)
    backdate_running_timer(second.id, 30)
    with session_scope() as session:
        assert labour.stop_running_timers(session=session, work_order_id=order_id, at=utcnow()) == 2
    with session_scope() as session:
        assert labour.stop_running_timers(session=session, work_order_id=order_id, at=utcnow()) == 0
    order = work_order(order_id)
    assert (order.actual_hours, order.labour_cost, order.version) == (Decimal('1.5'), Decimal('80.00'), version)
    assert call(labour.running_timer, principal=first) is None


def test_two_devices_starting_timers_at_once_leave_one_running(shop: Shop):
    tech = worker(shop)
    orders = [make_work_order(shop) for _ in range(4)]
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
