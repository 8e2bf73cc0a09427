"""Reading assets (the filtered, sorted query and read models built from rows) and the history timeline (its
events and the short readable texts of their from/to values)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, aliased

from app.assets.enums import AssetCondition, AssetEventKind, Criticality
from app.assets.models import Asset, AssetEvent
from app.assets.schemas import AssetFilter, AssetLocation, AssetRead, AssetSort
from app.core.db import utcnow
from app.core.models import Site
from app.core.principal import Principal
from app.core.search_text import contains_text

LOCATION_FIELDS = [
    *('building', 'floor', 'room', 'department', 'latitude', 'longitude'),
    *('floor_plan_id', 'plan_x', 'plan_y'),
]
# Every column a person can change; the audit diff and the FIELD events are computed over these.
ASSET_FIELDS = [
    *('code', 'name', 'description', 'asset_type', 'status', 'condition', 'criticality', 'parent_id', 'site_id'),
    *LOCATION_FIELDS,
    *('manufacturer', 'model', 'serial_number', 'install_date', 'warranty_expires', 'purchase_cost'),
    *('expected_life_years', 'attributes'),
]

_PLACE_FIELDS = frozenset({'site_id', *LOCATION_FIELDS})
_OWN_EVENT_FIELDS = _PLACE_FIELDS | {'status', 'condition', 'parent_id'}
_LOCATION_LABELS = {'building': 'Building', 'floor': 'Floor', 'room': 'Room', 'department': 'Dept.'}

# Sorting by criticality or condition follows severity (low → critical, excellent → critical), not the alphabet.
_RANKED = {
    AssetSort.CRITICALITY: (Asset.criticality, Criticality),
    AssetSort.CONDITION: (Asset.condition, AssetCondition),
}

_SORT_COLUMNS = {
    AssetSort.CODE: Asset.code,
    AssetSort.NAME: Asset.name,
    AssetSort.ASSET_TYPE: Asset.asset_type,
    AssetSort.STATUS: Asset.status,
    AssetSort.SITE: Site.name,
    AssetSort.UPDATED_AT: Asset.updated_at,
    AssetSort.CREATED_AT: Asset.created_at,
}

_CENT = Decimal('0.01')
_Parent = aliased(Asset, name='parent_asset')
_SiteOf = aliased(Site, name='asset_site')
_Child = aliased(Asset, name='child_asset')


def filtered_asset_query(principal: Principal, filters: AssetFilter) -> Select[tuple[Asset]]:
    """``select(Asset)`` of the principal's organisation with the filters and sort applied (no paging)."""
    query = select(Asset).where(*filter_conditions(principal, filters))
    if filters.sort is AssetSort.SITE:
        query = query.outerjoin(Site, Site.id == Asset.site_id)
    return query.order_by(*_exact_code_first(filters), *_ordering(_sort_key(filters), Asset.id, filters.descending))


def _exact_code_first(filters: AssetFilter) -> list[Any]:
    """While searching, the asset whose code is the search (any case) comes first, whatever the sort."""
    if not (filters.q and filters.q.strip()):
        return []
    return [case((func.lower(Asset.code) == filters.q.strip().lower(), 0), else_=1)]


def page_query(principal: Principal, filters: AssetFilter, *, with_total: bool) -> Select:
    """One page as rows of (asset, site name, parent code, children count[, total matches]) in one statement.

    The inner query sorts and offsets only ids and sort keys; full rows and their extras are read for the page's
    rows alone, so rows skipped by OFFSET are never widened and their subqueries never run. ``with_total`` counts
    all matches in the same pass (a window count): worth it when a search has to read every row anyway.
    """
    key = _sort_key(filters)
    exact = _exact_code_first(filters)
    columns = [Asset.id.label('id'), key.label('sort_key'), *(e.label('exact_rank') for e in exact)]
    if with_total:
        columns.append(func.count().over().label('total'))
    page = filtered_asset_query(principal, filters).with_only_columns(*columns)
    page = page.limit(filters.limit).offset(filters.offset).subquery('page')
    query = with_read_columns(select(Asset).join(page, page.c.id == Asset.id))
    if with_total:
        query = query.add_columns(page.c.total)
    first = [page.c.exact_rank] if exact else []
    return query.order_by(*first, *_ordering(page.c.sort_key, page.c.id, filters.descending))


