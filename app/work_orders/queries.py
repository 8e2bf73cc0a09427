"""Finding work orders: the filters (with the derived 'overdue' and 'open'), the search, the sorts, one page.

A page sorts and offsets only ids and sort keys, from an index; full rows and their extras are read for the page's
rows alone (as the asset list does), so 100,000 work orders list in milliseconds. Priority and status sort by rank
(urgency, lifecycle), which no plain index holds: they have a handful of values, so a page is read value by value in
rank order (each by id, from an (organisation, value, id) index) after counting the matches per value.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from app.assets.models import Asset
from app.core.db import utcnow
from app.core.principal import Principal
from app.core.schemas import Page
from app.core.search_text import contains_text
from app.work_orders.enums import OPEN_STATUSES, Priority, WorkOrderStatus
from app.work_orders.models import WorkOrder
from app.work_orders.schemas import WorkOrderFilter, WorkOrderRead
from app.work_orders.views import FULL, ReadShape, reads_from_rows, with_read_columns

# Ranks, lowest first: urgency for priority, the lifecycle for status (a descending sort starts at the top).
RANKED_SORTS: dict[str, tuple[Any, list[Any]]] = {
    'priority': (WorkOrder.priority, [Priority.LOW, Priority.MEDIUM, Priority.HIGH, Priority.CRITICAL]),
    'status': (WorkOrder.status, list(WorkOrderStatus)),
}
_NUMBER_QUERY = re.compile(r'(?:wo-?\s*)?0*(\d{1,9})', re.IGNORECASE)
# A search by asset code resolves the matching assets first; beyond this many it filters by subquery instead.
_MAX_ASSET_MATCHES = 500


def filtered_work_order_query(principal: Principal, filters: WorkOrderFilter) -> Select[tuple[WorkOrder]]:
    """``select(WorkOrder)`` of the principal's organisation with the filters and sort applied (no paging)."""
    query = select(WorkOrder).where(*filter_conditions(principal, filters))
    return query.order_by(*_ordering(_sort_key(filters), WorkOrder.id, filters))


def list_page(
    session: Session,
    principal: Principal,
    filters: WorkOrderFilter,
    *,
    extra: list[Any] | None = None,
    shape: ReadShape = FULL,
) -> Page[WorkOrderRead]:
    """One page of list read models with the total count; ``extra`` adds conditions (the board's windows);
    ``shape`` CARD reads what a kanban card shows and gives ``WorkOrderCard`` items."""
    now = utcnow()
    conditions = filter_conditions(principal, filters, now=now, session=session) + (extra or [])
    if filters.sort in RANKED_SORTS:
        ids, total = _ranked_page_ids(session, conditions, filters)
        query = with_read_columns(select(WorkOrder).where(WorkOrder.id.in_(ids)), shape)
        rows = session.execute(query).all() if ids else []
        place = {work_order_id: index for index, work_order_id in enumerate(ids)}
        rows.sort(key=lambda row: place[row.id])
        return Page(items=reads_from_rows(rows, now, shape), total=total, limit=filters.limit, offset=filters.offset)
    # The page and the count are separate statements: with a LIMIT, the database may walk the sort's index and stop
    # early, where counting in the same pass (a window count) would make it visit every match first.
    rows = session.execute(_page_query(conditions, filters, shape)).all()
    if 0 < len(rows) < filters.limit or (not rows and filters.offset == 0):
        total = filters.offset + len(rows)  # the page ends before the limit: nothing more to count
    else:
        total = session.scalar(select(func.count()).select_from(WorkOrder).where(*conditions)) or 0
    return Page(items=reads_from_rows(rows, now, shape), total=total, limit=filters.limit, offset=filters.offset)


def filter_conditions(
    principal: Principal, filters: WorkOrderFilter, *, now: datetime | None = None, session: Session | None = None
) -> list[Any]:
    """The WHERE clauses of a work-order filter, always scoped to the principal's organisation.

    With a ``session``, a search looks up the matching asset codes first, so the database can combine indexes.
    """
    now = now or utcnow()
    conditions: list[Any] = [WorkOrder.organization_id == principal.organization_id]
    if filters.status:
        conditions.append(_status_condition(filters.status, now))
    for column, wanted in (
        (WorkOrder.asset_id, filters.asset_id),
        (WorkOrder.site_id, filters.site_id),
        (WorkOrder.assignee_id, filters.assignee_id),
        (WorkOrder.schedule_id, filters.schedule_id),
    ):
        if wanted is not None:
            conditions.append(column == wanted)
    if filters.priority:
        conditions.append(WorkOrder.priority.in_(filters.priority))
    if filters.work_type:
        conditions.append(WorkOrder.work_type.in_(filters.work_type))
    if filters.due_before is not None:
        conditions.append(WorkOrder.due_at < filters.due_before)
    if filters.due_after is not None:
        conditions.append(WorkOrder.due_at >= filters.due_after)
    if filters.completed_since is not None:
        conditions.append(WorkOrder.completed_at >= filters.completed_since)
    if filters.q and filters.q.strip():
        conditions.append(_search_condition(principal, filters.q.strip(), session))
    return conditions


