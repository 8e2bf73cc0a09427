"""Health report: database reachable, migrations current, scheduler state."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from app.core import jobs
from app.core.db import get_engine
from app.core.migrate import current_revision, head_revision


def health_report() -> tuple[bool, dict[str, Any]]:
    """(healthy, details): unhealthy when the database is unreachable or its schema is behind."""
    engine = get_engine()
    report: dict[str, Any] = {'scheduler': jobs.scheduler_state()}
    try:
        with engine.connect() as connection:
            connection.execute(text('SELECT 1'))
        report['database'] = {'status': 'ok', 'dialect': engine.dialect.name}
    except Exception as exc:  # any driver error means "not reachable" to a load balancer
        report['database'] = {'status': 'unreachable', 'error': type(exc).__name__}
        report['migrations'] = {'status': 'unknown'}
        report['status'] = 'unhealthy'
        return False, report
    current, head = current_revision(engine), head_revision()
    migrations_ok = current == head
    report['migrations'] = {'status': 'current' if migrations_ok else 'behind', 'current': current, 'head': head}
    report['status'] = 'ok' if migrations_ok else 'unhealthy'
    return migrations_ok, report
