"""B-A3 / B-A4: the asset list and the asset map with the large demo set (10,000 assets) on PostgreSQL, in Chromium.

``cmms serve`` runs as a subprocess against a fresh database holding ``load_demo('large')``. A signed-in supervisor
opens /assets (time until the first grid row shows) and /map (time until the first marker or cluster shows), five
times each after one warm-up; the figure is the median. The raw limit is the time to show the bare login page in the
same run: what any NiceGUI page costs on this machine before it does any work of its own.

Two kinds of plant without internet: B-A4 runs where the tile host does not resolve (tile requests fail at once), B-A4o
where it resolves to a server that accepts connections and never answers (requests hang until the browser gives up).
B-A4o sends the tile host to a silent local listener with Chromium's host-resolver rules rather than a Playwright
route: routing turns off the browser's HTTP cache, so every page file would be fetched again and the figure would
measure the interception, not the map.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, Page, sync_playwright

from app.core.db import use_database
from app.core.migrate import upgrade_to_head
from app.demo import DEMO_PASSWORD, load_demo
from tests.bench.harness import Result, fresh_postgres_database, median, start_app_server

CHROMIUM_ARGS = [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
]
GRID_ROWS = '.ag-center-cols-container .ag-row:not(.ag-row-loading)'
MARKERS = '.cmms-pin, .cmms-cluster'
RUNS = 5
TARGET_SECONDS = 1.5


def run() -> list[Result]:
    with fresh_postgres_database('cmms_bench_ui') as url:
        upgrade_to_head(use_database(url))
        started = time.perf_counter()
        load_demo('large')
        print(f'  large demo loaded in {time.perf_counter() - started:.1f} s')
        server, base_url = start_app_server(url)
        try:
            login_s, list_s, map_s, offline_s = _measure(base_url)
        finally:
            server.terminate()
            server.wait(timeout=15)
    print(
        f'  login page {login_s:.3f} s · asset list {list_s:.3f} s · map {map_s:.3f} s'
        f' · map, tiles unreachable {offline_s:.3f} s (medians of {RUNS})'
    )
    return [
        Result(
            'B-A3',
            'asset list, 10k assets: first grid row in Chromium (median)',
            list_s,
            's',
            TARGET_SECONDS,
            raw_limit=login_s,
            higher_is_better=False,
        ),
        Result(
            'B-A4',
            'asset map, 10k assets: first marker/cluster in Chromium (median)',
            map_s,
            's',
            TARGET_SECONDS,
            raw_limit=login_s,
            higher_is_better=False,
        ),
        Result(
            'B-A4o',
            'asset map, 10k assets, tile server unreachable: first marker/cluster in Chromium (median)',
            offline_s,
            's',
            TARGET_SECONDS,
            raw_limit=login_s,
            higher_is_better=False,
        ),
    ]


def _measure(base_url: str) -> tuple[float, float, float, float]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path='/usr/bin/chromium', args=CHROMIUM_ARGS)
        try:
            login = [_time_login_page(browser, base_url) for _ in range(RUNS + 1)][1:]
            page = _signed_in_page(browser, base_url)
            listing, mapping = [], []
            for _ in range(RUNS + 1):
                listing.append(_time_to(page, f'{base_url}/assets', GRID_ROWS))
                mapping.append(_time_to(page, f'{base_url}/map', MARKERS))
        finally:
            browser.close()
        with _silent_server() as port:
            rules = f'--host-resolver-rules=MAP *.tile.openstreetmap.org 127.0.0.1:{port}'
            browser = playwright.chromium.launch(executable_path='/usr/bin/chromium', args=[*CHROMIUM_ARGS, rules])
            try:
                page = _signed_in_page(browser, base_url)
                offline = [_time_to(page, f'{base_url}/map', MARKERS) for _ in range(RUNS + 1)]
            finally:
                browser.close()
    return median(login), median(listing[1:]), median(mapping[1:]), median(offline[1:])


def _signed_in_page(browser: Browser, base_url: str) -> Page:
    page = browser.new_context(viewport={'width': 1440, 'height': 900}).new_page()
    page.goto(f'{base_url}/login')
    page.get_by_label('Email').fill('supervisor@demo.example')
    page.get_by_label('Password', exact=True).fill(DEMO_PASSWORD)
    page.get_by_role('button', name='Sign in').click()
    page.wait_for_url(lambda u: '/login' not in u)
    return page


@contextmanager
def _silent_server() -> Iterator[int]:
    """A TCP port that accepts every connection and never sends a byte: a tile host with no route out."""
    listener = socket.create_server(('127.0.0.1', 0), backlog=128)
    held: list[socket.socket] = []
    stop = threading.Event()

    def hold_connections() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=hold_connections, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=2)
        listener.close()
        for connection in held:
            connection.close()


def _time_login_page(browser: Browser, base_url: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    elapsed = _time_to(page, f'{base_url}/login', 'input[type=email]')
    context.close()
    return elapsed


def _time_to(page, url: str, selector: str) -> float:
    """Seconds from navigation start until ``selector`` is visible (map tiles are not awaited)."""
    started = time.perf_counter()
    page.goto(url, wait_until='commit')
    page.locator(selector).first.wait_for(state='visible', timeout=60_000)
    return time.perf_counter() - started
