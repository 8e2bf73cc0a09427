"""Background jobs: the once-per-tick guard on SQLite and PostgreSQL, and two scheduler processes on one database."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import Engine

from app.core import jobs
from app.core.config import get_settings
from app.core.db import get_engine, session_scope
from app.core.metrics import REGISTRY
from app.core.models import JobRun
from tests.support.databases import OwnDatabases

WORKER = Path(__file__).with_name('job_worker.py')
REPO_ROOT = Path(__file__).resolve().parents[3]
TICK = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def sqlite_db(own_databases: OwnDatabases) -> Engine:
    # Other test modules may rely on the process's current database: own_databases puts it back afterwards.
    own_databases.make('sqlite', prefix='cmms_jobs')
    return get_engine()


@pytest.fixture
def postgres_url(own_databases: OwnDatabases) -> str:
    return own_databases.make('postgresql', prefix='cmms_jobs')


@pytest.fixture(params=['sqlite', 'postgresql'])
def database(request: pytest.FixtureRequest) -> Engine:
    request.getfixturevalue('sqlite_db' if request.param == 'sqlite' else 'postgres_url')
    return get_engine()


@pytest.fixture
def scheduler_enabled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv('CMMS_SCHEDULER_ENABLED', '1')
    monkeypatch.setenv('CMMS_DATA_DIR', str(tmp_path))
    get_settings.cache_clear()
    yield
    jobs.stop_scheduler()
    get_settings.cache_clear()  # before monkeypatch restores the environment: the next reader sees the real one


def _runs(job_id: str) -> list[JobRun]:
    with session_scope() as session:
        return list(session.scalars(select(JobRun).where(JobRun.job_id == job_id).order_by(JobRun.tick_at)))


def _job_count(job_id: str, outcome: str) -> float:
    return REGISTRY.get_sample_value('cmms_job_runs_total', {'job': job_id, 'outcome': outcome}) or 0


def test_advisory_key_is_a_stable_signed_64_bit_int() -> None:
    key = jobs.advisory_key('pm.generate')
    assert key == jobs.advisory_key('pm.generate') != jobs.advisory_key('pm.generate2')
    assert -(2**63) <= key < 2**63


def test_interval_ticks_are_aligned_to_the_epoch() -> None:
    assert jobs.interval_tick(datetime(2026, 3, 1, 12, 59, 59, 999999, tzinfo=UTC), 3600) == TICK
    assert jobs.interval_tick(TICK, 3600) == TICK
    assert jobs.interval_tick(TICK + timedelta(seconds=7), 5) == TICK + timedelta(seconds=5)


def test_a_tick_runs_once_and_records_success(database: Engine) -> None:
    calls = []
    job_id = 'test.once'
    before = _job_count(job_id, 'ran')

    assert jobs.run_guarded(job_id, lambda: calls.append(jobs.current_tick()), tick_at=TICK) == 'ran'
    assert jobs.run_guarded(job_id, lambda: calls.append(jobs.current_tick()), tick_at=TICK) == 'skipped_claimed'

    assert calls == [TICK]
    assert jobs.current_tick() is None
    [run] = _runs(job_id)
    assert (run.tick_at, run.status, run.error) == (TICK, 'succeeded', None)
    assert run.finished_at is not None and run.instance.endswith(f':{os.getpid()}')
    assert _job_count(job_id, 'ran') == before + 1
    assert (
        jobs.run_guarded(job_id, lambda: calls.append(jobs.current_tick()), tick_at=TICK + timedelta(hours=1)) == 'ran'
    )
    assert len(calls) == 2


def test_interval_runs_claim_the_current_tick(database: Engine) -> None:
    assert jobs.run_guarded('test.interval', lambda: None, interval_seconds=3600) == 'ran'
    assert jobs.run_guarded('test.interval', lambda: None, interval_seconds=3600) == 'skipped_claimed'
    [run] = _runs('test.interval')
    assert run.tick_at == jobs.interval_tick(run.started_at, 3600)


def test_a_failing_job_is_recorded_and_does_not_raise(database: Engine) -> None:
    def boom() -> None:
        raise RuntimeError('boom ' + 'x' * 5000)

    assert jobs.run_guarded('test.boom', boom, tick_at=TICK) == 'failed'
    [run] = _runs('test.boom')
    assert run.status == 'failed' and run.finished_at is not None
    assert run.error.startswith('RuntimeError: boom') and len(run.error) == 2000
    # The tick stays claimed: a failed run is not retried by another instance for the same tick.
    assert jobs.run_guarded('test.boom', boom, tick_at=TICK) == 'skipped_claimed'


def test_prune_job_runs_deletes_only_old_claims(sqlite_db: Engine) -> None:
    with session_scope() as session:
        old = datetime.now(UTC) - timedelta(days=40)
        session.add(JobRun(job_id='test.prune', tick_at=TICK, instance='x', started_at=old, status='succeeded'))
    jobs.run_guarded('test.prune', lambda: None, tick_at=TICK + timedelta(hours=1))
    assert jobs.prune_job_runs(older_than_days=30) == 1
    assert [run.tick_at for run in _runs('test.prune')] == [TICK + timedelta(hours=1)]
    from app.domains import job_specs

    assert 'core.prune_job_runs' in {spec.job_id for spec in job_specs()}


def test_disabled_scheduler_does_not_start(monkeypatch: pytest.MonkeyPatch, scheduler_enabled: None) -> None:
    monkeypatch.setenv('CMMS_SCHEDULER_ENABLED', '0')
    get_settings.cache_clear()
    jobs.start_scheduler([])
    assert jobs.scheduler_state() == 'disabled'


async def test_the_scheduler_fires_its_jobs_on_aligned_ticks(sqlite_db: Engine, scheduler_enabled: None) -> None:
    with pytest.raises(ValueError, match='unique'):
        jobs.start_scheduler([jobs.interval_job('test.twice', lambda: None, seconds=1)] * 2)
    jobs.start_scheduler([jobs.interval_job('test.scheduled', lambda: None, seconds=1)])
    assert jobs.scheduler_state() == 'running'
    for _ in range(100):  # a timeout, not a speed requirement
        if any(run.status == 'succeeded' for run in _runs('test.scheduled')):
            break
        await asyncio.sleep(0.1)
    jobs.stop_scheduler()
    await asyncio.sleep(0)  # APScheduler's shutdown is queued onto the loop: let it run before the loop closes
    assert jobs.scheduler_state() == 'stopped'
    runs = _runs('test.scheduled')
    assert runs and all(run.tick_at.microsecond == 0 for run in runs)
    for _ in range(50):  # let a run that started just before the stop finish before the database goes away
        if all(run.finished_at for run in _runs('test.scheduled')):
            break
        await asyncio.sleep(0.1)


def test_a_job_locked_elsewhere_is_skipped(postgres_url: str) -> None:
    key = jobs.advisory_key('X')
    calls = []
    with get_engine().connect() as holder:
        assert holder.execute(text('SELECT pg_try_advisory_lock(:k)'), {'k': key}).scalar()
        holder.commit()
        assert jobs.run_guarded('X', lambda: calls.append(1), tick_at=TICK) == 'skipped_locked'
        holder.execute(text('SELECT pg_advisory_unlock(:k)'), {'k': key})
        holder.commit()
    assert calls == [] and _runs('X') == []
    assert jobs.run_guarded('X', lambda: calls.append(1), tick_at=TICK) == 'ran'


def test_the_lock_is_held_for_the_whole_run_and_released_after(postgres_url: str) -> None:
    key = jobs.advisory_key('Y')
    seen = []

    def try_lock_elsewhere() -> bool:
        with get_engine().connect() as other:
            taken = other.execute(text('SELECT pg_try_advisory_lock(:k)'), {'k': key}).scalar()
            if taken:
                other.execute(text('SELECT pg_advisory_unlock(:k)'), {'k': key})
            return taken

    # The claim has committed by the time the job body runs: a transaction-level lock would be gone already.
    assert jobs.run_guarded('Y', lambda: seen.append(try_lock_elsewhere()), tick_at=TICK) == 'ran'
    assert seen == [False]
    assert try_lock_elsewhere() is True


def test_two_instances_run_each_tick_exactly_once(postgres_url: str, tmp_path: Path) -> None:
    with get_engine().begin() as connection:
        connection.execute(text('CREATE TABLE job_hits (tick text NOT NULL, pid integer NOT NULL)'))
    env = {
        **os.environ,
        'CMMS_SCHEDULER_ENABLED': '1',
        'CMMS_DATA_DIR': str(tmp_path),
        'CMMS_DATABASE_URL': postgres_url,
        'PYTHONPATH': str(REPO_ROOT),
    }
    command = [sys.executable, str(WORKER), postgres_url, '4.5']
    workers = [
        subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    try:
        outputs = [worker.communicate(timeout=120) for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    for worker, (_, stderr) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, stderr
    reports = [json.loads(stdout.strip().splitlines()[-1]) for stdout, _ in outputs]

    with get_engine().connect() as connection:
        runs = connection.execute(
            text('SELECT tick_at, count(*), min(status) FROM job_runs WHERE job_id = :j GROUP BY tick_at'),
            {'j': 'test.two_process_tick'},
        ).all()
        hits = connection.execute(text('SELECT tick, count(*) FROM job_hits GROUP BY tick')).all()
    assert len(runs) >= 3
    assert all(count == 1 and status == 'succeeded' for _, count, status in runs)
    assert all(count == 1 for _, count in hits), f'a tick ran twice: {hits}'
    assert {tick for tick, _ in hits} == {tick_at.astimezone(UTC).isoformat() for tick_at, _, _ in runs}
    assert sum(report['ran'] for report in reports) == len(runs)
    assert sum(report['failed'] for report in reports) == 0
    # Both instances fired for shared ticks and the guard turned the later one away.
    assert sum(report['skipped_locked'] + report['skipped_claimed'] for report in reports) >= 1
