"""The outbox dispatcher: delivers what durable subscribers are owed, at least once, in order where they ask for it.

A delivery goes through three short transactions, never one long one (on SQLite a long write transaction would stop
every other writer while a slow handler runs):

1. **claim** a batch: pending rows whose time has come and that no live claim holds, oldest first, leaving out a row
   of an ordered subscriber while an earlier row of the same aggregate is still pending. On PostgreSQL the select
   takes ``FOR UPDATE SKIP LOCKED``, so several instances claim disjoint batches; the claim is a lease
   (``claimed_until``), so a dispatcher killed after claiming leaves its rows to be claimed again once it runs out;
2. **deliver** each row to its subscriber's handler, outside any transaction of ours; a handler that raises is
   noted, the others carry on;
3. **acknowledge**: delivered rows in one statement; failed rows back to pending with exponential backoff and
   jitter, or dead-lettered once the subscriber's attempts are spent.

Attempts are counted when claimed, so a row whose handler kills the process still runs out of attempts. Because a
crash between 2 and 3 repeats a delivery, handlers are idempotent: each delivery carries a key that stays the same
on every attempt.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, case, delete, exists, func, or_, select, update
from sqlalchemy.orm import aliased

from app.core.db import get_engine, is_postgresql, utcnow
from app.core.events import OUTBOX_CHANNEL, Delivery, EventBus, installed_bus, on_outbox_commit
from app.core.jobs import INSTANCE
from app.core.metrics import OUTBOX_DELIVERIES, OUTBOX_LAG
from app.core.models import OutboxMessage

log = logging.getLogger(__name__)

PENDING, DELIVERED, DEAD = 'pending', 'delivered', 'dead'
MAX_ERROR_LENGTH = 2000
_TABLE = OutboxMessage.__table__
_CLAIMED_COLUMNS = [
    _TABLE.c[name]
    for name in ('id', 'event_name', 'event_version', 'payload', 'subscriber', 'idempotency_key', 'attempts')
] + [_TABLE.c.created_at]


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter: attempt n waits base·2^(n−1), at most ``cap``, times a random 50–100 %
    (so that retries of one failing subscriber do not all come back at the same instant)."""

    base_seconds: float = 2.0
    cap_seconds: float = 3600.0

    def delay(self, attempt: int, rng: random.Random) -> timedelta:
        ceiling = min(self.cap_seconds, self.base_seconds * 2 ** max(0, attempt - 1))
        return timedelta(seconds=ceiling * rng.uniform(0.5, 1.0))


@dataclass
class DispatchCounts:
    claimed: int = 0
    delivered: int = 0
    retrying: int = 0
    dead: int = 0


@dataclass
class _Outcome:
    row: Any
    error: str | None = None


