"""Planning an asset import: every row checked against the file and the organisation, before anything is written.

The plan says which rows create an asset, which update one (and what changes), and which cannot be imported
and why (transfer_rows checks each row alone, transfer_checks across rows and against the organisation).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, any_, literal, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from app.assets.models import Asset
from app.assets.schemas import ImportReport, ImportRowError
from app.assets.transfer_checks import Stored, first_rows, resolve_parents, resolve_sites, settle
from app.assets.transfer_rows import (
    ASSET_FIELDS,
    MAX_ROWS,
    FileUnreadable,
    Header,
    ImportRow,
    check_row,
    parse_header,
    read_table,
    text,
)
from app.core.db import is_postgresql

CHUNK = 500  # codes per IN (...) query: well below every driver's bind-parameter limit


@dataclass
class Update:
    row: ImportRow
    asset_id: int
    changes: dict[str, tuple[Any, Any]]  # field → (before, after); parent as codes, attributes as dicts
    stored: dict[str, Any]  # the asset's columns before the import, and its parent's code


@dataclass
class ImportPlan:
    rows: list[ImportRow] = field(default_factory=list)
    file_errors: list[ImportRowError] = field(default_factory=list)  # the file or its header: nothing imports
    creates: list[ImportRow] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)  # valid rows of existing codes that change something
    unchanged: int = 0
    ids: dict[str, int] = field(default_factory=dict)  # code → id of the organisation's existing assets
    site_names: dict[int, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[ImportRowError]:
        return self.file_errors + sorted((e for r in self.rows for e in r.errors), key=lambda e: e.row)

    @property
    def valid_count(self) -> int:
        return len(self.creates) + len(self.updates) + self.unchanged

    def report(self, *, dry_run: bool, created: int | None = None, updated: int | None = None) -> ImportReport:
        """The report; a dry run counts what the import would create and update."""
        return ImportReport(
            dry_run=dry_run,
            rows=len(self.rows),
            valid_rows=self.valid_count,
            created=len(self.creates) if created is None else created,
            updated=len(self.updates) if updated is None else updated,
            errors=self.errors,
        )


def plan_import(
    session: Session, organization_id: int, file_name: str, content: bytes, mapping: dict[str, str] | None = None
) -> ImportPlan:
    """Read and check the whole file (its columns through ``mapping`` if given) against the organisation."""
    plan = ImportPlan()
    header = _read_rows(plan, file_name, content, mapping)
    if header is None or plan.file_errors:
        return plan
    stored, existing = _load_existing(session, organization_id, {row.code for row in plan.rows})
    plan.ids = stored.ids
    first = first_rows(plan.rows)
    plan.site_names = resolve_sites(session, organization_id, plan.rows)
    resolve_parents(plan.rows, first, stored)
    file_parents = {code: row.parent_code for code, row in first.items()} if header.has('parent_code') else {}
    valid = settle(session, organization_id, first, stored, file_parents)
    for row in plan.rows:
        if row not in valid:
            continue
        if row.code not in existing:
            plan.creates.append(row)
            continue
        before = existing[row.code] | {'parent_code': stored.parents[row.code]}
        changes = _changes(row, before, header)
        if changes:
            plan.updates.append(Update(row, before['id'], changes, before))
        else:
            plan.unchanged += 1
    return plan


def chunks(values: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _read_rows(plan: ImportPlan, file_name: str, content: bytes, mapping: dict[str, str] | None) -> Header | None:
    table = read_table(file_name, content)
    try:
        first = next(table, None)
        if first is None:
            plan.file_errors.append(ImportRowError(row=1, field='file', message='the file is empty'))
            return None
        header = parse_header(first[1], mapping)
        plan.file_errors.extend(header.errors)
        for line, cells in table:
            if all(text(cell) == '' for cell in cells):
                continue  # blank lines (and Excel's formatted-but-empty rows) are not rows
            if len(plan.rows) == MAX_ROWS:
                plan.file_errors.append(
                    ImportRowError(row=line, field='file', message=f'more than {MAX_ROWS:,} rows; split the file')
                )
                break
            plan.rows.append(ImportRow(line=line, code='') if header.errors else check_row(header, line, cells))
    except FileUnreadable as exc:
        plan.file_errors.append(ImportRowError(row=1, field='file', message=str(exc)))
        return None
    return header


def _load_existing(session: Session, organization_id: int, codes: set[str]) -> tuple[Stored, dict[str, dict[str, Any]]]:
    """The whole organisation by code (id, parent, status), and every stored column of the file's codes."""
    rows = session.execute(
        select(Asset.id, Asset.code, Asset.parent_id, Asset.status).where(Asset.organization_id == organization_id)
    ).all()
    code_of = {asset_id: code for asset_id, code, _, _ in rows}
    stored = Stored(
        ids={code: asset_id for asset_id, code, _, _ in rows},
        parents={code: code_of.get(parent_id) for _, code, parent_id, _ in rows},
        statuses={code: status for _, code, _, status in rows},
    )
    names = ('id', 'version', 'site_id', 'attributes', 'floor_plan_id', 'plan_x', 'plan_y', *ASSET_FIELDS)
    columns = [Asset.__table__.c[name] for name in names]
    wanted = sorted(codes & stored.ids.keys())
    existing = {}
    # One array parameter on PostgreSQL; chunks of IN (...) on SQLite. No row locks: the update checks versions.
    if is_postgresql(session.get_bind()):
        conditions = [Asset.code == any_(literal(wanted, ARRAY(String)))] if wanted else []
    else:
        conditions = [Asset.code.in_(batch) for batch in chunks(wanted)]
    for matches in conditions:
        query = select(*columns).where(Asset.organization_id == organization_id, matches)
        existing.update({row['code']: dict(row) for row in session.execute(query).mappings()})
    return stored, existing


def _changes(row: ImportRow, stored: dict[str, Any], header: Header) -> dict[str, tuple[Any, Any]]:
    changes = {}
    for name in row.given:
        if name != 'code' and stored[name] != row.values[name]:
            changes[name] = (stored[name], row.values[name])
    if header.has('site') and stored['site_id'] != row.values['site_id']:
        changes['site_id'] = (stored['site_id'], row.values['site_id'])
    if header.has('parent_code') and stored['parent_code'] != row.parent_code:
        changes['parent_code'] = (stored['parent_code'], row.parent_code)
    if row.attributes:
        before = dict(stored['attributes'] or {})
        after = {**before, **row.attributes}
        after = {key: value for key, value in after.items() if value is not None}
        if after != before:
            changes['attributes'] = (before, after)
    return changes
