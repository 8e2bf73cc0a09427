"""Shared test setup: an isolated data directory, SQLite always and PostgreSQL when configured.

Environment (read here only, as the tests' configuration):
- CMMS_TEST_DATABASE_URL: a PostgreSQL server URL; each test session creates its own database there.
- CMMS_TEST_MQTT_URL: the MQTT broker for telemetry tests.
- CMMS_REQUIRE_ALL=1: a skipped test fails the run (CI), so a missing service cannot pass silently.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_DATA_DIR = Path(tempfile.mkdtemp(prefix='cmms-test-'))
os.environ.update({'CMMS_DATA_DIR': str(_DATA_DIR), 'CMMS_SCHEDULER_ENABLED': '0', 'CMMS_ENV': 'development'})
for _name in ('CMMS_DATABASE_URL', 'CMMS_STORAGE_SECRET', 'CMMS_ENCRYPTION_KEY', 'CMMS_DEMO', 'CMMS_METRICS_TOKEN'):
    os.environ.pop(_name, None)

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from app.core.db import forget_database, session_scope, use_database  # noqa: E402
from app.core.migrate import upgrade_to_head  # noqa: E402
from app.domains import install  # noqa: E402
from tests.support.organizations import Org, for_each_backend, make_org  # noqa: E402

install()  # the domains' event subscriptions, as the app installs them at start

POSTGRES_SERVER_URL = os.environ.get('CMMS_TEST_DATABASE_URL')
MQTT_URL = os.environ.get('CMMS_TEST_MQTT_URL')
REQUIRE_ALL = os.environ.get('CMMS_REQUIRE_ALL') == '1'
BACKENDS = ['sqlite', 'postgresql']


pytest_plugins = ['pytester']  # for the test of the two hooks below


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser tests last: Playwright's sync API keeps an event loop running in this thread from its first
    test on, and the async page tests (``tests/pages``) cannot start one of their own beside it."""
    e2e = Path(__file__).parent / 'e2e'
    items.sort(key=lambda item: e2e in Path(item.fspath).parents)  # stable: the order within each group stays


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport:
    return _no_skip_when_all_required((yield))


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> pytest.CollectReport:
    """A module-level skip (``pytest.skip(allow_module_level=True)``, ``importorskip``) is a collection report,
    not a test's: without this hook it would escape CMMS_REQUIRE_ALL."""
    return _no_skip_when_all_required((yield))


def _no_skip_when_all_required(report: Any) -> Any:
    if REQUIRE_ALL and report.skipped:
        # Turn the skip into a failure that names the missing piece (here, before any reporter has counted it).
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = 'failed'
        report.longrepr = f'skipped with CMMS_REQUIRE_ALL=1: {reason}'
    return report


def _postgres_url_for(database: str) -> str:
    base = POSTGRES_SERVER_URL.rsplit('/', 1)[0]
    return f'{base}/{database}'


def create_postgres_database(prefix: str = 'cmms_test') -> str:
    """A fresh, empty database on the test PostgreSQL server; returns its URL."""
    name = f'{prefix}_{uuid.uuid4().hex[:10]}'
    _run_on_server(f'CREATE DATABASE {name}')
    return _postgres_url_for(name)


def drop_postgres_database(url: str) -> None:
    _run_on_server(f'DROP DATABASE IF EXISTS {url.rsplit("/", 1)[1]} WITH (FORCE)')


def _run_on_server(statement: str) -> None:
    # CREATE/DROP DATABASE cannot run inside a transaction.
    admin = create_engine(
        POSTGRES_SERVER_URL.replace('postgresql://', 'postgresql+psycopg://', 1), isolation_level='AUTOCOMMIT'
    )
    with admin.connect() as connection:
        connection.execute(text(statement))
    admin.dispose()


@pytest.fixture(scope='session')
def database_urls() -> Iterator[dict[str, str]]:
    """One migrated database per backend for the whole session (tests isolate by organisation)."""
    urls = {'sqlite': f'sqlite:///{_DATA_DIR / "test.db"}'}
    if POSTGRES_SERVER_URL:
        urls['postgresql'] = create_postgres_database()
    for url in urls.values():
        upgrade_to_head(use_database(url))
    yield urls
    if 'postgresql' in urls:
        forget_database(urls['postgresql'])
        drop_postgres_database(urls['postgresql'])


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, database_urls: dict[str, str]) -> str:
    """Runs the test once on SQLite and once on PostgreSQL (skipped when no PostgreSQL is configured)."""
    if request.param not in database_urls:
        pytest.skip('PostgreSQL not configured: set CMMS_TEST_DATABASE_URL')
    use_database(database_urls[request.param])
    return request.param


@pytest.fixture
def session(backend: str) -> Iterator[Session]:
    """A session on the current backend whose work is committed when the test passes."""
    with session_scope() as db_session:
        yield db_session


# --- organisations shared by a module's tests (service, API and page tests) ---------------------------------


@pytest.fixture(scope='module')
def org_options() -> dict[str, Any]:
    """How ``org`` and ``other`` are made (``make_org`` arguments); a module overrides this, e.g. for API keys."""
    return {}


@pytest.fixture(scope='module')
def orgs(database_urls: dict[str, str], org_options: dict[str, Any]) -> dict[str, tuple[Org, Org]]:
    """Two organisations per backend, made once per module."""
    return for_each_backend(database_urls, lambda: (make_org(**org_options), make_org(**org_options)))


@pytest.fixture
def org(backend: str, orgs: dict[str, tuple[Org, Org]]) -> Org:
    """This module's organisation on the current backend."""
    return orgs[backend][0]


@pytest.fixture
def other(backend: str, orgs: dict[str, tuple[Org, Org]]) -> Org:
    """A second organisation on the current backend, whose objects must stay out of ``org``'s reach."""
    return orgs[backend][1]
