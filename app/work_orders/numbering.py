"""Work-order numbers per organisation (WO-000042): one counter row, bumped atomically, gap-free per commit.

``UPDATE … SET last_number = last_number + n … RETURNING`` takes the row lock until the caller's transaction ends,
so concurrent creators get distinct numbers in commit order, and a rolled-back creation hands its number back.
The lock is held from the bump to the commit: callers bump as late as possible (after their checks).
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.work_orders.models import WorkOrder, WorkOrderCounter

_counters = WorkOrderCounter.__table__


def next_number(session: Session, organization_id: int) -> int:
    """The organisation's next work-order number, reserved in the caller's transaction."""
    return reserve_numbers(session, organization_id, 1).start


def reserve_numbers(session: Session, organization_id: int, count: int) -> range:
    """``count`` consecutive numbers for bulk creation (PM generation, imports), reserved in one statement."""
    if count < 1:
        return range(0)
    last = _bump(session, organization_id, count)
    if last is None:
        _create_counter(session, organization_id)
        last = _bump(session, organization_id, count)
    return range(last - count + 1, last + 1)


def _bump(session: Session, organization_id: int, count: int) -> int | None:
    return session.execute(
        update(_counters)
        .where(_counters.c.organization_id == organization_id)
        .values(last_number=_counters.c.last_number + count)
        .returning(_counters.c.last_number)
    ).scalar_one_or_none()


def _create_counter(session: Session, organization_id: int) -> None:
    """The counter row on first use, starting after any number already taken (rows written in bulk by a loader).

    ON CONFLICT DO NOTHING makes a concurrent first use safe on both dialects: on PostgreSQL the second insert
    waits for the first to commit and then does nothing; its UPDATE then waits on the row and sees the new value.
    """
    insert = postgresql_insert if session.get_bind().dialect.name == 'postgresql' else sqlite_insert
    highest = (
        select(func.coalesce(func.max(WorkOrder.number), 0))
        .where(WorkOrder.organization_id == organization_id)
        .scalar_subquery()
    )
    session.execute(
        insert(_counters)
        .values(organization_id=organization_id, last_number=highest)
        .on_conflict_do_nothing(index_elements=['organization_id'])
    )
