"""End-to-end setup: the real app as a subprocess (SQLite, and PostgreSQL when configured) driven by Chromium.

One server per backend for the whole session, each with its own data directory and the demo data loaded.
Tests share these servers, so whatever a test creates gets a unique name, and the demo users are never
changed in a way another test would notice (their passwords, roles, active flags and preferences stay).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from tests.conftest import POSTGRES_SERVER_URL, create_postgres_database, drop_postgres_database

ROOT = Path(__file__).resolve().parents[2]
OUTPUT_DIR = ROOT / 'tests' / 'output'
CHROMIUM = Path('/usr/bin/chromium')
CHROMIUM_ARGS = [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
]
DEMO_PASSWORD = 'demo-password'
ADMIN = 'admin@demo.example'
DEMO_LOGINS = {
    'admin': ADMIN,
    'supervisor': 'supervisor@demo.example',
    'technician': 'technician@demo.example',
    'viewer': 'viewer@demo.example',
}
DESKTOP = {'width': 1440, 'height': 900}
TABLET = {'width': 768, 'height': 1024}
STARTUP_SECONDS = 90
BACKENDS = ['sqlite', 'postgresql']

expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


# --- servers -------------------------------------------------------------------------------------------------


class AppServer:
    """``cmms serve`` in a subprocess on a free port; its output goes to a log file shown when start-up fails."""

    def __init__(self, name: str, database_url: str | None) -> None:
        self.data_dir = Path(tempfile.mkdtemp(prefix=f'cmms-e2e-{name}-'))
        self.port = _free_port()
        self.base_url = f'http://127.0.0.1:{self.port}'
        self.log_path = self.data_dir / 'server.log'
        env = {key: value for key, value in os.environ.items() if not key.startswith('CMMS_')}
        env.update(
            {
                'CMMS_DATA_DIR': str(self.data_dir),
                'CMMS_DEMO': '1',
                'CMMS_SCHEDULER_ENABLED': '0',
                'CMMS_PORT': str(self.port),
                'CMMS_HOST': '127.0.0.1',
                'CMMS_ENV': 'development',
            }
        )
        if database_url:
            env['CMMS_DATABASE_URL'] = database_url
        self._log = self.log_path.open('wb')
        self.process = subprocess.Popen(
            [sys.executable, '-m', 'app.cli', 'serve'], cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT
        )

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f'the app exited with {self.process.returncode}:\n{self.log_path.read_text()[-4000:]}')
            try:
                if httpx.get(f'{self.base_url}/health', timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        pytest.fail(f'the app did not answer /health in {STARTUP_SECONDS} s:\n{self.log_path.read_text()[-4000:]}')

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


@pytest.fixture(scope='session')
def sqlite_server() -> Iterator[str]:
    server = AppServer('sqlite', None)
    try:
        server.wait_until_healthy()
        yield server.base_url
    finally:
        server.stop()


@pytest.fixture(scope='session')
def postgresql_server() -> Iterator[str]:
    if not POSTGRES_SERVER_URL:
        pytest.skip('PostgreSQL not configured: set CMMS_TEST_DATABASE_URL')
    database_url = create_postgres_database('cmms_e2e')
    server = AppServer('postgresql', database_url)
    try:
        server.wait_until_healthy()
        yield server.base_url
    finally:
        server.stop()
        drop_postgres_database(database_url)


@pytest.fixture(params=BACKENDS)
def base_url(request: pytest.FixtureRequest) -> str:
    """The app's URL, once per backend (the PostgreSQL run skips when no PostgreSQL is configured)."""
    return request.getfixturevalue(f'{request.param}_server')


@pytest.fixture
def sqlite_url(sqlite_server: str) -> str:
    """For tests of behaviour that does not depend on the database: the SQLite server only."""
    return sqlite_server


# --- browser -------------------------------------------------------------------------------------------------


@pytest.fixture(scope='session')
def playwright_instance() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        pytest.skip('Debian chromium not installed')
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope='session')
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile per test: its own cookies, so its own signed-in session."""
    context = browser.new_context(viewport=DESKTOP)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


SignedIn = Callable[..., Page]


@pytest.fixture
def signed_in(browser: Browser) -> Iterator[SignedIn]:
    """``signed_in(base_url, email, viewport=DESKTOP)``: a page in its own context, signed in, on the start page.

    The first call per server and person logs in through the form; later ones reuse that browser's cookie,
    which saves a page load and a deliberately slow password hash per test. Such pages share the server-side
    session, so a test that logs out or changes the site filter must use ``page`` and ``login`` instead.
    """
    contexts: list[BrowserContext] = []

    def open_page(base_url: str, email: str, viewport: dict[str, int] = DESKTOP) -> Page:
        key = (base_url, email)
        context = browser.new_context(viewport=viewport, storage_state=_storage_states.get(key))
        contexts.append(context)
        page = context.new_page()
        if key in _storage_states:
            page.goto(f'{base_url}/')
        else:
            login(page, base_url, email)
            _storage_states[key] = context.storage_state()
        return page

    yield open_page
    for context in contexts:
        context.close()


_storage_states: dict[tuple[str, str], Any] = {}


# --- helpers -------------------------------------------------------------------------------------------------


def login(page: Page, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form and wait until the app has left the login page."""
    submit_login(page, base_url, email, password)
    page.wait_for_url(lambda url: '/login' not in url)


def submit_login(page: Page, base_url: str, email: str, password: str) -> None:
    if '/login' not in page.url:
        page.goto(f'{base_url}/login')
    page.get_by_label('Email').fill(email)
    page.get_by_label('Password', exact=True).fill(password)
    page.get_by_role('button', name='Sign in').click()


def screenshot(page: Page, request: pytest.FixtureRequest, label: str = '') -> Path:
    """Save tests/output/<test name>[-label]-<w>x<h>.png at the current viewport."""
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    name = re.sub(r'[^\w.-]+', '-', request.node.name).strip('-') + (f'-{label}' if label else '')
    path = OUTPUT_DIR / f'{name}-{size["width"]}x{size["height"]}.png'
    page.screenshot(path=path, full_page=True)
    return path


def unique(prefix: str) -> str:
    return f'{prefix} {uuid.uuid4().hex[:8]}'


def api_token(base_url: str, email: str = ADMIN, password: str = DEMO_PASSWORD) -> str:
    """A bearer token, fetched once per server and person (tokens live an hour; the suite takes minutes)."""
    key = (base_url, email, password)
    if key not in _tokens:
        response = httpx.post(
            f'{base_url}/api/v1/auth/token', json={'username': email, 'password': password}, timeout=10
        )
        response.raise_for_status()
        _tokens[key] = response.json()['access_token']
    return _tokens[key]


_tokens: dict[tuple[str, str, str], str] = {}


def api(base_url: str, token: str, method: str, path: str, **kwargs) -> httpx.Response:
    return httpx.request(
        method, f'{base_url}/api/v1{path}', headers={'Authorization': f'Bearer {token}'}, timeout=10, **kwargs
    )


def create_user(base_url: str, role: str = 'viewer', password: str = 'initial-password-1') -> dict:
    """A new account made through the API with the demo admin's token; its own email, so tests can spoil it."""
    email = f'e2e-{uuid.uuid4().hex[:10]}@example.com'
    response = api(
        base_url,
        api_token(base_url),
        'POST',
        '/users',
        json={'email': email, 'name': f'E2E {role} {email[4:10]}', 'role': role, 'password': password},
    )
    assert response.status_code == 201, response.text
    return response.json() | {'password': password}
