"""Taking an unassigned work order: whoever does the work may assign it to themselves, and only while it is open and
nobody has it (re-assigning someone else's work stays a planner's edit)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit, events
from app.core.enums import AuditAction
from app.core.errors import Conflict, Forbidden
from app.core.models import User
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.work_orders import events as published
from app.work_orders import state_machine
from app.work_orders.enums import CLOSED_STATUSES
from app.work_orders.schemas import WorkOrderRead
from app.work_orders.schemas import format_number as number_of
from app.work_orders.service import _load_current, flush_or_conflict, read_scoped
from app.work_orders.views import snapshot


def take_work_order(
    *, session: Session, principal: Principal, work_order_id: int, version: int | None = None
) -> WorkOrderRead:
    """Assign the work order to the signed-in person; 409 when it is closed or someone else has it already."""
    require(principal, Permission.WORK_ORDERS_EXECUTE)
    if principal.user_id is None:
        raise Forbidden('only a person can take a work order, not an API key')
    work_order = _load_current(session, principal, work_order_id, version)
    number = number_of(work_order.number)
    if work_order.assignee_id == principal.user_id:
        return read_scoped(session, principal, work_order.id)
    if work_order.assignee_id is not None:
        name = session.scalar(select(User.name).where(User.id == work_order.assignee_id)) or 'someone else'
        raise Conflict(f'{number} is assigned to {name} already; ask a supervisor to re-assign it')
    if work_order.status in CLOSED_STATUSES:
        raise Conflict(f'{number} is {state_machine.label(work_order.status)}: reopen it before taking it')
    before = snapshot(work_order)
    work_order.assignee_id = principal.user_id
    flush_or_conflict(session, work_order)
    audit.record(
        session,
        principal,
        AuditAction.UPDATE,
        'work_order',
        work_order.id,
        changes=audit.diff(before, snapshot(work_order)),
        summary=f'took work order {number}',
    )
    events.publish_all(session, published.on_assignment(work_order, None))
    return read_scoped(session, principal, work_order.id)
