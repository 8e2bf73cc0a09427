"""Assets: register, find, edit, move, assess. Every change lands with its history events and audit entry.

Reading helpers (query building, read models, the timeline) live in ``views``; the hierarchy, floor-plan and
end-of-life rules in ``hierarchy``. The functions below are the ones pages, routes and other domains call.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.assets import hierarchy
from app.assets.enums import END_OF_LIFE_STATUSES, AssetCondition, AssetEventKind, AssetStatus, AssetType, Criticality
from app.assets.events import AssetCreated, AssetStatusChanged, ConditionAssessed
from app.assets.hierarchy import asset_tree, list_ancestors, list_children  # noqa: F401  (part of this API)
from app.assets.models import Asset, AssetEvent
from app.assets.schemas import (
    AssetCreate,
    AssetEventRead,
    AssetFilter,
    AssetRead,
    AssetStatistics,
    AssetUpdate,
    ConditionAssessment,
    LocationChange,
    warranty_problem,
)
from app.assets.views import (
    ASSET_FIELDS,
    add_event,
    fetch_reads,
    filter_conditions,
    filtered_asset_query,  # noqa: F401  (part of this API: export and map use it)
    json_value,
    page_query,
    reads_from_rows,
    record_events,
)
from app.core import audit, events
from app.core.db import utcnow
from app.core.enums import AuditAction
from app.core.errors import Conflict, NotFound, StaleVersion, ValidationFailed
from app.core.events import DomainEvent
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.schemas import Page, PageParams
from app.core.scoping import check_version, load_scoped

_NOT_NULL = frozenset({'code', 'name', 'asset_type', 'status', 'condition', 'criticality'})
_BLANK_WHEN_NULL = {'description': '', 'manufacturer': '', 'model': '', 'serial_number': '', 'attributes': {}}


def create_asset(*, session: Session, principal: Principal, data: AssetCreate) -> AssetRead:
    """Register an asset; its code must be free within the organisation (409 otherwise)."""
    require(principal, Permission.ASSETS_WRITE)
    values = data.model_dump(exclude={'location'}) | data.location.model_dump()
    values |= _check_new_values(session, principal, None, values, set(values), prefix='location.')
    asset = Asset(organization_id=principal.organization_id, **values)
    session.add(asset)
    _flush(session, asset.code)
    add_event(session, principal, asset, AssetEventKind.CREATED, at=utcnow(), to_value=f'{asset.code} {asset.name}')
    created = audit.created({k: json_value(getattr(asset, k)) for k in ASSET_FIELDS})
    audit.record(
        session,
        principal,
        AuditAction.CREATE,
        'asset',
        asset.id,
        changes=created,
        summary=f'created asset {asset.code}',
    )
    events.publish(
        session,
        AssetCreated(
            organization_id=asset.organization_id,
            asset_id=asset.id,
            code=asset.code,
            asset_name=asset.name,
            asset_type=asset.asset_type,
            status=asset.status,
            site_id=asset.site_id,
        ),
    )
    return _read(session, principal, asset.id)


def list_assets(*, session: Session, principal: Principal, filters: AssetFilter) -> Page[AssetRead]:
    """Assets of the organisation matching the filters, one page, with the total count."""
    require(principal, Permission.ASSETS_READ)
    searching = bool(filters.q and filters.q.strip())  # a search reads every row anyway: count in the same pass
    rows = session.execute(page_query(principal, filters, with_total=searching)).all()
    total = rows[0][4] if searching and rows else None
    if total is None and (0 < len(rows) < filters.limit or (not rows and filters.offset == 0)):
        total = filters.offset + len(rows)  # the page ends before the limit: nothing more to count
    if total is None:
        total = session.scalar(select(func.count()).select_from(Asset).where(*filter_conditions(principal, filters)))
    return Page(items=reads_from_rows(rows), total=total or 0, limit=filters.limit, offset=filters.offset)


def get_asset(*, session: Session, principal: Principal, asset_id: int) -> AssetRead:
    """One asset of the organisation."""
    require(principal, Permission.ASSETS_READ)
    return _read(session, principal, asset_id)


def get_asset_by_code(*, session: Session, principal: Principal, code: str) -> AssetRead:
    """The asset with this code (as scanned from its QR label); an exact match wins over a case-insensitive one."""
    require(principal, Permission.ASSETS_READ)
    code = code.strip()
    if not code or '\x00' in code:
        raise NotFound(f'no asset with code {code!r}')
    query = select(Asset).where(Asset.organization_id == principal.organization_id)
    found = fetch_reads(session, query.where(Asset.code == code)) or fetch_reads(
        session, query.where(func.lower(Asset.code) == code.lower()).order_by(Asset.code).limit(1)
    )
    if not found:
        raise NotFound(f'no asset with code {code!r}')
    return found[0]


def update_asset(*, session: Session, principal: Principal, asset_id: int, data: AssetUpdate) -> AssetRead:
    """Change the fields sent (others keep their value); a stale ``version`` is refused with 409.

    Setting the status to retired or decommissioned is refused (409) while the asset has children that are not
    retired or decommissioned themselves, or while a guard of the status event (open work orders) objects.
    """
    require(principal, Permission.ASSETS_WRITE)
    asset = _load_for_change(session, principal, asset_id, data.version)
    values = data.model_dump(exclude_unset=True, exclude={'note', 'version', 'location'})
    if 'location' in data.model_fields_set:
        if data.location is None:
            raise ValidationFailed.field('location', 'send an object, not null')
        values |= data.location.model_dump(exclude_unset=True)
    for name in [n for n, v in values.items() if v is None]:
        if name in _NOT_NULL:
            raise ValidationFailed.field(name, 'may not be null')
        if name in _BLANK_WHEN_NULL:
            values[name] = _BLANK_WHEN_NULL[name]
    if {'install_date', 'warranty_expires'} & set(values):  # one of them sent: check it against the stored other
        dates = {name: values.get(name, getattr(asset, name)) for name in ('install_date', 'warranty_expires')}
        if problem := warranty_problem(dates['install_date'], dates['warranty_expires']):
            raise ValidationFailed.field('warranty_expires', problem)
    return _change(session, principal, asset, values, note=data.note, prefix='location.', summary='updated')


def move_asset(*, session: Session, principal: Principal, asset_id: int, data: LocationChange) -> AssetRead:
    """Change where an asset is (site, building, floor, room, GPS, floor-plan spot); fields not sent stay."""
    require(principal, Permission.ASSETS_WRITE)
    asset = _load_for_change(session, principal, asset_id, data.version)
    values = data.model_dump(exclude_unset=True, exclude={'note', 'version'})
    return _change(session, principal, asset, values, note=data.note, prefix='', summary='moved')


def assess_condition(*, session: Session, principal: Principal, asset_id: int, data: ConditionAssessment) -> AssetRead:
    """Record a condition assessment (always a history entry, with score and note), optionally with a new status;
    retiring or decommissioning (and bringing back) needs the right to edit the register, as through PATCH."""
    require(principal, Permission.ASSETS_ASSESS)
    asset = _load_for_change(session, principal, asset_id, data.version)
    values: dict[str, Any] = {'condition': data.condition}
    if data.status is not None:
        values['status'] = data.status
    return _change(
        session,
        principal,
        asset,
        values,
        note=data.note,
        prefix='',
        summary='assessed',
        assessment_score=data.score,
        assessed=True,
    )


def set_asset_status(
    *, session: Session, principal: Principal, asset_id: int, status: AssetStatus, note: str = ''
) -> AssetRead:
    """Set the status alone (on the spot or from the list); retiring, decommissioning or bringing back needs the
    right to edit the register, and the end-of-life guards apply, as through PATCH."""
    require(principal, Permission.ASSETS_ASSESS)
    asset = _load_for_change(session, principal, asset_id, None)
    return _change(session, principal, asset, {'status': status}, note=note, prefix='', summary='updated')


def asset_history(*, session: Session, principal: Principal, asset_id: int, page: PageParams) -> Page[AssetEventRead]:
    """The lifecycle timeline of an asset, newest first."""
    require(principal, Permission.ASSETS_READ)
    load_scoped(session, Asset, asset_id, principal)
    where = (AssetEvent.asset_id == asset_id, AssetEvent.organization_id == principal.organization_id)
    total = session.scalar(select(func.count()).select_from(AssetEvent).where(*where)) or 0
    rows = session.scalars(
        select(AssetEvent)
        .where(*where)
        .order_by(AssetEvent.at.desc(), AssetEvent.id.desc())
        .limit(page.limit)
        .offset(page.offset)
    )
    return Page(
        items=[AssetEventRead.model_validate(r) for r in rows], total=total, limit=page.limit, offset=page.offset
    )


def asset_statistics(*, session: Session, principal: Principal, site_id: int | None = None) -> AssetStatistics:
    """Asset counts by status, type, condition, criticality and site (of one site when ``site_id`` is given)."""
    require(principal, Permission.ASSETS_READ)
    columns = (Asset.status, Asset.asset_type, Asset.condition, Asset.criticality, Asset.site_id)
    query = select(*columns, func.count()).where(Asset.organization_id == principal.organization_id)
    if site_id is not None:
        query = query.where(Asset.site_id == site_id)
    counts: list[dict[str, int]] = [
        {m.value: 0 for m in e} for e in (AssetStatus, AssetType, AssetCondition, Criticality)
    ] + [{}]
    total = 0
    for *keys, count in session.execute(query.group_by(*columns)):
        total += count
        for bucket, key in zip(counts, keys, strict=True):
            name = 'none' if key is None else str(getattr(key, 'value', key))
            bucket[name] = bucket.get(name, 0) + count
    return AssetStatistics(
        total=total,
        by_status=counts[0],
        by_type=counts[1],
        by_condition=counts[2],
        by_criticality=counts[3],
        by_site=counts[4],
    )


def _change(
    session: Session,
    principal: Principal,
    asset: Asset,
    values: dict[str, Any],
    *,
    note: str,
    prefix: str,
    summary: str,
    assessment_score: int | None = None,
    assessed: bool = False,
) -> AssetRead:
    changed = {name: value for name, value in values.items() if getattr(asset, name) != value}
    changed |= _check_new_values(session, principal, asset, changed, set(values), prefix=prefix)
    if not changed and not assessed:
        return _read(session, principal, asset.id)
    status_change = None
    if 'status' in changed:
        _require_end_of_life_right(principal, asset.status, changed['status'])
        status_change = AssetStatusChanged(
            organization_id=asset.organization_id,
            asset_id=asset.id,
            code=asset.code,
            from_status=asset.status,
            to_status=changed['status'],
            note=note,
        )
        hierarchy.check_end_of_life(session, asset, status_change)
    before = {name: getattr(asset, name) for name in ASSET_FIELDS}
    for name, value in changed.items():
        setattr(asset, name, value)
    _flush(session, asset.code)
    diff = record_events(session, principal, asset, before, note=note, assessed=assessed, score=assessment_score)
    audit_changes = audit.diff(
        {k: json_value(v) for k, v in before.items()}, {k: json_value(getattr(asset, k)) for k in ASSET_FIELDS}
    )
    if assessed:
        audit_changes['assessment'] = [
            None,
            {'condition': asset.condition.value, 'score': assessment_score, 'note': note},
        ]
    if diff or assessed:
        summary = f'{summary} asset {asset.code}'
        audit.record(session, principal, AuditAction.UPDATE, 'asset', asset.id, changes=audit_changes, summary=summary)
    published: list[DomainEvent] = [status_change] if status_change else []
    if assessed:
        published.append(
            ConditionAssessed(
                organization_id=asset.organization_id,
                asset_id=asset.id,
                code=asset.code,
                from_condition=before['condition'],
                condition=asset.condition,
                score=assessment_score,
                note=note,
            )
        )
    events.publish_all(session, published)
    return _read(session, principal, asset.id)


def _require_end_of_life_right(principal: Principal, current: AssetStatus, target: AssetStatus) -> None:
    """Taking an asset out of service for good, or back from there, is an edit of the register (ASSETS_WRITE),
    whichever door it comes through: a condition assessment on the spot may set any other status."""
    if current in END_OF_LIFE_STATUSES or target in END_OF_LIFE_STATUSES:
        require(principal, Permission.ASSETS_WRITE)


def _read(session: Session, principal: Principal, asset_id: int) -> AssetRead:
    query = select(Asset).where(Asset.id == asset_id, Asset.organization_id == principal.organization_id)
    found = fetch_reads(session, query)
    if not found:
        raise NotFound(f'asset {asset_id} not found')
    return found[0]


def _load_for_change(session: Session, principal: Principal, asset_id: int, version: int | None) -> Asset:
    asset = load_scoped(session, Asset, asset_id, principal)
    check_version(version, asset, f'asset {asset.code}')
    return asset


def _check_new_values(
    session: Session,
    principal: Principal,
    asset: Asset | None,
    changed: dict[str, Any],
    given: set[str],
    *,
    prefix: str,
) -> dict[str, Any]:
    """Check the references and rules of the changed values; returns what follows from them (e.g. a cleared spot)."""
    if 'code' in changed:
        taken = session.scalar(
            select(Asset.id).where(Asset.organization_id == principal.organization_id, Asset.code == changed['code'])
        )
        if taken is not None:
            raise Conflict(f'an asset with code {changed["code"]!r} already exists')
    return hierarchy.check_placement(session, principal, asset, changed, given, prefix=prefix)


def _flush(session: Session, code: str) -> None:
    # The pre-checks give the friendly errors; the constraints and the version column still decide under races.
    try:
        with session.begin_nested():
            session.flush()
    except StaleDataError:
        raise StaleVersion('the asset was changed by someone else meanwhile; reload and try again') from None
    except IntegrityError as exc:
        if 'code' in str(exc.orig):
            raise Conflict(f'an asset with code {code!r} already exists') from None
        raise Conflict('a referenced record was changed or removed meanwhile; reload and try again') from None