def _sort_key(filters: AssetFilter) -> Any:
    if filters.sort in _RANKED:
        column, enum_cls = _RANKED[filters.sort]
        return case(*[(column == member, rank) for rank, member in enumerate(enum_cls)])
    return _SORT_COLUMNS[filters.sort]


def _ordering(key: Any, id_column: Any, descending: bool) -> tuple[Any, Any]:
    if descending:
        return key.desc().nulls_last(), id_column.desc()
    return key.asc().nulls_last(), id_column.asc()


def filter_conditions(principal: Principal, filters: AssetFilter) -> list[Any]:
    """The WHERE clauses of an asset filter, always scoped to the principal's organisation."""
    conditions: list[Any] = [Asset.organization_id == principal.organization_id]
    if filters.site_id is not None:
        conditions.append(Asset.site_id == filters.site_id)
    if filters.parent_id is not None:
        conditions.append(Asset.parent_id == filters.parent_id)
    if filters.ids is not None:
        conditions.append(Asset.id.in_(filters.ids))
    for column, wanted in (
        (Asset.asset_type, filters.asset_type),
        (Asset.status, filters.status),
        (Asset.condition, filters.condition),
        (Asset.criticality, filters.criticality),
    ):
        if wanted:
            conditions.append(column.in_(wanted))
    if filters.q and filters.q.strip():
        # One lower-cased LIKE over the searched columns joined by newlines (so a term without one cannot match
        # across two columns): half the cost per row of five ILIKEs; lower() on both sides folds case alike.
        searched = Asset.code
        for column in (Asset.name, Asset.serial_number, Asset.model, Asset.manufacturer):
            searched = searched + '\n' + column
        conditions.append(contains_text(filters.q, searched))
    return conditions


def with_read_columns(query: Select) -> Select:
    """Add site name, parent code and children count to a ``select(Asset)`` as correlated subqueries.

    Subqueries rather than joins keep the caller's own joins (e.g. to sort by site) free of clashes, and
    PostgreSQL evaluates them only for the rows that survive LIMIT.
    """
    site_name = select(_SiteOf.name).where(_SiteOf.id == Asset.site_id).correlate(Asset).scalar_subquery()
    parent_code = select(_Parent.code).where(_Parent.id == Asset.parent_id).correlate(Asset).scalar_subquery()
    children = (
        select(func.count())
        .select_from(_Child)
        .where(_Child.organization_id == Asset.organization_id, _Child.parent_id == Asset.id)
        .correlate(Asset)
        .scalar_subquery()
    )
    return query.add_columns(
        site_name.label('site_name'), parent_code.label('parent_code'), children.label('children_count')
    )


def fetch_reads(session: Session, query: Select) -> list[AssetRead]:
    """Run a ``select(Asset)`` (ordered by the caller) and return read models; for a few rows, without OFFSET."""
    return reads_from_rows(session.execute(with_read_columns(query)))


def reads_from_rows(rows: Iterable[Any]) -> list[AssetRead]:
    """Read models from rows of (asset, site name, parent code, children count, …)."""
    return [asset_read(row[0], site_name=row[1], parent_code=row[2], children_count=row[3]) for row in rows]


def asset_read(
    asset: Asset, *, site_name: str | None = None, parent_code: str | None = None, children_count: int = 0
) -> AssetRead:
    """One asset as its read model (no lazy loads: the extras come from the caller's query)."""
    # model_construct: stored rows were validated on the way in, and a read must never fail on old data (nor spend
    # its time re-validating 50 rows a page).
    location = AssetLocation.model_construct(**{name: getattr(asset, name) for name in LOCATION_FIELDS})
    return AssetRead.model_construct(
        id=asset.id,
        code=asset.code,
        name=asset.name,
        description=asset.description,
        asset_type=asset.asset_type,
        status=asset.status,
        condition=asset.condition,
        criticality=asset.criticality,
        parent_id=asset.parent_id,
        parent_code=parent_code,
        site_id=asset.site_id,
        site_name=site_name,
        location=location,
        manufacturer=asset.manufacturer,
        model=asset.model,
        serial_number=asset.serial_number,
        install_date=asset.install_date,
        warranty_expires=asset.warranty_expires,
        purchase_cost=None if asset.purchase_cost is None else Decimal(asset.purchase_cost).quantize(_CENT),
        expected_life_years=asset.expected_life_years,
        attributes=asset.attributes or {},
        children_count=children_count or 0,
        version=asset.version,
        created_at=asset.created_at,
        updated_at=asset.updated_at,
    )


