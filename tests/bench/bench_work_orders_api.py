"""B4: the work-order API on PostgreSQL, against a real uvicorn server in its own process.

B4a: POST /api/v1/work-orders from several concurrent clients (a supervisor's API key; each a planned work order with
asset, assignee, due time and estimate). Raw limit: the same number of concurrent psycopg connections, each running
the equivalent transaction straight in SQL (bump the number counter, insert the work order, its first transition and
its audit entry, commit), in the same run and database. Both sides warm up untimed first (40 creations per client):
the figure is the steady rate, not the first seconds of filling connection pools and statement caches.

B4b: 100,000 work orders bulk-inserted (executemany), then GET /api/v1/work-orders?limit=50 with varied filters,
sorts, searches and offsets, p95. Raw limit: the p95 of the very SQL the service runs for each request (recorded from
an in-process call, parameters included) replayed through psycopg; API and raw requests alternate so both see the
same load.
"""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import psycopg
from sqlalchemy import event, func, insert, select
from sqlalchemy.engine import Engine

from app.assets.models import Asset
from app.core import api_keys, tenancy
from app.core.db import session_scope, use_database
from app.core.enums import Role
from app.core.migrate import upgrade_to_head
from app.core.models import User
from app.core.principal import Principal
from app.core.schemas import ApiKeyCreate, SiteCreate
from app.work_orders.enums import Priority, StepKind, WorkOrderStatus, WorkType
from app.work_orders.models import WorkOrder, WorkOrderCounter, WorkOrderStep
from app.work_orders.schemas import WorkOrderFilter
from app.work_orders.service import list_work_orders
from tests.bench.harness import Result, fresh_postgres_database, percentile
from tests.bench.load_client import Answer, build_post, run_clients

CLIENTS = 8
CREATES_PER_CLIENT = 400
WARMUP_CREATES = 40  # per client, untimed
WORK_ORDERS = 100_000
ASSETS = 2_000
TECHNICIANS = 20
REQUESTS = 300
WARMUP = 40
SORTS = ['number', 'due_at', 'priority', 'status', 'created_at', 'updated_at', 'title']
TITLES = ['Replace bearing', 'Inspect pump', 'Lubricate conveyor', 'Calibrate sensor', 'Clean filter', 'Fix leak']
NOW = datetime.now(UTC)


def run() -> list[Result]:
    with fresh_postgres_database('cmms_bench_wo') as url:
        engine = use_database(url)
        upgrade_to_head(engine)
        create_org = _organization('Create Plant', assets=200)
        raw_org = _organization('Raw Plant', assets=200)
        list_org = _organization('List Plant', assets=ASSETS)
        ceiling = _framework_ceiling(url, create_org)
        server, port = _start_server(url)
        try:
            api_rate, created = _measure_creation(port, create_org)
            raw_rate = _raw_creation_rate(url, raw_org)
            _check_numbers(create_org['id'], created)
            _seed(engine, list_org)
            plans = _request_plans(list_org)
            api_ms, raw_ms = _measure_list(engine, url, port, list_org, plans)
        finally:
            server.terminate()
            server.wait(timeout=10)
    api_p95, raw_p95 = percentile(api_ms, 95), percentile(raw_ms, 95)
    print(
        f'  B4a: API {api_rate:,.0f} creates/s ({CLIENTS} clients × {CREATES_PER_CLIENT} timed, {created} in all); '
        f'raw SQL {raw_rate:,.0f}/s; '
        f'an empty FastAPI POST (no database) {ceiling:,.0f}/s\n'
        f'  B4b: API p50 {percentile(api_ms, 50):.1f} ms, p95 {api_p95:.1f} ms, max {max(api_ms):.1f} ms; '
        f'raw SQL p50 {percentile(raw_ms, 50):.1f} ms, p95 {raw_p95:.1f} ms ({len(api_ms)} requests)'
    )
    return [
        Result('B4a', f'API: create work orders, {CLIENTS} concurrent clients', api_rate, '/s', 300.0, raw_rate),
        Result(
            'B4b',
            'API: list a page of 50 among 100k work orders, p95',
            api_p95,
            'ms',
            50.0,
            raw_p95,
            higher_is_better=False,
        ),
    ]


