"""Comments on a work order: a conversation in the order it was written."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit
from app.core.db import utcnow
from app.core.enums import AuditAction
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.scoping import load_scoped
from app.work_orders.models import WorkOrder, WorkOrderComment
from app.work_orders.schemas import CommentCreate, CommentRead, format_number


def add_comment(*, session: Session, principal: Principal, work_order_id: int, data: CommentCreate) -> CommentRead:
    """Add a comment (also on a closed work order: notes after the fact belong to its record)."""
    require(principal, Permission.WORK_ORDERS_EXECUTE)
    work_order = scoped_work_order(session, principal, work_order_id)
    comment = WorkOrderComment(
        organization_id=work_order.organization_id,
        work_order_id=work_order.id,
        author_id=principal.user_id,
        author_label=principal.label,
        body=data.body,
        created_at=utcnow(),
    )
    session.add(comment)
    session.flush()
    audit.record(
        session,
        principal,
        AuditAction.CREATE,
        'work_order_comment',
        comment.id,
        changes={'work_order_id': [None, work_order.id], 'body': [None, data.body[:200]]},
        summary=f'commented on {format_number(work_order.number)}',
    )
    return CommentRead.model_validate(comment)


def list_comments(*, session: Session, principal: Principal, work_order_id: int) -> list[CommentRead]:
    """A work order's comments, oldest first."""
    require(principal, Permission.WORK_ORDERS_READ)
    work_order = scoped_work_order(session, principal, work_order_id)
    rows = session.scalars(
        select(WorkOrderComment)
        .where(WorkOrderComment.work_order_id == work_order.id)
        .order_by(WorkOrderComment.created_at, WorkOrderComment.id)
    )
    return [CommentRead.model_validate(row) for row in rows]


def scoped_work_order(session: Session, principal: Principal, work_order_id: int) -> WorkOrder:
    """One of the organisation's work orders (unlocked), or NotFound — also for another organisation's id."""
    return load_scoped(session, WorkOrder, work_order_id, principal)
