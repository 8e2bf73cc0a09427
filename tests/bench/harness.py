"""What benchmarks share: a result row, a fresh PostgreSQL database, percentiles, the printed table."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

DEFAULT_POSTGRES = 'postgresql://postgres@127.0.0.1:5432/test'


@dataclass
class Result:
    """One benchmark figure next to its target and the raw limit of this machine measured in the same run."""

    id: str
    what: str
    figure: float
    unit: str
    target: float
    raw_limit: float | None = None
    higher_is_better: bool = True

    @property
    def meets_target(self) -> bool:
        return self.figure >= self.target if self.higher_is_better else self.figure <= self.target

    @property
    def ratio(self) -> float | None:
        """Figure as a share of the raw limit (1.0 = as fast as the raw path)."""
        if not self.raw_limit or not self.figure:
            return None
        return self.figure / self.raw_limit if self.higher_is_better else self.raw_limit / self.figure


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def postgres_server_url() -> str:
    return os.environ.get('CMMS_TEST_DATABASE_URL', DEFAULT_POSTGRES)


@contextmanager
def fresh_postgres_database(prefix: str = 'cmms_bench') -> Iterator[str]:
    """A new empty database on the benchmark PostgreSQL server, dropped afterwards."""
    server = postgres_server_url()
    name = f'{prefix}_{uuid.uuid4().hex[:8]}'
    admin = create_engine(server.replace('postgresql://', 'postgresql+psycopg://', 1), isolation_level='AUTOCOMMIT')
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE {name}'))
    try:
        yield f'{server.rsplit("/", 1)[0]}/{name}'
    finally:
        from app.core import db

        for url in [u for u in db._engines if u.endswith(f'/{name}')]:
            db.forget_database(url)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)'))
        admin.dispose()


def format_table(results: list[Result]) -> str:
    header = f'{"id":<6} {"what":<58} {"figure":>14} {"target":>14} {"raw limit":>14} {"ratio":>7}  ok'
    lines = [header, '-' * len(header)]
    for r in results:
        cmp = '≥' if r.higher_is_better else '≤'
        raw = f'{r.raw_limit:,.2f}' if r.raw_limit is not None else '—'
        ratio = f'{r.ratio:.2f}' if r.ratio is not None else '—'
        lines.append(
            f'{r.id:<6} {r.what[:58]:<58} {r.figure:>10,.2f} {r.unit:<3} {cmp}{r.target:>9,.2f} {r.unit:<3}'
            f' {raw:>14} {ratio:>7}  {"yes" if r.meets_target else "NO"}'
        )
    return '\n'.join(lines)


def start_app_server(database_url: str) -> tuple[subprocess.Popen, str]:
    """`cmms serve` on a free port against ``database_url``, healthy; returns (process, base URL)."""
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith('CMMS_')}
    # The same data directory as this process: the demo's floor-plan image and the secrets live there.
    env.update(
        {
            'CMMS_DATABASE_URL': database_url,
            'CMMS_DATA_DIR': os.environ.get('CMMS_DATA_DIR', tempfile.mkdtemp()),
            'CMMS_PORT': str(port),
            'CMMS_SCHEDULER_ENABLED': '0',
            'CMMS_LOG_LEVEL': 'WARNING',
        }
    )
    server = subprocess.Popen(
        [sys.executable, '-m', 'app.cli', 'serve'],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f'http://127.0.0.1:{port}'
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f'{base_url}/health', timeout=2).status_code == 200:
                return server, base_url
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError('cmms serve did not become healthy within 90 s')