def _organization(name: str, *, assets: int) -> dict[str, Any]:
    """An organisation with a site, technicians, assets (in bulk) and a supervisor API key."""
    with session_scope() as session:
        organization_id = tenancy.create_organization(session=session, name=name).id
        system = Principal.system(organization_id)
        site_id = tenancy.create_site(session=session, principal=system, data=SiteCreate(name=f'{name} site')).id
        users = [
            User(
                organization_id=organization_id,
                email=f'tech{n}@{name.split()[0].lower()}.example',
                name=f'Technician {n}',
                role=Role.TECHNICIAN,
                password_hash='-',
            )
            for n in range(TECHNICIANS)
        ]
        session.add_all(users)
        session.flush()
        asset_rows = [
            {'organization_id': organization_id, 'code': f'M-{n:05d}', 'name': f'Machine {n}', 'site_id': site_id}
            for n in range(assets)
        ]
        asset_ids = session.scalars(
            insert(Asset).returning(Asset.id, sort_by_parameter_order=True),
            [{**row, 'asset_type': 'machinery'} for row in asset_rows],
        ).all()
        key = api_keys.create_api_key(
            session=session, principal=system, data=ApiKeyCreate(name='bench', role=Role.SUPERVISOR)
        ).key
        return {
            'id': organization_id,
            'site_id': site_id,
            'user_ids': [u.id for u in users],
            'asset_ids': list(asset_ids),
            'key': key,
        }


def _framework_ceiling(url: str, org: dict[str, Any]) -> float:
    """The same clients and bodies against ``tests/bench/empty_api.py``: what the web stack alone can answer."""
    server, port = _start_server(url, 'tests.bench.empty_api:app', factory=False)
    try:
        return _measure_creation(port, org)[0]
    finally:
        server.terminate()
        server.wait(timeout=10)


def _start_server(
    url: str, app: str = 'app.api_app:create_api_app', *, factory: bool = True
) -> tuple[subprocess.Popen, int]:
    """uvicorn in its own process (its own interpreter lock), as a deployment runs it."""
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]
    # The same data directory as this process: API keys are checked with the secrets generated there.
    env = {**os.environ, 'CMMS_DATABASE_URL': url, 'CMMS_SCHEDULER_ENABLED': '0', 'CMMS_ENV': 'development'}
    command = [sys.executable, '-m', 'uvicorn', app, *(['--factory'] if factory else []), '--host', '127.0.0.1']
    command += ['--port', str(port), '--log-level', 'warning', '--no-access-log']
    server = subprocess.Popen(command, env=env)
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f'http://127.0.0.1:{port}/', timeout=2)
            return server, port
        except httpx.TransportError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError('uvicorn did not start') from None
            time.sleep(0.1)


def _creation_body(rng: random.Random, org: dict[str, Any], n: int) -> dict[str, Any]:
    return {
        'title': f'{rng.choice(TITLES)} {n}',
        'description': 'Noise from the drive end; check and fix.',
        'asset_id': rng.choice(org['asset_ids']),
        'work_type': rng.choice(list(WorkType)).value,
        'priority': rng.choice(list(Priority)).value,
        'status': 'scheduled',
        'due_at': (NOW + timedelta(days=rng.randint(1, 30))).isoformat(),
        'assignee_id': rng.choice(org['user_ids']),
        'estimated_hours': '2.5',
    }


def _measure_creation(port: int, org: dict[str, Any]) -> tuple[float, int]:
    """CLIENTS keep-alive connections, each POSTing as fast as answers come (lean client: load_client.py).

    A warm-up pass goes first and is not timed: it fills the connection pools (each new PostgreSQL connection is a
    process start on the server) and the statement caches, as the raw SQL side connects before its clock starts.
    Returns the measured rate and how many work orders both passes created.
    """
    headers = {'Authorization': f'Bearer {org["key"]}'}

    def client_requests(index: int, first: int, count: int) -> list[bytes]:
        rng = random.Random(index + first)
        bodies = (_creation_body(rng, org, first + index * count + n) for n in range(count))
        return [build_post('127.0.0.1', '/api/v1/work-orders', headers, body) for body in bodies]

    def created(answer: Answer) -> None:
        if answer.status != 201:
            raise RuntimeError(f'creating a work order failed: {answer.status} {answer.body[:500]!r}')

    warm_up = [client_requests(index, 0, WARMUP_CREATES) for index in range(CLIENTS)]
    measured = [client_requests(index, CLIENTS * WARMUP_CREATES, CREATES_PER_CLIENT) for index in range(CLIENTS)]
    _, warm_answers = run_clients(port, warm_up, created)
    rate, answers = run_clients(port, measured, created)
    return rate, len(warm_answers) + len(answers)


def _raw_creation_rate(url: str, org: dict[str, Any]) -> float:
    """The same transactions straight through psycopg: counter bump, work order, transition, audit entry, commit."""
    start = threading.Barrier(CLIENTS + 1, timeout=120)

    def client(index: int) -> int:
        rng = random.Random(1000 + index)
        with psycopg.connect(url) as connection:
            for n in range(WARMUP_CREATES):  # as the API side: prepared statements and caches warm before the clock
                _raw_create(connection, org, _creation_body(rng, org, n))
            start.wait()
            for n in range(CREATES_PER_CLIENT):
                _raw_create(connection, org, _creation_body(rng, org, index * CREATES_PER_CLIENT + n))
        return CREATES_PER_CLIENT

    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(client, i) for i in range(CLIENTS)]
        start.wait()
        began = time.perf_counter()
        created = sum(f.result() for f in futures)
        elapsed = time.perf_counter() - began
    return created / elapsed


