"""Background jobs: specs that domain manifests declare, one AsyncIOScheduler, and a guard run once per tick."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import socket
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import delete, text, update
from sqlalchemy.exc import IntegrityError

from app.core.config import get_settings
from app.core.db import get_engine, is_postgresql, session_scope, utcnow
from app.core.metrics import JOB_DURATION, JOB_RUNS
from app.core.models import JobRun

logger = logging.getLogger(__name__)

# Interval ticks count from one fixed instant, so every instance computes the same ticks whenever it started.
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
MAX_MISFIRE_GRACE_SECONDS = 300
MAX_ERROR_LENGTH = 2000
INSTANCE = f'{socket.gethostname()}:{os.getpid()}'[:100]


@dataclass(frozen=True)
class JobSpec:
    job_id: str
    func: Callable[[], None]
    trigger: BaseTrigger
    interval_seconds: int | None = None

    @property
    def misfire_grace_time(self) -> int:
        # An interval run later than one interval would take the next tick as its own; cron runs look theirs up.
        return min(self.interval_seconds or MAX_MISFIRE_GRACE_SECONDS, MAX_MISFIRE_GRACE_SECONDS)


_scheduler: AsyncIOScheduler | None = None
_state = 'stopped'
_current_tick: ContextVar[datetime | None] = ContextVar('current_tick', default=None)


def interval_job(job_id: str, func: Callable[[], None], *, seconds: int) -> JobSpec:
    """Run ``func`` every ``seconds``, at multiples of EPOCH shared by all instances."""
    if seconds < 1:
        raise ValueError('interval jobs need seconds >= 1')
    trigger = IntervalTrigger(seconds=seconds, start_date=EPOCH, timezone=UTC)
    return JobSpec(job_id, func, trigger, interval_seconds=seconds)


def cron_job(job_id: str, func: Callable[[], None], **cron_fields: Any) -> JobSpec:
    """Run ``func`` on a UTC cron schedule (APScheduler CronTrigger fields, e.g. hour=2, minute=30)."""
    # Built here so that a bad field fails when the manifest is read, not when the scheduler starts.
    return JobSpec(job_id, func, CronTrigger(timezone=UTC, **cron_fields))


def scheduler_state() -> str:
    """'disabled' (turned off by settings), 'running' or 'stopped'."""
    return _state


def current_tick() -> datetime | None:
    """The tick the running guarded job claimed (None outside one): key generated rows on it."""
    return _current_tick.get()


def start_scheduler(specs: list[JobSpec]) -> None:
    """Schedule these jobs on the running event loop (no-op when the scheduler is disabled); ids must be unique."""
    global _scheduler, _state
    if not get_settings().scheduler_enabled:
        _state = 'disabled'
        return
    if _state == 'running':
        return
    # A pool of its own, so a slow job never starves the loop's default executor that request handlers use.
    scheduler = AsyncIOScheduler(
        event_loop=asyncio.get_running_loop(),
        timezone=UTC,
        executors={'default': ThreadPoolExecutor(4)},
        job_defaults={'coalesce': True, 'max_instances': 1},
    )
    if len({spec.job_id for spec in specs}) != len(specs):
        raise ValueError(f'job ids must be unique: {sorted(spec.job_id for spec in specs)}')
    for spec in specs:
        grace = spec.misfire_grace_time
        scheduler.add_job(_run_scheduled, spec.trigger, args=(spec,), id=spec.job_id, misfire_grace_time=grace)
    scheduler.start()
    _scheduler, _state = scheduler, 'running'


def stop_scheduler() -> None:
    """Stop firing jobs; a run in progress finishes in its thread (the pool is joined at interpreter exit)."""
    global _scheduler, _state
    if _scheduler is not None and _scheduler.running:
        # wait=False: waiting here would block the event loop for as long as the slowest running job.
        _scheduler.shutdown(wait=False)
    _scheduler = None
    if _state == 'running':
        _state = 'stopped'


def advisory_key(job_id: str) -> int:
    """Stable signed 64-bit PostgreSQL advisory lock key for a job id."""
    return int.from_bytes(hashlib.sha256(f'cmms.job:{job_id}'.encode()).digest()[:8], 'big', signed=True)


def interval_tick(now: datetime, seconds: int) -> datetime:
    """The interval tick ``now`` falls in: floor(now - EPOCH, seconds)."""
    step = timedelta(seconds=seconds)
    return EPOCH + ((now - EPOCH) // step) * step


def run_guarded(
    job_id: str, func: Callable[[], None], *, tick_at: datetime | None = None, interval_seconds: int | None = None
) -> str:
    """Run ``func`` once per tick across instances: 'ran', 'skipped_locked', 'skipped_claimed' or 'failed'."""
    if tick_at is None:
        now = utcnow()
        tick_at = interval_tick(now, interval_seconds) if interval_seconds else now.replace(microsecond=0)
    try:
        outcome = _locked_run(job_id, func, tick_at)
    except Exception:
        # The guard itself failed (database unreachable...): never raise into APScheduler, the next tick retries.
        logger.exception('background job %s could not be started', job_id)
        outcome = 'failed'
    JOB_RUNS.labels(job_id, outcome).inc()
    return outcome


def _locked_run(job_id: str, func: Callable[[], None], tick_at: datetime) -> str:
    engine = get_engine()
    if not is_postgresql(engine):
        return _claim_and_run(job_id, func, tick_at)  # SQLite means a single process: nothing to lock against
    key = advisory_key(job_id)
    connection = engine.connect()
    try:
        locked = connection.execute(text('SELECT pg_try_advisory_lock(:key)'), {'key': key}).scalar()
        # Session-level on purpose: pg_advisory_xact_lock would end at this commit (or the claim's), long before
        # the run does. A session lock survives commits but belongs to this one connection, so it is held until
        # the unlock below (and it would not survive a transaction-mode pooler such as pgbouncer).
        connection.commit()
        if not locked:
            return 'skipped_locked'
        try:
            return _claim_and_run(job_id, func, tick_at)
        finally:
            connection.execute(text('SELECT pg_advisory_unlock(:key)'), {'key': key})
            connection.commit()
    except BaseException:
        # The lock may still be held on this connection: drop it instead of handing it back to the pool.
        connection.invalidate()
        raise
    finally:
        connection.close()


def _claim_and_run(job_id: str, func: Callable[[], None], tick_at: datetime) -> str:
    # The unique (job_id, tick_at) claim catches what the lock cannot: another instance that already finished
    # this tick and released the lock before this one fired. A crash mid-run leaves the claim 'running'.
    try:
        with session_scope() as session:
            run = JobRun(job_id=job_id, tick_at=tick_at, instance=INSTANCE, started_at=utcnow(), status='running')
            session.add(run)
    except IntegrityError:
        return 'skipped_claimed'
    started = time.perf_counter()
    token = _current_tick.set(tick_at)
    try:
        func()
        status, error = 'succeeded', None
    except Exception as exc:
        logger.exception('background job %s failed (tick %s)', job_id, tick_at.isoformat())
        status, error = 'failed', f'{type(exc).__name__}: {exc}'[:MAX_ERROR_LENGTH]
    finally:
        _current_tick.reset(token)
        JOB_DURATION.labels(job_id).observe(time.perf_counter() - started)
    with session_scope() as session:
        values = {'status': status, 'finished_at': utcnow(), 'error': error}
        session.execute(update(JobRun).where(JobRun.id == run.id).values(**values))
    return 'ran' if status == 'succeeded' else 'failed'


def _run_scheduled(spec: JobSpec) -> None:
    if spec.interval_seconds is not None:
        run_guarded(spec.job_id, spec.func, interval_seconds=spec.interval_seconds)
    else:
        run_guarded(spec.job_id, spec.func, tick_at=_last_fire_time(spec.trigger, utcnow()))


def _last_fire_time(trigger: BaseTrigger, now: datetime) -> datetime:
    # The scheduled instant rather than the moment a thread got to it, so instances agree on the cron tick even
    # when their runs start on either side of a second boundary.
    fire = trigger.get_next_fire_time(None, now - timedelta(seconds=MAX_MISFIRE_GRACE_SECONDS))
    last = None
    while fire is not None and fire <= now:
        last, fire = fire, trigger.get_next_fire_time(fire, fire)
    return last or now.replace(microsecond=0)


def prune_job_runs(older_than_days: int = 30) -> int:
    """Delete job run claims older than ``older_than_days``; returns how many went."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    with session_scope() as session:
        return session.execute(delete(JobRun).where(JobRun.started_at < cutoff)).rowcount