def overdue_condition(now: datetime) -> Any:
    """Overdue is derived: due before ``now`` and not closed."""
    return and_(WorkOrder.status.in_(OPEN_STATUSES), WorkOrder.due_at < now)


def _status_condition(wanted: list[Any], now: datetime) -> Any:
    statuses = {WorkOrderStatus(s) for s in wanted if s not in ('open', 'overdue')}
    if 'open' in wanted:
        statuses |= OPEN_STATUSES
    alternatives = [WorkOrder.status.in_(sorted(statuses))] if statuses else []
    if 'overdue' in wanted and not statuses >= OPEN_STATUSES:
        alternatives.append(overdue_condition(now))
    return or_(*alternatives) if len(alternatives) > 1 else alternatives[0]


def _search_condition(principal: Principal, text: str, session: Session | None) -> Any:
    """Number ('WO-000042', 'wo-42', '42'), title, or the asset's code.

    Each alternative can use an index (number; the title's trigram index on PostgreSQL; asset), and the database
    combines them, instead of testing every work order against a subquery.
    """
    asset_ids: Any = select(Asset.id).where(
        Asset.organization_id == principal.organization_id, contains_text(text, Asset.code)
    )
    if session is not None:
        found = session.scalars(asset_ids.limit(_MAX_ASSET_MATCHES + 1)).all()
        asset_ids = found if len(found) <= _MAX_ASSET_MATCHES else asset_ids
    alternatives = [contains_text(text, WorkOrder.title)]
    if not isinstance(asset_ids, list) or asset_ids:
        alternatives.append(WorkOrder.asset_id.in_(asset_ids))
    if number := _NUMBER_QUERY.fullmatch(text):
        alternatives.append(WorkOrder.number == int(number.group(1)))
    return or_(*alternatives)


def _page_query(conditions: list[Any], filters: WorkOrderFilter, shape: ReadShape) -> Select:
    """Rows of (work order, read extras…) for one page; the inner query sorts and offsets ids only."""
    key = _sort_key(filters)
    inner = select(WorkOrder.id.label('id'), key.label('sort_key')).where(*conditions)
    inner = inner.order_by(*_ordering(key, WorkOrder.id, filters)).limit(filters.limit).offset(filters.offset)
    page = inner.subquery('page')
    query = with_read_columns(select(WorkOrder).join(page, page.c.id == WorkOrder.id), shape)
    return query.order_by(*_ordering(page.c.sort_key, page.c.id, filters))


def _ranked_page_ids(session: Session, conditions: list[Any], filters: WorkOrderFilter) -> tuple[list[int], int]:
    """The page's ids in rank order and the total: matches counted per value, then read value by value by id."""
    column, ranks = RANKED_SORTS[filters.sort]
    counts = dict(session.execute(select(column, func.count()).where(*conditions).group_by(column)).all())
    skip, wanted, ids = filters.offset, filters.limit, []
    for value in reversed(ranks) if filters.descending else ranks:
        available = counts.get(value, 0)
        if skip >= available:
            skip -= available
            continue
        order = WorkOrder.id.desc() if filters.descending else WorkOrder.id.asc()
        query = select(WorkOrder.id).where(*conditions, column == value).order_by(order)
        ids += session.scalars(query.limit(min(wanted, available - skip)).offset(skip)).all()
        skip, wanted = 0, filters.limit - len(ids)
        if wanted <= 0:
            break
    return ids, sum(counts.values())


def _sort_key(filters: WorkOrderFilter) -> Any:
    if filters.sort in RANKED_SORTS:
        column, ranks = RANKED_SORTS[filters.sort]
        return case(*[(column == value, rank) for rank, value in enumerate(ranks)])
    return {
        'number': WorkOrder.number,
        'due_at': WorkOrder.due_at,
        'created_at': WorkOrder.created_at,
        'updated_at': WorkOrder.updated_at,
        'title': WorkOrder.title,
    }[filters.sort]


def _ordering(key: Any, id_column: Any, filters: WorkOrderFilter) -> tuple[Any, ...]:
    # Only due_at can be empty, and an empty due time sorts as the latest: last going up, first going down (the
    # order a b-tree index gives both ways on PostgreSQL; SQLite is told explicitly).
    if filters.sort == 'due_at':
        if filters.descending:
            return key.desc().nulls_first(), id_column.desc()
        return key.asc().nulls_last(), id_column.asc()
    if filters.sort == 'number':  # unique per organisation: no tie to break, so its index gives the order
        return (key.desc(),) if filters.descending else (key.asc(),)
    if filters.descending:
        return key.desc(), id_column.desc()
    return key.asc(), id_column.asc()