def location_text(values: dict[str, Any], site_name: str | None) -> str:
    """'Plant North / Building A / Floor 2 / Room 201 (53.54, 9.99)': a location as one short line."""
    parts = [site_name] if site_name else []
    for name, label in _LOCATION_LABELS.items():
        value = (values.get(name) or '').strip()
        if value:
            parts.append(value if value.lower().startswith(label.lower().rstrip('.')) else f'{label} {value}')
    text = ' / '.join(parts)
    if values.get('latitude') is not None and values.get('longitude') is not None:
        text += f' ({_number(values["latitude"])}, {_number(values["longitude"])})'
    if values.get('floor_plan_id') is not None:
        position = ''
        if values.get('plan_x') is not None and values.get('plan_y') is not None:
            position = f' at {_number(values["plan_x"])}, {_number(values["plan_y"])}'
        text += f' [floor plan {values["floor_plan_id"]}{position}]'
    return text.strip() or '(no location)'


def value_text(value: Any) -> str | None:
    """A field value as the text the timeline shows (None stays None: 'not set')."""
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, Decimal):
        return f'{value:.2f}'
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


def json_value(value: Any) -> Any:
    """A field value as the audit log stores it (JSON: enums by value, dates ISO, money as a string)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f'{value:.2f}'
    return value


def snapshot(asset: Asset) -> dict[str, Any]:
    return {name: getattr(asset, name) for name in ASSET_FIELDS}


def site_names(session: Session, site_ids: Iterable[int | None]) -> dict[int, str]:
    ids = {i for i in site_ids if i is not None}
    if not ids:
        return {}
    return dict(session.execute(select(Site.id, Site.name).where(Site.id.in_(ids))).all())


def _number(value: float) -> str:
    return f'{value:.6f}'.rstrip('0').rstrip('.')


def add_event(
    session: Session, principal: Principal, asset: Asset, kind: AssetEventKind, *, at: datetime, **values: Any
) -> None:
    """One entry of the asset's timeline (field, from_value, to_value, note, score), in the caller's transaction."""
    session.add(
        AssetEvent(
            organization_id=asset.organization_id,
            asset_id=asset.id,
            at=at,
            actor_label=principal.label,
            kind=kind,
            **values,
        )
    )


def record_events(
    session: Session,
    principal: Principal,
    asset: Asset,
    before: dict[str, Any],
    *,
    note: str,
    assessed: bool = False,
    score: int | None = None,
) -> list[str]:
    """The timeline entries of one change (status, condition, one for the location, hierarchy, one per other
    field); returns the names of the changed fields."""
    after = snapshot(asset)
    changed = [name for name in ASSET_FIELDS if before[name] != after[name]]
    at = utcnow()

    def add(kind: AssetEventKind, field: str, old: str | None, new: str | None, **extra: Any) -> None:
        add_event(session, principal, asset, kind, at=at, field=field, from_value=old, to_value=new, note=note, **extra)

    if assessed or 'condition' in changed:
        old, new = value_text(before['condition']), value_text(after['condition'])
        add(AssetEventKind.CONDITION, 'condition', old, new, score=score)
    if 'status' in changed:
        add(AssetEventKind.STATUS, 'status', value_text(before['status']), value_text(after['status']))
    if 'parent_id' in changed:
        codes = _asset_codes(session, [before['parent_id'], after['parent_id']])
        add(AssetEventKind.HIERARCHY, 'parent_id', codes.get(before['parent_id']), codes.get(after['parent_id']))
    if any(name in changed for name in _PLACE_FIELDS):
        names = site_names(session, [before['site_id'], after['site_id']])
        old, new = (
            location_text(before, names.get(before['site_id'])),
            location_text(after, names.get(after['site_id'])),
        )
        add(AssetEventKind.LOCATION, 'location', old, new)
    for name in changed:
        if name not in _OWN_EVENT_FIELDS:
            add(AssetEventKind.FIELD, name, value_text(before[name]), value_text(after[name]))
    return changed


def _asset_codes(session: Session, asset_ids: Iterable[int | None]) -> dict[int, str]:
    ids = {i for i in asset_ids if i is not None}
    return dict(session.execute(select(Asset.id, Asset.code).where(Asset.id.in_(ids))).all()) if ids else {}
