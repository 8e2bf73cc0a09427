"""One app instance for the two-process job test: runs the real scheduler with one 1 s job, then reports.

Usage: job_worker.py DATABASE_URL SECONDS. Prints one JSON line with this process's outcome counts.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import sys
import time

from sqlalchemy import text

from app.core import jobs
from app.core.db import session_scope, use_database
from app.core.metrics import REGISTRY

JOB_ID = 'test.two_process_tick'
OUTCOMES = ('ran', 'skipped_locked', 'skipped_claimed', 'failed')


def hit() -> None:
    with session_scope() as session:
        session.execute(
            text('INSERT INTO job_hits (tick, pid) VALUES (:tick, :pid)'),
            {'tick': jobs.current_tick().isoformat(), 'pid': os.getpid()},
        )
    # Holds the run (and its advisory lock) open while the other instance fires for the same tick.
    time.sleep(0.3)


async def main(seconds: float) -> None:
    jobs.start_scheduler([jobs.interval_job(JOB_ID, hit, seconds=1)])
    if jobs.scheduler_state() != 'running':
        raise SystemExit(f'scheduler did not start: {jobs.scheduler_state()}')
    await asyncio.sleep(seconds)
    jobs.stop_scheduler()


def report() -> None:
    counts = {o: REGISTRY.get_sample_value('cmms_job_runs_total', {'job': JOB_ID, 'outcome': o}) or 0 for o in OUTCOMES}
    print(json.dumps({'pid': os.getpid(), **counts}), flush=True)


if __name__ == '__main__':
    use_database(sys.argv[1])
    # atexit handlers run after the interpreter has joined the job thread pool, so a run still in flight when
    # the scheduler stopped is finished, and counted, by then.
    atexit.register(report)
    asyncio.run(main(float(sys.argv[2])))
