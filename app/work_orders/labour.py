"""Labour on work orders: a start/stop timer per person and manual entries; hours × rate = cost, rolled up.

One running timer per person: starting a timer while another runs on a *different* work order stops that one
first (a technician walking to the next job taps start, not stop-then-start); starting it again on the *same*
work order is refused (409), so a double tap never loses the original start time. A person's timers are
serialised by locking their user row, so two devices cannot start two timers at once. Every labour path locks
in one order (the person, then work orders, then time logs), the order in which completing a work order reaches
its timers, so two requests never wait on each other in a circle.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.core import audit
from app.core.db import utcnow
from app.core.enums import AuditAction
from app.core.errors import Conflict, ValidationFailed
from app.core.models import User
from app.core.numbers import money
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.scoping import find_scoped, load_scoped
from app.work_orders.enums import TimeLogSource
from app.work_orders.models import TimeLog, WorkOrder
from app.work_orders.rollups import add_to_work_order, check_totals, lock_work_order
from app.work_orders.schemas import RunningTimerRead, TimeLogCreate, TimeLogRead, format_number

# The rate of a person without their own ``User.hourly_rate`` (currency of the organisation).
DEFAULT_HOURLY_RATE = Decimal('45.00')
HOUR = Decimal('3600')


def log_time(*, session: Session, principal: Principal, work_order_id: int, data: TimeLogCreate) -> TimeLogRead:
    """Start or stop a timer, or add a manual entry (``hours``, optionally from ``started_at``) to a work order."""
    require(principal, Permission.WORK_ORDERS_EXECUTE)
    if data.action != 'manual':
        for name in ('hours', 'started_at'):
            if getattr(data, name) is not None:
                raise ValidationFailed.field(name, f'only for manual entries, not with action {data.action!r}')
    # Lock order, the same in every labour path: the person, then the work order(s), then their time logs.
    user = _worker(session, principal, data.user_id)
    order = lock_work_order(
        session, principal, work_order_id, open_for='' if data.action == 'stop' else 'time is logged on'
    )
    now = utcnow()
    if data.action == 'start':
        return _start(session, principal, order, user, now, data.note)
    if data.action == 'stop':
        return _stop_own(session, principal, order, user, now)
    return _manual(session, principal, order, user, now, data)


def running_timer(*, session: Session, principal: Principal) -> RunningTimerRead | None:
    """The caller's running timer, or None (always None for an API key: timers belong to people)."""
    require(principal, Permission.WORK_ORDERS_READ)
    if principal.user_id is None:
        return None
    row = session.execute(
        select(TimeLog, WorkOrder.number, WorkOrder.title, User.name)
        .join(WorkOrder, WorkOrder.id == TimeLog.work_order_id)
        .join(User, User.id == TimeLog.user_id)
        .where(
            TimeLog.user_id == principal.user_id,
            TimeLog.organization_id == principal.organization_id,
            TimeLog.ended_at.is_(None),
        )
        .order_by(TimeLog.started_at.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    log, number, title, user_name = row
    return RunningTimerRead(
        **_read(log, user_name).model_dump(),
        work_order_id=log.work_order_id,
        work_order_number=format_number(number),
        work_order_title=title,
    )


def list_time_logs(*, session: Session, principal: Principal, work_order_id: int) -> list[TimeLogRead]:
    """A work order's time entries (running timers included), oldest first, with the person's name."""
    require(principal, Permission.WORK_ORDERS_READ)
    order = load_scoped(session, WorkOrder, work_order_id, principal)
    rows = session.execute(
        select(TimeLog, User.name)
        .join(User, User.id == TimeLog.user_id)
        .where(TimeLog.work_order_id == order.id)
        .order_by(TimeLog.started_at, TimeLog.id)
    )
    return [_read(log, name) for log, name in rows]


def stop_running_timers(*, session: Session, work_order_id: int, at: datetime) -> int:
    """Stop every running timer on a work order at ``at`` and roll them up (the work order completes); how many."""
    order = session.get(WorkOrder, work_order_id)
    logs = session.scalars(
        select(TimeLog).where(TimeLog.work_order_id == work_order_id, TimeLog.ended_at.is_(None)).order_by(TimeLog.id)
    ).all()
    stopped = 0
    for log in logs:
        stopped += _finish(session, order, log, at)
    return stopped


def _start(
    session: Session, principal: Principal, order: WorkOrder, user: User, now: datetime, note: str
) -> TimeLogRead:
    running = _running_of(session, user.id)
    if running is not None and running.work_order_id == order.id:
        raise Conflict(
            f'{_whose(principal, user)} timer already runs on {format_number(order.number)} '
            f'since {running.started_at:%Y-%m-%d %H:%M} UTC'
        )
    if running is not None:
        # One timer per person: the previous job's timer stops as the next one starts.
        previous = lock_work_order(session, principal, running.work_order_id)
        _finish(session, previous, running, now)
    log = TimeLog(
        organization_id=principal.organization_id,
        work_order_id=order.id,
        user_id=user.id,
        source=TimeLogSource.TIMER,
        started_at=now,
        hourly_rate=_rate(user),
        note=note,
    )
    session.add(log)
    session.flush()
    session.refresh(log)  # decimals as stored
    _audit(session, principal, order, f'timer started for {user.name}', log)
    return _read(log, user.name)


def _stop_own(session: Session, principal: Principal, order: WorkOrder, user: User, now: datetime) -> TimeLogRead:
    running = _running_of(session, user.id)
    if running is None or running.work_order_id != order.id:
        elsewhere = ''
        if running is not None:
            other = session.get(WorkOrder, running.work_order_id)
            elsewhere = f' (it runs on {format_number(other.number)})'
        raise Conflict(f'no timer of {_whom(principal, user)} runs on {format_number(order.number)}{elsewhere}')
    _finish(session, order, running, now)
    _audit(session, principal, order, f'timer stopped for {user.name}: {running.hours} h', running)
    return _read(running, user.name)


def _manual(
    session: Session, principal: Principal, order: WorkOrder, user: User, now: datetime, data: TimeLogCreate
) -> TimeLogRead:
    if data.hours is None:
        raise ValidationFailed.field('hours', 'a manual entry needs the hours worked (more than 0, at most 24)')
    started_at = _start_of_manual_entry(data, now)
    rate = _rate(user)
    cost = money(data.hours * rate)
    check_totals(order, hours=data.hours, labour_cost=cost, field='hours')
    log = TimeLog(
        organization_id=principal.organization_id,
        work_order_id=order.id,
        user_id=user.id,
        source=TimeLogSource.MANUAL,
        started_at=started_at,
        ended_at=started_at + timedelta(hours=float(data.hours)),
        hours=data.hours,
        hourly_rate=rate,
        cost=cost,
        note=data.note,
    )
    session.add(log)
    add_to_work_order(session, order, hours=data.hours, labour_cost=cost, field='hours')
    session.flush()
    session.refresh(log)  # decimals as stored
    _audit(session, principal, order, f'{data.hours} h logged for {user.name}', log)
    return _read(log, user.name)


def _start_of_manual_entry(data: TimeLogCreate, now: datetime) -> datetime:
    if data.started_at is None:
        return now - timedelta(hours=float(data.hours))
    if data.started_at.tzinfo is None:
        raise ValidationFailed.field('started_at', 'give the time with its offset, e.g. 2026-03-01T08:00:00+01:00')
    try:
        started_at = data.started_at.astimezone(now.tzinfo)
        ends_at = started_at + timedelta(hours=float(data.hours))
    except (OverflowError, ValueError):
        raise ValidationFailed.field('started_at', 'out of range') from None
    if ends_at > now + timedelta(minutes=1):
        raise ValidationFailed.field('started_at', 'the entry would end in the future')
    return started_at


def _finish(session: Session, order: WorkOrder, log: TimeLog, at: datetime) -> int:
    """Stop a running timer and roll it up; 0 when someone else stopped it meanwhile."""
    hours = max(Decimal('0'), Decimal(str((at - log.started_at).total_seconds())) / HOUR).quantize(Decimal('0.01'))
    cost = money(hours * log.hourly_rate)
    table = TimeLog.__table__
    # Conditional, like the stock: of two requests stopping one timer, only one rolls its hours up.
    stopped = session.execute(
        update(table)
        .where(table.c.id == log.id, table.c.ended_at.is_(None))
        .values(ended_at=max(at, log.started_at), hours=hours, cost=cost)
    ).rowcount
    session.refresh(log)
    if stopped:
        add_to_work_order(session, order, hours=hours, labour_cost=cost, field='hours')
    return stopped


def _running_of(session: Session, user_id: int) -> TimeLog | None:
    return session.scalar(
        select(TimeLog).where(TimeLog.user_id == user_id, TimeLog.ended_at.is_(None)).order_by(TimeLog.id).limit(1)
    )


def _worker(session: Session, principal: Principal, user_id: int | None) -> User:
    """The person the time is for, row-locked (one timer per person); logging for others needs planning rights."""
    if user_id is None or user_id == principal.user_id:
        if principal.user_id is None:
            raise ValidationFailed.field('user_id', 'an API key logs time for a person: give their user_id')
        user_id = principal.user_id
    else:
        require(principal, Permission.WORK_ORDERS_MANAGE)
    user = find_scoped(session, User, user_id, principal, lock=True)
    if user is None:
        raise ValidationFailed.field('user_id', f'user {user_id} not found')
    if not user.active:
        raise ValidationFailed.field('user_id', f'{user.name} is deactivated')
    return user


def _rate(user: User) -> Decimal:
    return user.hourly_rate if user.hourly_rate is not None else DEFAULT_HOURLY_RATE


def _whose(principal: Principal, user: User) -> str:
    return 'your' if user.id == principal.user_id else f"{user.name}'s"


def _whom(principal: Principal, user: User) -> str:
    return 'yours' if user.id == principal.user_id else user.name


def _read(log: TimeLog, user_name: str) -> TimeLogRead:
    return TimeLogRead.model_validate(log).model_copy(update={'user_name': user_name})


def _audit(session: Session, principal: Principal, order: WorkOrder, summary: str, log: TimeLog) -> None:
    values = {'id': log.id, 'user_id': log.user_id, 'hours': str(log.hours), 'cost': str(log.cost)}
    audit.record(
        session,
        principal,
        AuditAction.UPDATE,
        'work_order',
        order.id,
        changes={'time_log': [None, values]},
        summary=f'{format_number(order.number)}: {summary}',
    )