def _raw_create(connection: psycopg.Connection, org: dict[str, Any], body: dict[str, Any]) -> None:
    now = datetime.now(UTC)
    with connection.transaction():
        number = connection.execute(
            'INSERT INTO work_order_counters (organization_id, last_number) VALUES (%s, 1) '
            'ON CONFLICT (organization_id) DO UPDATE SET last_number = work_order_counters.last_number + 1 '
            'RETURNING last_number',
            (org['id'],),
        ).fetchone()[0]
        work_order_id = connection.execute(
            'INSERT INTO work_orders (organization_id, number, title, description, asset_id, site_id, work_type, '
            'priority, status, due_at, assignee_id, team, requester_id, requested_by, estimated_hours, estimated_cost, '
            'actual_hours, labour_cost, parts_cost, failure_problem, failure_cause, failure_remedy, planned_parts, '
            'scheduled_at, version, created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '
            "'', NULL, 'bench', %s, %s, 0, 0, 0, '', '', '', '[]', %s, 1, %s, %s) RETURNING id",
            (
                org['id'],
                number,
                body['title'],
                body['description'],
                body['asset_id'],
                org['site_id'],
                body['work_type'],
                body['priority'],
                body['status'],
                body['due_at'],
                body['assignee_id'],
                Decimal(body['estimated_hours']),
                Decimal('112.50'),
                now,
                now,
                now,
            ),
        ).fetchone()[0]
        connection.execute(
            'INSERT INTO work_order_transitions (organization_id, work_order_id, from_status, to_status, at, '
            "actor_label, note) VALUES (%s, %s, NULL, 'scheduled', %s, 'bench', '')",
            (org['id'], work_order_id, now),
        )
        connection.execute(
            'INSERT INTO audit_entries (organization_id, at, actor_kind, actor_id, actor_label, action, '
            'entity_type, entity_id, summary, changes) '
            "VALUES (%s, %s, 'api_key', NULL, 'bench', 'create', 'work_order', %s, %s, %s)",
            (org['id'], now, str(work_order_id), f'created work order {number}', json.dumps(body)),
        )


def _check_numbers(organization_id: int, created: int) -> None:
    with session_scope() as session:
        numbers = session.scalars(select(WorkOrder.number).where(WorkOrder.organization_id == organization_id)).all()
    assert sorted(numbers) == list(range(1, created + 1)), 'numbers must be unique and gap-free'


def _seed(engine: Engine, org: dict[str, Any]) -> None:
    """100,000 work orders over five years (executemany), a checklist on every fifth one, then ANALYZE."""
    rng = random.Random(3)
    statuses = [
        (WorkOrderStatus.COMPLETED, 62),
        (WorkOrderStatus.CANCELLED, 5),
        (WorkOrderStatus.REQUESTED, 8),
        (WorkOrderStatus.SCHEDULED, 12),
        (WorkOrderStatus.IN_PROGRESS, 9),
        (WorkOrderStatus.ON_HOLD, 4),
    ]
    table = WorkOrder.__table__
    rows = []
    for number in range(1, WORK_ORDERS + 1):
        created_at = NOW - timedelta(minutes=(WORK_ORDERS - number) * 26)  # ~5 years, oldest first
        status = rng.choices([s for s, _ in statuses], weights=[w for _, w in statuses])[0]
        due_at = created_at + timedelta(days=rng.randint(1, 30)) if rng.random() < 0.85 else None
        rows.append(
            {
                'organization_id': org['id'],
                'number': number,
                'title': f'{rng.choice(TITLES)} {rng.choice(["north", "south", "line 2", "press", "oven"])} {number}',
                'asset_id': rng.choice(org['asset_ids']),
                'site_id': org['site_id'],
                'work_type': rng.choice(list(WorkType)),
                'priority': rng.choices(list(Priority), weights=[5, 20, 50, 25])[0],
                'status': status,
                'due_at': due_at,
                'assignee_id': rng.choice(org['user_ids']) if rng.random() < 0.9 else None,
                'estimated_hours': Decimal(rng.randint(1, 16)) / 2,
                'scheduled_at': created_at if status is not WorkOrderStatus.REQUESTED else None,
                'completed_at': created_at + timedelta(days=rng.randint(0, 20))
                if status is WorkOrderStatus.COMPLETED
                else None,
                'created_at': created_at,
                'updated_at': created_at + timedelta(hours=rng.randint(0, 500)),
                'planned_parts': [],
            }
        )
    with engine.begin() as connection:
        for chunk in range(0, len(rows), 10_000):
            connection.execute(insert(table), rows[chunk : chunk + 10_000])  # executemany (insertmanyvalues)
        connection.execute(
            insert(WorkOrderCounter.__table__).values(organization_id=org['id'], last_number=WORK_ORDERS)
        )
        ids = connection.scalars(
            select(table.c.id).where(table.c.organization_id == org['id']).order_by(table.c.id)
        ).all()
        steps = [
            {
                'organization_id': org['id'],
                'work_order_id': work_order_id,
                'position': position,
                'title': f'Step {position}',
                'kind': StepKind.CHECKBOX,
                'state': 'done' if rng.random() < 0.6 else 'pending',
            }
            for work_order_id in ids[::5]
            for position in range(1, 5)
        ]
        connection.execute(insert(WorkOrderStep.__table__), steps)
        assert connection.scalar(select(func.count()).select_from(table).where(table.c.organization_id == org['id']))
    with engine.connect().execution_options(isolation_level='AUTOCOMMIT') as connection:
        connection.exec_driver_sql('VACUUM ANALYZE')


