"""The scoping rule every domain follows: a row is loaded only by a valid id and only for its own organisation.

An id that is not a positive 64-bit integer names no row, and another organisation's row is exactly as unknown as
a missing one: both are NotFound (404), so no answer tells an outsider that an id exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from app.core.db import MAX_ROW_ID, Base
from app.core.errors import NotFound, StaleVersion
from app.core.principal import Principal

Row = TypeVar('Row')


def is_row_id(value: Any) -> bool:
    """Whether ``value`` can be a stored id: an int (not a bool) from 1 to 2^63 − 1."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ROW_ID


def find_scoped(
    session: Session,
    model: type[Row],
    object_id: Any,
    principal: Principal | None,
    *,
    where: Iterable[ColumnElement[bool]] = (),
    lock: bool = False,
) -> Row | None:
    """The row with this id, of the principal's organisation and matching ``where``; None when there is none.

    ``principal`` None skips the organisation check, for rows scoped through a parent in ``where`` (a step of a
    work order). ``lock`` takes FOR NO KEY UPDATE until commit (it does not block rows that merely reference this
    one) and re-reads the row, so a value checked under the lock is the stored one.
    """
    if not is_row_id(object_id):
        return None
    conditions = list(where)
    if not lock and not conditions:
        row = session.get(model, object_id)  # the identity map first: often loaded already in this transaction
    else:
        query = select(model).where(model.id == object_id, *conditions)  # type: ignore[attr-defined]
        if principal is not None:
            query = query.where(model.organization_id == principal.organization_id)  # type: ignore[attr-defined]
        if lock:
            query = query.with_for_update(key_share=True).execution_options(populate_existing=True)
        row = session.scalar(query)
    if row is None or (principal is not None and row.organization_id != principal.organization_id):
        return None
    return row


def load_scoped(
    session: Session,
    model: type[Row],
    object_id: Any,
    principal: Principal | None,
    *,
    where: Iterable[ColumnElement[bool]] = (),
    lock: bool = False,
    missing: str | None = None,
) -> Row:
    """As ``find_scoped``, but NotFound (``missing``, or '<model name> <id> not found') when there is no such row."""
    row = find_scoped(session, model, object_id, principal, where=where, lock=lock)
    if row is None:
        raise NotFound(missing or f'{entity_name(model)} {object_id} not found')
    return row


def check_reference(session: Session, table_name: str, object_id: Any, principal: Principal, *, what: str) -> None:
    """NotFound unless the organisation has a row ``object_id`` in ``table_name``: for a filter naming another
    domain's row (a ledger filtered by work order) by its table, as a foreign key names it, not by its model."""
    table = Base.metadata.tables[table_name]
    found = is_row_id(object_id) and session.scalar(
        select(table.c.id).where(table.c.id == object_id, table.c.organization_id == principal.organization_id)
    )
    if not found:
        raise NotFound(f'{what} {object_id} not found')


def check_version(sent: int | None, row: Any, what: str) -> None:
    """Refuse (StaleVersion, 409) a change made to an older version than the stored one; None sends no check."""
    if sent is not None and sent != row.version:
        raise StaleVersion(
            f'{what} was changed meanwhile: you sent version {sent}, '
            f'the current version is {row.version}; reload and try again'
        )


def entity_name(model: type) -> str:
    """'WorkOrderTemplate' → 'work order template', as messages name it."""
    return re.sub(r'(?<!^)(?=[A-Z])', ' ', model.__name__).lower()