class OutboxDispatcher:
    """Claims, delivers and acknowledges outbox rows; ``dispatch_once`` for jobs and tests, ``start`` for the app."""

    def __init__(
        self,
        bus: EventBus | None = None,
        *,
        batch_size: int = 500,
        lease_seconds: float = 60.0,
        idle_poll_seconds: float = 1.0,
        backoff: Backoff | None = None,
        instance: str = INSTANCE,
        clock: Callable[[], datetime] = utcnow,
        rng: random.Random | None = None,
    ) -> None:
        self.bus = bus
        self.batch_size = batch_size
        self.lease = timedelta(seconds=lease_seconds)
        self.idle_poll_seconds = idle_poll_seconds
        self.backoff = backoff or Backoff()
        self.instance = instance
        self.clock = clock
        self.rng = rng or random.Random()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._undo_wake: Callable[[], None] | None = None

    # --- one round ---------------------------------------------------------------------------------------------

    def dispatch_once(self) -> DispatchCounts:
        """Claim one batch, deliver it, acknowledge it."""
        bus = self.bus or installed_bus()
        rows = self._claim()
        counts = DispatchCounts(claimed=len(rows))
        if not rows:
            return counts
        outcomes = [self._deliver(bus, row) for row in rows]
        self._acknowledge(bus, outcomes, counts)
        return counts

    def drain(self, max_rounds: int = 1000) -> DispatchCounts:
        """Dispatch until nothing is due (tests, the benchmark); returns the sums."""
        total = DispatchCounts()
        for _ in range(max_rounds):
            counts = self.dispatch_once()
            for name in ('claimed', 'delivered', 'retrying', 'dead'):
                setattr(total, name, getattr(total, name) + getattr(counts, name))
            if not counts.claimed:
                break
        return total

    def _claim(self) -> list[Any]:
        now = self.clock()
        earlier = aliased(OutboxMessage)
        due = (
            select(OutboxMessage.id)
            .where(
                OutboxMessage.status == PENDING,
                OutboxMessage.available_at <= now,
                or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
                or_(
                    OutboxMessage.ordering_key.is_(None),
                    ~exists().where(
                        earlier.ordering_key == OutboxMessage.ordering_key,
                        earlier.status == PENDING,
                        earlier.id < OutboxMessage.id,
                    ),
                ),
            )
            .order_by(OutboxMessage.available_at, OutboxMessage.id)
            .limit(self.batch_size)
            .with_for_update(skip_locked=True)
        )
        claim = (
            update(_TABLE)
            .where(_TABLE.c.id.in_(due.scalar_subquery()))
            .values(claimed_by=self.instance, claimed_until=now + self.lease, attempts=_TABLE.c.attempts + 1)
            .returning(*_CLAIMED_COLUMNS)
        )
        with get_engine().begin() as connection:
            rows = connection.execute(claim).all()
        return sorted(rows, key=lambda row: row.id)

    def _deliver(self, bus: EventBus, row: Any) -> _Outcome:
        subscription = bus.durable_subscription(row.subscriber)
        try:
            if subscription is None:
                raise LookupError(f'no durable subscriber is named {row.subscriber!r}')
            event = bus.decode(row.event_name, row.event_version, row.payload)
            subscription.handler(Delivery(event, row.idempotency_key, row.attempts, row.id, row.created_at))
        except Exception as exc:  # a handler's failure is the row's, never the dispatcher's
            log.warning('outbox delivery %s to %s failed (attempt %s): %r', row.id, row.subscriber, row.attempts, exc)
            return _Outcome(row, f'{type(exc).__name__}: {exc}'[:MAX_ERROR_LENGTH])
        return _Outcome(row)

    def _acknowledge(self, bus: EventBus, outcomes: list[_Outcome], counts: DispatchCounts) -> None:
        now = self.clock()
        delivered = [o.row for o in outcomes if o.error is None]
        failed = [o for o in outcomes if o.error is not None]
        with get_engine().begin() as connection:
            if delivered:
                connection.execute(
                    update(_TABLE)
                    .where(_TABLE.c.id.in_([row.id for row in delivered]))
                    .values(status=DELIVERED, delivered_at=now, claimed_by=None, claimed_until=None, last_error=None)
                )
            if failed:
                connection.execute(_FAILED, [self._failure(bus, outcome, now) for outcome in failed])
        counts.delivered = len(delivered)
        for row in delivered:
            OUTBOX_DELIVERIES.labels(row.subscriber, 'delivered').inc()
            OUTBOX_LAG.observe(max(0.0, (now - row.created_at).total_seconds()))
        for outcome in failed:
            dead = outcome.row.attempts >= self._max_attempts(bus, outcome.row.subscriber)
            counts.dead += dead
            counts.retrying += not dead
            OUTBOX_DELIVERIES.labels(outcome.row.subscriber, 'dead' if dead else 'retrying').inc()

    def _failure(self, bus: EventBus, outcome: _Outcome, now: datetime) -> dict[str, Any]:
        row = outcome.row
        dead = row.attempts >= self._max_attempts(bus, row.subscriber)
        return {
            'b_id': row.id,
            'b_dead': dead,
            'b_available_at': now if dead else now + self.backoff.delay(row.attempts, self.rng),
            'b_error': outcome.error,
        }

    @staticmethod
    def _max_attempts(bus: EventBus, subscriber: str) -> int:
        subscription = bus.durable_subscription(subscriber)
        return subscription.max_attempts if subscription is not None else 1  # nobody to deliver to: dead at once

    # --- running in the app ------------------------------------------------------------------------------------

    def start(self) -> None:
        """Deliver in a thread of its own until ``stop``: woken by commits that wrote outbox rows (PostgreSQL
        NOTIFY from any instance, or this process's own commits), and by a poll for retries that come due."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._undo_wake = on_outbox_commit(self._wake.set)
        self._thread = threading.Thread(target=self._run, name='outbox-dispatcher', daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._undo_wake is not None:
            self._undo_wake()
            self._undo_wake = None
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        listener = _Listener() if is_postgresql(get_engine()) else None
        try:
            while not self._stop.is_set():
                try:
                    counts = self.dispatch_once()
                except Exception:  # the database went away: wait, then try again
                    log.exception('outbox dispatch failed')
                    counts = DispatchCounts()
                    self._stop.wait(self.idle_poll_seconds)
                if counts.claimed == self.batch_size:
                    continue  # more is waiting
                self._wait(listener)
        finally:
            if listener is not None:
                listener.close()

    def _wait(self, listener: _Listener | None) -> None:
        if listener is not None:
            listener.wait(self.idle_poll_seconds, self._wake)
        else:
            self._wake.wait(self.idle_poll_seconds)
        self._wake.clear()


class _Listener:
    """A LISTEN connection on the outbox channel: any instance's commit that wrote outbox rows notifies it."""

    def __init__(self) -> None:
        self.connection = None
        self._open()

    def _open(self) -> None:
        try:
            raw = get_engine().raw_connection()
            raw.driver_connection.autocommit = True
            raw.driver_connection.execute(f'LISTEN {OUTBOX_CHANNEL}')
            self.connection = raw
        except Exception:
            log.exception('could not LISTEN for outbox notifications; polling instead')
            self.connection = None

    def wait(self, seconds: float, wake: threading.Event) -> None:
        """Block until a notification, a local wake-up, or ``seconds``."""
        if self.connection is None:
            self._open()
            wake.wait(seconds)
            return
        deadline = time.monotonic() + seconds
        try:
            while not wake.is_set() and (left := deadline - time.monotonic()) > 0:
                # Short slices, so that a local commit's wake-up (set from another thread) is seen promptly too.
                for _ in self.connection.driver_connection.notifies(timeout=min(left, 0.05), stop_after=1):
                    return
        except Exception:
            log.exception('outbox LISTEN connection failed; reconnecting')
            self.close()

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.invalidate()  # it carries LISTEN state: never hand it back to the pool
            except Exception:
                log.debug('closing the LISTEN connection failed', exc_info=True)
            self.connection = None


_FAILED = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam('b_id'))
    .values(
        status=case((bindparam('b_dead'), DEAD), else_=PENDING),
        available_at=bindparam('b_available_at'),
        claimed_by=None,
        claimed_until=None,
        last_error=bindparam('b_error'),
    )
)


def prune_delivered(older_than_days: int = 7) -> int:
    """Delete delivered rows older than ``older_than_days`` (dead rows stay until retried or discarded)."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    with get_engine().begin() as connection:
        statement = delete(_TABLE).where(and_(_TABLE.c.status == DELIVERED, _TABLE.c.delivered_at < cutoff))
        return connection.execute(statement).rowcount


def pending_count() -> int:
    with get_engine().connect() as connection:
        return connection.scalar(select(func.count()).select_from(_TABLE).where(_TABLE.c.status == PENDING)) or 0
