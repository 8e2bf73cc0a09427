"""Helpers (no tests) shared by the import/export tests: an organisation, files built from dicts, row readers."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.assets.models import Asset, AssetEvent
from app.core.db import session_scope
from app.core.enums import Role
from app.core.principal import Principal
from tests.factories import create_organization, create_site, unique


@dataclass
class Org:
    id: int
    admin: Principal
    site_name: str


def new_org(roles: tuple[Role, ...] = (Role.ADMIN,)) -> Org:
    organization_id, members = create_organization(roles=roles)
    site = create_site(organization_id, name=unique('Plant North'))
    return Org(organization_id, members[Role.ADMIN].principal, site.name)


def csv_file(*rows: dict[str, Any], columns: list[str] | None = None) -> bytes:
    columns = columns or list(dict.fromkeys(key for row in rows for key in row))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([[row.get(column, '') for column in columns] for row in rows])
    return buffer.getvalue().encode()


def xlsx_file(*rows: dict[str, Any]) -> bytes:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode('utf-8-sig'))))


def read_xlsx(content: bytes) -> list[dict[str, Any]]:
    rows = list(load_workbook(io.BytesIO(content), read_only=True).worksheets[0].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def write_csv(rows: list[dict[str, str]]) -> bytes:
    return csv_file(*rows, columns=list(rows[0]))


def assets_of(organization_id: int) -> dict[str, Asset]:
    """The organisation's assets by code (detached)."""
    with session_scope() as session:
        return {a.code: a for a in session.scalars(select(Asset).where(Asset.organization_id == organization_id))}


def event_count(organization_id: int) -> int:
    with session_scope() as session:
        return (
            session.scalar(
                select(func.count()).select_from(AssetEvent).where(AssetEvent.organization_id == organization_id)
            )
            or 0
        )


def errors_of(report: Any) -> set[tuple[int, str]]:
    return {(e.row, e.field) for e in report.errors}


def pump(code: str, **fields: Any) -> dict[str, Any]:
    return {'code': code, 'name': f'Pump {code}', 'asset_type': 'equipment', **fields}
