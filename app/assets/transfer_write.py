"""Writing a checked import plan in bulk: new assets, changed assets and their history events, in the caller's
transaction. Statements are executemany (pipelined by psycopg on PostgreSQL), never one ORM object per row."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session

from app.assets.enums import AssetEventKind
from app.assets.events import AssetCreated, AssetStatusChanged
from app.assets.models import Asset, AssetEvent
from app.assets.transfer_plan import ImportPlan, Update
from app.assets.transfer_rows import ASSET_FIELDS, LOCATION_FIELDS, ImportRow
from app.assets.views import location_text, value_text
from app.core import events as domain_events
from app.core.db import is_postgresql
from app.core.errors import StaleVersion
from app.core.events import DomainEvent
from app.core.principal import Principal

_TABLE = Asset.__table__
_PLACE_FIELDS = frozenset({'site_id', *LOCATION_FIELDS})
_OWN_EVENT_FIELDS = _PLACE_FIELDS | {'status', 'condition', 'parent_code'}
# Every column an import may set; an update sets them all to their new (or unchanged) value in one statement.
_SET_COLUMNS = [name for name in ASSET_FIELDS if name != 'code'] + [
    'site_id', 'parent_id', 'attributes', 'floor_plan_id', 'plan_x', 'plan_y']  # fmt: skip
_UPDATE = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam('b_id'), _TABLE.c.version == bindparam('b_version'))
    .values(
        {name: bindparam(f'b_{name}') for name in _SET_COLUMNS}
        | {'version': _TABLE.c.version + 1, 'updated_at': bindparam('b_now')}
    )
)


def write_plan(session: Session, principal: Principal, plan: ImportPlan, file_name: str) -> None:
    """Insert the new assets (parents first, ids drawn ahead so each row carries its parent's id), update the
    changed ones, and add their history events."""
    now = datetime.now(UTC)
    ids = dict(plan.ids)
    events: list[dict[str, Any]] = []
    if plan.creates:
        creates = _parents_first(plan.creates)
        ids.update(zip((row.code for row in creates), _draw_ids(session, len(creates)), strict=True))
        fixed = {'organization_id': principal.organization_id, 'version': 1, 'created_at': now, 'updated_at': now}
        session.execute(insert(_TABLE), [
            row.values | fixed | {'id': ids[row.code], 'parent_id': ids[row.parent_code] if row.parent_code else None}
            for row in creates
        ])  # fmt: skip
        events += [_event(principal, ids[row.code], now, AssetEventKind.CREATED, None,
                          f'{row.code} {row.values["name"]}', f'imported from {file_name} (row {row.line})')
                   for row in creates]  # fmt: skip
    if plan.updates:
        updated = session.execute(_UPDATE, [_update_params(change, ids, now) for change in plan.updates]).rowcount
        if updated != len(plan.updates):  # someone saved one of these assets after the check: refuse, write nothing
            raise StaleVersion(
                f'{len(plan.updates) - updated} of the assets were changed by someone else during the '
                'import; nothing was imported — import the file again'
            )
        for change in plan.updates:
            events += _change_events(principal, plan, change, now, file_name)
    if events:
        session.execute(insert(AssetEvent.__table__), events)
    domain_events.publish_all(session, _domain_events(principal, plan, ids))


def _domain_events(principal: Principal, plan: ImportPlan, ids: dict[str, int]) -> list[DomainEvent]:
    """What an import tells other domains, as the one-by-one services would: assets created, statuses changed."""
    organization_id = principal.organization_id
    published: list[DomainEvent] = [
        AssetCreated(
            organization_id=organization_id,
            asset_id=ids[row.code],
            code=row.code,
            asset_name=row.values['name'],
            asset_type=row.values['asset_type'],
            status=row.values['status'],
            site_id=row.values.get('site_id'),
        )
        for row in plan.creates
    ]
    for change in plan.updates:
        if 'status' in change.changes:
            old, new = change.changes['status']
            published.append(
                AssetStatusChanged(
                    organization_id=organization_id,
                    asset_id=change.asset_id,
                    code=change.row.code,
                    from_status=old,
                    to_status=new,
                    note=f'imported (row {change.row.line})',
                )
            )
    return published


def _draw_ids(session: Session, count: int) -> list[int]:
    """``count`` new asset ids: from the sequence on PostgreSQL; after the largest on SQLite, whose write
    transaction (BEGIN IMMEDIATE) holds the database until commit, so no one else can take them meanwhile."""
    if is_postgresql(session.get_bind()):
        query = text("SELECT nextval(pg_get_serial_sequence('assets', 'id')) FROM generate_series(1, :count)")
        return list(session.scalars(query, {'count': count}))
    start = (session.scalar(select(func.max(_TABLE.c.id))) or 0) + 1
    return list(range(start, start + count))


def _parents_first(rows: list[ImportRow]) -> list[ImportRow]:
    """New rows ordered by their depth among the new rows, so each parent is inserted before its children."""
    by_code = {row.code: row for row in rows}
    depth: dict[str, int] = {}
    for row in rows:
        if row.code in depth:
            continue
        chain = [row.code]
        while (parent := by_code[chain[-1]].parent_code) in by_code and parent not in depth:
            chain.append(parent)  # the plan has no cycles, so this ends
        base = depth.get(by_code[chain[-1]].parent_code, -1)
        for offset, code in enumerate(reversed(chain), start=1):
            depth[code] = base + offset
    return sorted(rows, key=lambda row: depth[row.code])


def _update_params(change: Update, ids: dict[str, int], now: datetime) -> dict[str, Any]:
    after = change.stored | {name: new for name, (_old, new) in change.changes.items()}
    if 'site_id' in change.changes:
        after |= {'floor_plan_id': None, 'plan_x': None, 'plan_y': None}  # another site: off the old site's plan
    after['parent_id'] = ids[after['parent_code']] if after['parent_code'] else None
    keys = {'b_id': change.asset_id, 'b_version': change.stored['version'], 'b_now': now}
    return {f'b_{name}': after[name] for name in _SET_COLUMNS} | keys


def _change_events(principal: Principal, plan: ImportPlan, change: Update, now: datetime,
                   file_name: str) -> list[dict[str, Any]]:  # fmt: skip
    """The timeline entries of one updated asset, as the asset services write them: status, condition,
    hierarchy (by code), one for the location (as text), and one per other field."""
    before = change.stored
    after = before | {name: new for name, (_old, new) in change.changes.items()}
    note = f'imported from {file_name} (row {change.row.line})'
    changed = change.changes.keys()
    events = []

    def add(kind: AssetEventKind, field: str, old: str | None, new: str | None) -> None:
        events.append(_event(principal, change.asset_id, now, kind, old, new, note, field=field))

    for name, kind in (('condition', AssetEventKind.CONDITION), ('status', AssetEventKind.STATUS)):
        if name in changed:
            add(kind, name, value_text(before[name]), value_text(after[name]))
    if 'parent_code' in changed:
        add(AssetEventKind.HIERARCHY, 'parent_id', before['parent_code'], after['parent_code'])
    if changed & _PLACE_FIELDS:
        sites = plan.site_names
        add(AssetEventKind.LOCATION, 'location', location_text(before, sites.get(before['site_id'])),
            location_text(after, sites.get(after['site_id'])))  # fmt: skip
    for name in sorted(changed - _OWN_EVENT_FIELDS):
        add(AssetEventKind.FIELD, name, value_text(before[name]), value_text(after[name]))
    return events


def _event(principal: Principal, asset_id: int, at: datetime, kind: AssetEventKind, from_value: str | None,
           to_value: str | None, note: str, *, field: str | None = None) -> dict[str, Any]:  # fmt: skip
    return {'organization_id': principal.organization_id, 'asset_id': asset_id, 'at': at,
            'actor_label': principal.label, 'kind': kind, 'field': field, 'from_value': from_value,
            'to_value': to_value, 'note': note, 'score': None}  # fmt: skip
