"""B-A1: GET /api/v1/assets?limit=50 among 10,000 assets, p95 over ~300 varied requests, against a real uvicorn server.

The raw limit is the p95 of the same page's SQL executed straight through psycopg on one connection, in the same
run and database: a count and the page select (rows with their extras: site name, parent code, children count),
compiled from the service's own statements. API and raw requests alternate, so both see the same machine load.
"""

from __future__ import annotations

import random
import socket
import threading
import time
from typing import Any

import httpx
import psycopg
import uvicorn
from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine

from app.api_app import create_api_app
from app.assets.enums import AssetCondition, AssetStatus, AssetType, Criticality
from app.assets.models import Asset
from app.assets.schemas import AssetFilter, AssetSort
from app.assets.views import filter_conditions, page_query
from app.core import api_keys, tenancy
from app.core.db import session_scope, use_database
from app.core.enums import Role
from app.core.migrate import upgrade_to_head
from app.core.principal import Principal
from app.core.schemas import ApiKeyCreate, SiteCreate
from tests.bench.harness import Result, fresh_postgres_database, percentile

ASSETS = 10_000
ROOTS_PER_SITE = 10
MACHINES_PER_ROOT = 33
REQUESTS = 300
WARMUP = 40
SEARCH_TERMS = ['pump', 'grundfos', 'SN-12', 'line 2', 'motor', 'M-00', 'abb', 'valve 1']
MANUFACTURERS = ['Grundfos', 'Siemens', 'ABB', 'KSB', 'Festo', 'SEW']
KINDS = ['Pump', 'Motor', 'Valve', 'Conveyor', 'Compressor', 'Fan', 'Gearbox', 'Sensor']


def run() -> list[Result]:
    with fresh_postgres_database('cmms_bench_assets') as url:
        engine = use_database(url)
        upgrade_to_head(engine)
        organization_id, site_ids, parent_ids = _seed(engine)
        key = _api_key(organization_id)
        plans = _request_plans(site_ids, parent_ids)
        principal = Principal.system(organization_id)
        statements = _raw_statements(engine, principal, plans)
        server, port = _start_server()
        try:
            api_ms, raw_ms = _measure(url, port, key, plans, statements)
        finally:
            server.should_exit = True
    api_p95, raw_p95 = percentile(api_ms, 95), percentile(raw_ms, 95)
    print(
        f'  B-A1: API p50 {percentile(api_ms, 50):.1f} ms, p95 {api_p95:.1f} ms, max {max(api_ms):.1f} ms; '
        f'raw SQL p50 {percentile(raw_ms, 50):.1f} ms, p95 {raw_p95:.1f} ms ({len(plans)} requests)'
    )
    return [
        Result(
            'B-A1', 'API: list a page of 50 among 10k assets, p95', api_p95, 'ms', 50.0, raw_p95, higher_is_better=False
        )
    ]


def _seed(engine: Engine) -> tuple[int, list[int], list[int]]:
    """One organisation, 3 sites, 10,000 assets in three levels (line › machine › component), in bulk."""
    with session_scope() as session:
        organization_id = tenancy.create_organization(session=session, name='Bench Plant').id
        system = Principal.system(organization_id)
        site_ids = [
            tenancy.create_site(session=session, principal=system, data=SiteCreate(name=f'Site {n}')).id
            for n in range(1, 4)
        ]
    rng = random.Random(1)
    table = Asset.__table__
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    with engine.begin() as connection:
        roots = [
            _row(rng, organization_id, site_ids[i % 3], i, AssetType.SYSTEM, None) for i in range(3 * ROOTS_PER_SITE)
        ]
        root_ids = connection.scalars(statement, roots).all()
        machines = [
            _row(
                rng,
                organization_id,
                roots[i % len(roots)]['site_id'],
                len(roots) + i,
                AssetType.MACHINERY,
                root_ids[i % len(root_ids)],
            )
            for i in range(len(root_ids) * MACHINES_PER_ROOT)
        ]
        machine_ids = connection.scalars(statement, machines).all()
        first = len(roots) + len(machines)
        components = [
            _row(
                rng,
                organization_id,
                machines[i % len(machines)]['site_id'],
                first + i,
                AssetType.COMPONENT,
                machine_ids[i % len(machine_ids)],
            )
            for i in range(ASSETS - first)
        ]
        connection.execute(insert(table), components)  # executemany (insertmanyvalues batches)
        connection.exec_driver_sql('ANALYZE assets')
        assert connection.scalar(select(func.count()).select_from(table)) == ASSETS
    return organization_id, site_ids, list(machine_ids)