def _request_plans(org: dict[str, Any]) -> list[dict[str, Any]]:
    """Varied list requests: every sort both ways, deep offsets, statuses incl. open/overdue, filters, searches."""
    rng = random.Random(11)
    plans = []
    for _ in range(WARMUP + REQUESTS):
        params: dict[str, Any] = {'limit': 50, 'sort': rng.choice(SORTS), 'descending': rng.choice(['true', 'false'])}
        shape = rng.random()
        if shape < 0.25:
            params['offset'] = rng.randrange(0, WORK_ORDERS - 50, 50)
        elif shape < 0.45:
            params['status'] = rng.choice(['open', 'overdue', 'in_progress,on_hold', 'requested', 'scheduled'])
            params['offset'] = rng.randrange(0, 2000, 50)
        elif shape < 0.55:
            params['assignee_id'] = rng.choice(org['user_ids'])
            params['status'] = 'open'
        elif shape < 0.65:
            params['asset_id'] = rng.choice(org['asset_ids'])
        elif shape < 0.75:
            params['priority'] = rng.choice(['critical', 'high', 'critical,high'])
            params['work_type'] = rng.choice([t.value for t in WorkType])
            params['offset'] = rng.randrange(0, 500, 50)
        elif shape < 0.9:
            params['q'] = rng.choice(
                [f'WO-{rng.randint(1, WORK_ORDERS):06d}', str(rng.randint(1, WORK_ORDERS)), 'bearing', 'M-001', 'oven']
            )
        else:
            start = NOW - timedelta(days=rng.randint(30, 1500))
            params['due_after'] = start.isoformat()
            params['due_before'] = (start + timedelta(days=30)).isoformat()
        plans.append(params)
    return plans


def _service_statements(engine: Engine, organization_id: int, params: dict[str, Any]) -> list[tuple[str, Any]]:
    """The SQL (with its parameters) the list service runs for one request, recorded from a call in this process."""
    recorded: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        recorded.append((statement, parameters))

    event.listen(engine, 'before_cursor_execute', record)
    try:
        with session_scope() as session:
            list_work_orders(
                session=session,
                principal=Principal.system(organization_id),
                filters=WorkOrderFilter.model_validate(params),
            )
    finally:
        event.remove(engine, 'before_cursor_execute', record)
    return recorded


def _measure_list(
    engine: Engine, url: str, port: int, org: dict[str, Any], plans: list[dict[str, Any]]
) -> tuple[list[float], list[float]]:
    """Each request through the API, then the same SQL straight through psycopg in one transaction (alternating,
    so that both see the same load)."""
    api_ms, raw_ms = [], []
    headers = {'Authorization': f'Bearer {org["key"]}'}
    with (
        httpx.Client(base_url=f'http://127.0.0.1:{port}/api/v1', headers=headers, timeout=30) as client,
        psycopg.connect(url) as connection,
    ):
        for index, params in enumerate(plans):
            statements = _service_statements(engine, org['id'], params)
            started = time.perf_counter()
            response = client.get('/work-orders', params=params)
            api_elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.text
            started = time.perf_counter()
            with connection.transaction():
                results = [connection.execute(sql, parameters).fetchall() for sql, parameters in statements]
            raw_elapsed = (time.perf_counter() - started) * 1000
            assert len(response.json()['items']) in {len(rows) for rows in results}, params
            if index >= WARMUP:
                api_ms.append(api_elapsed)
                raw_ms.append(raw_elapsed)
    return api_ms, raw_ms
