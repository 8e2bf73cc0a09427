"""The import checks that look across rows and at the organisation: duplicate codes, sites, parents, hierarchy
cycles, retiring an asset that still has children in service, and rows whose parent cannot be imported."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.assets.enums import END_OF_LIFE_STATUSES, AssetStatus
from app.assets.events import AssetStatusChanged
from app.assets.transfer_rows import ImportRow
from app.core import events
from app.core.models import Site

MAX_CYCLE_TEXT = 8
LEFT_OUT_NOTE = ' (with rows that cannot be imported)'


@dataclass
class Stored:
    """The organisation's assets as these checks see them, by code."""

    ids: dict[str, int] = field(default_factory=dict)
    parents: dict[str, str | None] = field(default_factory=dict)
    statuses: dict[str, AssetStatus] = field(default_factory=dict)


def first_rows(rows: list[ImportRow]) -> dict[str, ImportRow]:
    """Code → its first row; a later row with the same code is an error (the first one stays)."""
    first: dict[str, ImportRow] = {}
    for row in rows:
        if not row.code:
            continue
        if row.code in first:
            row.error('code', f'duplicate code {row.code!r}: already on row {first[row.code].line}')
        else:
            first[row.code] = row
    return first


def resolve_sites(session: Session, organization_id: int, rows: list[ImportRow]) -> dict[int, str]:
    """Sets each row's site_id from the site's name (exact, else ignoring case); returns site id → name."""
    sites = dict(session.execute(select(Site.name, Site.id).where(Site.organization_id == organization_id)).all())
    folded: dict[str, int | None] = {}
    for name, site_id in sites.items():
        folded[name.casefold()] = None if name.casefold() in folded else site_id  # None: ambiguous by case
    for row in rows:
        if row.site_name is None:
            row.values['site_id'] = None
            continue
        site_id = sites.get(row.site_name) or folded.get(row.site_name.casefold())
        if site_id is None:
            known = ', '.join(sorted(sites)[:10]) or 'none yet (an admin adds them under Admin → Sites)'
            row.error('site', f'unknown site {row.site_name!r}; sites: {known}')
        row.values['site_id'] = site_id
    return {site_id: name for name, site_id in sites.items()}


def resolve_parents(rows: list[ImportRow], first: dict[str, ImportRow], stored: Stored) -> None:
    for row in rows:
        parent = row.parent_code
        if parent is None:
            continue
        if parent == row.code:
            row.error('parent_code', f'hierarchy cycle: {parent} cannot be its own parent')
        elif parent not in first and parent not in stored.ids:
            row.error('parent_code', f'unknown parent code {parent!r}: not in this file nor among your assets')


def settle(
    session: Session,
    organization_id: int,
    first: dict[str, ImportRow],
    stored: Stored,
    file_parents: dict[str, str | None],
) -> set[ImportRow]:
    """The rows that can be imported, after marking cycles, retirements and rows below a row left out.

    Repeats until nothing changes: a row left out keeps its stored parent and status, which can close a loop
    or leave a retired parent with a child in service that the file itself would have resolved.
    """
    mark_cycles(first, stored, file_parents, rows=first.values())
    guard_reasons: dict[int, list[str]] = {}
    while True:
        valid = _propagate_parent_errors(first)
        kept = {code: parent for code, parent in file_parents.items() if first[code] in valid}
        found = mark_cycles(first, stored, kept, rows=valid, note=LEFT_OUT_NOTE)
        found |= _mark_retirements(session, organization_id, first, valid, stored, kept, guard_reasons)
        if not found:
            return valid


def mark_cycles(
    first: dict[str, ImportRow],
    stored: Stored,
    file_parents: dict[str, str | None],
    *,
    rows: Iterable[ImportRow],
    note: str = '',
) -> bool:
    """Flag every file row on a loop of the hierarchy the import would produce; True if one was flagged."""

    def parent_of(code: str) -> str | None:
        return file_parents[code] if code in file_parents else stored.parents.get(code)

    done: set[str] = set()
    found = False
    for start in [row.code for row in rows if row.code]:
        path: dict[str, int] = {}
        code: str | None = start
        while code is not None and code not in done and code not in path:
            path[code] = len(path)
            code = parent_of(code)
        if code is not None and code in path:
            loop = list(path)[path[code] :]
            shown = loop if len(loop) <= MAX_CYCLE_TEXT else [*loop[:MAX_CYCLE_TEXT], '…']
            message = 'hierarchy cycle: ' + ' → '.join([*shown, code]) + note
            for member in loop:
                if member in first and not any(e.field == 'parent_code' for e in first[member].errors):
                    first[member].error('parent_code', message)
                    found = True
        done.update(path)
    return found


def _propagate_parent_errors(first: dict[str, ImportRow]) -> set[ImportRow]:
    """Rows with no error of their own and, up the file's chain of parents, none in their parents."""
    ok: dict[str, bool] = {}
    for start in first:
        chain: list[str] = []
        code: str | None = start
        while code in first and code not in ok:
            if first[code].errors:
                ok[code] = False
                break
            chain.append(code)
            code = first[code].parent_code  # None or outside the file: the chain ends at a stored or no parent
        verdict = ok[code] if code in first else True
        for member in reversed(chain):
            row = first[member]
            if not verdict:
                parent = first[row.parent_code]
                row.error('parent_code', f'parent {parent.code!r} on row {parent.line} cannot be imported')
            ok[member] = verdict
    return {row for code, row in first.items() if ok.get(code)}


def _mark_retirements(
    session: Session,
    organization_id: int,
    first: dict[str, ImportRow],
    valid: set[ImportRow],
    stored: Stored,
    kept_parents: dict[str, str | None],
    guard_reasons: dict[int, list[str]],
) -> bool:
    """Retiring (or decommissioning) needs every child out of service too, counted as the import would leave them,
    and no objection from the guards of the status event (open work orders); True if a row was flagged."""
    status = dict(stored.statuses)
    for row in valid:
        if row.code not in stored.ids or 'status' in row.given:
            status[row.code] = row.values['status']
    parents = {**stored.parents, **kept_parents}
    in_service = Counter(
        p for code, p in parents.items() if p is not None and status.get(code) not in END_OF_LIFE_STATUSES
    )
    found = False
    for row in valid:
        new = status[row.code]
        if new not in END_OF_LIFE_STATUSES or stored.statuses.get(row.code) == new:
            continue
        reasons = []
        if count := in_service.get(row.code, 0):
            reasons.append(f'it has {count} child asset{"s" if count != 1 else ""} still in service')
        if row.code in stored.ids:
            asset_id = stored.ids[row.code]
            if asset_id not in guard_reasons:
                proposed = AssetStatusChanged(
                    organization_id=organization_id,
                    asset_id=asset_id,
                    code=row.code,
                    from_status=stored.statuses[row.code],
                    to_status=new,
                )
                guard_reasons[asset_id] = events.objections(session, proposed)
            reasons += guard_reasons[asset_id]
        if reasons:
            row.error('status', f'cannot be set to {new.value}: {"; ".join(reasons)}')
            found = True
    return found