def _row(
    rng: random.Random, organization_id: int, site_id: int, number: int, asset_type: AssetType, parent_id: int | None
) -> dict[str, Any]:
    kind = rng.choice(KINDS)
    return {
        'organization_id': organization_id,
        'code': f'{asset_type.value[0].upper()}-{number:05d}',
        'name': f'{kind} {number % 97} line {number % 7}',
        'asset_type': asset_type if parent_id is None else rng.choice([asset_type, *AssetType]),
        'status': rng.choices(list(AssetStatus), weights=[70, 8, 6, 3, 5, 2, 3, 3])[0],
        'condition': rng.choice(list(AssetCondition)),
        'criticality': rng.choice(list(Criticality)),
        'parent_id': parent_id,
        'site_id': site_id,
        'building': f'Building {rng.randint(1, 6)}',
        'floor': str(rng.randint(0, 4)),
        'room': f'{rng.randint(1, 40):03d}',
        'latitude': 53.5 + rng.random() / 10,
        'longitude': 9.9 + rng.random() / 10,
        'manufacturer': rng.choice(MANUFACTURERS),
        'model': f'{kind[:2].upper()} {rng.randint(10, 99)}',
        'serial_number': f'SN-{rng.randint(0, 999_999):06d}',
        'attributes': {'power_kw': round(rng.uniform(0.5, 90), 1)},
    }


def _api_key(organization_id: int) -> str:
    with session_scope() as session:
        return api_keys.create_api_key(
            session=session,
            principal=Principal.system(organization_id),
            data=ApiKeyCreate(name='bench', role=Role.VIEWER),
        ).key


def _request_plans(site_ids: list[int], parent_ids: list[int]) -> list[dict[str, Any]]:
    """Varied list requests: every sort both ways, deep offsets, filters alone and combined, searches."""
    rng = random.Random(7)
    plans = []
    for _ in range(WARMUP + REQUESTS):
        params: dict[str, Any] = {
            'limit': 50,
            'sort': rng.choice(list(AssetSort)).value,
            'descending': rng.choice(['true', 'false']),
        }
        shape = rng.random()
        if shape < 0.35:
            params['offset'] = rng.randrange(0, ASSETS - 50, 50)
        elif shape < 0.55:
            params['q'] = rng.choice(SEARCH_TERMS)
        elif shape < 0.7:
            params['site_id'] = rng.choice(site_ids)
            params['status'] = ','.join(rng.sample([s.value for s in AssetStatus], 2))
            params['offset'] = rng.randrange(0, 1000, 50)
        elif shape < 0.8:
            params['parent_id'] = rng.choice(parent_ids)
        elif shape < 0.9:
            params['criticality'] = rng.choice(['high', 'critical'])
            params['condition'] = 'poor,critical'
            params['asset_type'] = rng.choice([t.value for t in AssetType])
        else:
            params['site_id'] = rng.choice(site_ids)
            params['q'] = rng.choice(SEARCH_TERMS)
        plans.append(params)
    return plans


def _start_server() -> tuple[uvicorn.Server, int]:
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_api_app(), host='127.0.0.1', port=port, log_level='warning', access_log=False)
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError('uvicorn did not start')
        time.sleep(0.05)
    return server, port


def _raw_statements(engine: Engine, principal: Principal, plans: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Per request, the count and the page select the service runs, as plain SQL."""
    statements = []
    for params in plans:
        lists = ('status', 'condition', 'asset_type', 'criticality')
        filters = AssetFilter.model_validate({k: v.split(',') if k in lists else v for k, v in params.items()})
        count = select(func.count()).select_from(Asset).where(*filter_conditions(principal, filters))
        page = page_query(principal, filters, with_total=False)
        compiled = [
            str(s.compile(dialect=engine.dialect, compile_kwargs={'literal_binds': True})) for s in (count, page)
        ]
        statements.append((compiled[0], compiled[1]))
    return statements


def _measure(
    url: str, port: int, key: str, plans: list[dict[str, Any]], statements: list[tuple[str, str]]
) -> tuple[list[float], list[float]]:
    """Each request through the API, then its raw SQL through psycopg (alternating: the same load for both)."""
    api_ms, raw_ms = [], []
    headers = {'Authorization': f'Bearer {key}'}
    with (
        httpx.Client(base_url=f'http://127.0.0.1:{port}/api/v1', headers=headers, timeout=30) as client,
        psycopg.connect(url, autocommit=True) as connection,
    ):
        for index, (params, (count_sql, page_sql)) in enumerate(zip(plans, statements, strict=True)):
            started = time.perf_counter()
            response = client.get('/assets', params=params)
            api_elapsed = (time.perf_counter() - started) * 1000
            response.raise_for_status()
            started = time.perf_counter()
            total = connection.execute(count_sql).fetchone()[0]
            rows = connection.execute(page_sql).fetchall()
            raw_elapsed = (time.perf_counter() - started) * 1000
            body = response.json()
            assert (body['total'], len(body['items'])) == (total, len(rows)), params
            if index >= WARMUP:
                api_ms.append(api_elapsed)
                raw_ms.append(raw_elapsed)
    return api_ms, raw_ms
