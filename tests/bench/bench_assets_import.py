"""B-A2: importing a 10,000-row asset CSV into PostgreSQL (parse, check, bulk write, history, audit), in rows/s.

The raw limit is a plain SQLAlchemy executemany INSERT of the same rows into the same table in the same run:
what the database takes when nothing is parsed, checked or recorded. A second figure re-imports the file
with every row changed (10,000 updates).
"""

from __future__ import annotations

import csv
import io
import time
from datetime import UTC, datetime

from sqlalchemy import func, insert, select

from app.assets import transfer
from app.assets.models import Asset
from app.core import tenancy
from app.core.db import session_scope, use_database
from app.core.migrate import upgrade_to_head
from app.core.principal import Principal
from app.core.schemas import SiteCreate
from tests.bench.harness import Result, fresh_postgres_database

ROWS = 10_000
TARGET_ROWS_PER_SECOND = 2_000
HEADER = ['code', 'name', 'asset_type', 'status', 'condition', 'criticality', 'parent_code', 'site', 'building',
          'floor', 'room', 'latitude', 'longitude', 'manufacturer', 'model', 'serial_number', 'install_date',
          'purchase_cost', 'expected_life_years', 'attr:voltage']  # fmt: skip


def run() -> list[Result]:
    with fresh_postgres_database('cmms_bench_import') as url:
        upgrade_to_head(use_database(url))
        principal, site_name = _organization('Bench import')
        content = _csv(site_name, name_suffix='')
        started = time.perf_counter()
        created = _import(principal, content)
        first = time.perf_counter() - started
        assert created.created == ROWS and not created.errors, created.errors[:5]

        changed = _csv(site_name, name_suffix=' (rev. B)')
        started = time.perf_counter()
        updated = _import(principal, changed)
        second = time.perf_counter() - started
        assert updated.updated == ROWS, updated

        raw = max(_raw_insert_rows_per_second(content) for _ in range(2))  # best of two: the machine is shared
        with session_scope() as session:
            total = session.scalar(select(func.count()).select_from(Asset))
        assert total == 3 * ROWS
    return [
        Result(
            'B-A2', f'asset CSV import, {ROWS:,} new rows, PostgreSQL', ROWS / first, 'r/s', TARGET_ROWS_PER_SECOND, raw
        ),
        Result(
            'B-A2u',
            f'asset CSV re-import, {ROWS:,} changed rows (updates)',
            ROWS / second,
            'r/s',
            TARGET_ROWS_PER_SECOND,
            raw,
        ),
    ]


def _organization(name: str) -> tuple[Principal, str]:
    with session_scope() as session:
        organization = tenancy.create_organization(session=session, name=f'{name} {time.time_ns()}')
        principal = Principal.system(organization.id, 'benchmark')
        site = tenancy.create_site(session=session, principal=principal, data=SiteCreate(name='Bench Plant'))
    return principal, site.name


def _import(principal: Principal, content: bytes):
    with session_scope() as session:
        return transfer.run_import(session=session, principal=principal, file_name='bench.csv', content=content)


def _csv(site_name: str, *, name_suffix: str) -> bytes:
    """10,000 rows: every tenth is a line whose nine machines come before it in the file (parents defined later)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for n in range(ROWS):
        line = n - n % 10 + 9
        parent = f'B-{line:05}' if n % 10 != 9 else ''
        writer.writerow([
            f'B-{n:05}', f'Machine {n}{name_suffix}', 'system' if n % 10 == 9 else 'machinery', 'operational',
            'good', 'medium', parent, site_name, f'Hall {n % 7}', str(n % 3), f'R-{n % 40}',
            f'{53 + n / 1e5:.5f}', f'{9 + n / 1e5:.5f}', 'ACME', f'M{n % 13}', f'SN{n:08}', '2020-05-17',
            f'{1000 + n % 500}.50', '15', str(230 + n % 2 * 170),
        ])  # fmt: skip
    return buffer.getvalue().encode()


def _raw_insert_rows_per_second(content: bytes) -> float:
    """A plain executemany INSERT of the same rows (already parsed) into another organisation."""
    principal, _site = _organization('Bench raw')
    now = datetime.now(UTC)
    rows = [
        {'organization_id': principal.organization_id, 'code': row['code'], 'name': row['name'],
         'asset_type': row['asset_type'], 'status': row['status'], 'condition': row['condition'],
         'criticality': row['criticality'], 'building': row['building'], 'floor': row['floor'], 'room': row['room'],
         'latitude': float(row['latitude']), 'longitude': float(row['longitude']), 'manufacturer': row['manufacturer'],
         'model': row['model'], 'serial_number': row['serial_number'], 'description': '', 'department': '',
         'install_date': datetime.fromisoformat(row['install_date']).date(), 'purchase_cost': row['purchase_cost'],
         'expected_life_years': 15, 'attributes': {'voltage': int(row['attr:voltage'])}, 'version': 1,
         'created_at': now, 'updated_at': now}
        for row in csv.DictReader(io.StringIO(content.decode()))
    ]  # fmt: skip
    with session_scope() as session:
        started = time.perf_counter()
        session.execute(insert(Asset.__table__), rows)
        session.commit()
        return ROWS / (time.perf_counter() - started)
