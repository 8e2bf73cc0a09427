"""Work-order numbers per organisation (WO-000042): one counter row, bumped by ``UPDATE … RETURNING``.

Numbers are unique and count up per organisation. Callers take a number only after every check has passed, so a
refused creation (bad input, no right) never uses one.

On PostgreSQL the bump commits on its own, at once (``db.autonomous_engine``), instead of in the caller's
transaction. Decision: inside the caller's transaction the counter row would stay locked until that transaction's
commit had reached the disk, which serialises every creation in an organisation behind one WAL flush each (under
the work-order creation benchmark, pg_stat_activity showed most of the 8 connections queued on that row lock).
The price: a creation that fails *after* numbering (a database error, a crash) leaves a gap, as PostgreSQL
sequences and most CMMS products do. The bump does not wait for its own flush; it cannot be lost while a work
order carrying its number is kept, because that work order's commit flushes the WAL past it.

On SQLite the bump stays in the caller's transaction: writers are serialised by the database anyway, and a
rolled-back creation hands its number back.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.core.db import autonomous_engine
from app.work_orders.models import WorkOrder, WorkOrderCounter
from app.work_orders.schemas import format_number

_counters = WorkOrderCounter.__table__


def next_number(session: Session, organization_id: int) -> int:
    """The organisation's next work-order number (see the module's docstring for which transaction takes it)."""
    return reserve_numbers(session, organization_id, 1).start


def reserve_numbers(session: Session, organization_id: int, count: int) -> range:
    """``count`` consecutive numbers for bulk creation (PM generation, imports), reserved in one statement."""
    if count < 1:
        return range(0)
    engine = session.get_bind()
    if engine.dialect.name == 'postgresql':
        last = _reserve_autonomously(engine, organization_id, count)
    else:
        last = _reserve(session, organization_id, count, sqlite_insert)
    return range(last - count + 1, last + 1)


def _reserve_autonomously(engine: Engine, organization_id: int, count: int) -> int:
    with autonomous_engine(engine).connect() as connection:
        return _reserve(connection, organization_id, count, postgresql_insert)


def _reserve(executor: Session | Connection, organization_id: int, count: int, insert: Callable) -> int:
    last = _bump(executor, organization_id, count)
    if last is None:
        _create_counter(executor, organization_id, insert)
        last = _bump(executor, organization_id, count)
    return last


# Built once with bound parameters: a creation (a hot path) pays no statement construction.
_BUMP = (
    update(_counters)
    .where(_counters.c.organization_id == bindparam('counter_organization_id'))
    .values(last_number=_counters.c.last_number + bindparam('count'))
    .returning(_counters.c.last_number)
)


def _bump(executor: Session | Connection, organization_id: int, count: int) -> int | None:
    return executor.execute(_BUMP, {'counter_organization_id': organization_id, 'count': count}).scalar_one_or_none()


def _create_counter(executor: Session | Connection, organization_id: int, insert: Callable) -> None:
    """The counter row on first use, starting after any number already taken (rows written in bulk by a loader).

    ON CONFLICT DO NOTHING makes a concurrent first use safe on both dialects: on PostgreSQL the second insert
    waits for the first to commit and then does nothing; its UPDATE then waits on the row and sees the new value.
    """
    highest = (
        select(func.coalesce(func.max(WorkOrder.number), 0))
        .where(WorkOrder.organization_id == organization_id)
        .scalar_subquery()
    )
    executor.execute(
        insert(_counters)
        .values(organization_id=organization_id, last_number=highest)
        .on_conflict_do_nothing(index_elements=['organization_id'])
    )


def references(session: Session, organization_id: int, ids: list[int]) -> dict[int, str]:
    """Work-order ids as their numbers ('WO-001900'), for the audit log (``Domain.audit_subjects``)."""
    rows = session.execute(
        select(WorkOrder.id, WorkOrder.number).where(
            WorkOrder.organization_id == organization_id, WorkOrder.id.in_(ids)
        )
    )
    return {work_order_id: format_number(number) for work_order_id, number in rows}
