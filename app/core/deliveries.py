"""The outbox as admins see it: what is waiting, retrying, delivered or dead, and sending dead deliveries again."""

from __future__ import annotations

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from app.core import audit
from app.core.db import utcnow
from app.core.enums import AuditAction
from app.core.errors import Conflict
from app.core.models import OutboxMessage
from app.core.outbox_schemas import DeliveryFilter, DeliveryRead, OutboxSummary
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.schemas import Page
from app.core.scoping import load_scoped


def list_deliveries(*, session: Session, principal: Principal, filters: DeliveryFilter) -> Page[DeliveryRead]:
    """The organisation's outbox deliveries, newest first, filtered by state, subscriber or event."""
    require(principal, Permission.OUTBOX_MANAGE)
    query = select(OutboxMessage).where(OutboxMessage.organization_id == principal.organization_id)
    for column, value in (
        (OutboxMessage.status, filters.status),
        (OutboxMessage.subscriber, filters.subscriber),
        (OutboxMessage.event_name, filters.event_name),
    ):
        if value is not None:
            query = query.where(column == value)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(OutboxMessage.id.desc()).limit(filters.limit).offset(filters.offset))
    items = [DeliveryRead.model_validate(row) for row in rows]
    return Page(items=items, total=total, limit=filters.limit, offset=filters.offset)


def outbox_summary(*, session: Session, principal: Principal) -> OutboxSummary:
    """How many deliveries wait, retry, died or went out (the admin page's counters)."""
    require(principal, Permission.OUTBOX_MANAGE)
    mine = OutboxMessage.organization_id == principal.organization_id
    state = case(
        ((OutboxMessage.status == 'pending') & (OutboxMessage.attempts > 0), 'retrying'), else_=OutboxMessage.status
    )
    counts = dict(session.execute(select(state, func.count()).where(mine).group_by(state)).all())
    dead = session.execute(
        select(OutboxMessage.subscriber, func.count())
        .where(mine, OutboxMessage.status == 'dead')
        .group_by(OutboxMessage.subscriber)
        .order_by(OutboxMessage.subscriber)
    ).all()
    return OutboxSummary(
        pending=counts.get('pending', 0),
        retrying=counts.get('retrying', 0),
        dead=counts.get('dead', 0),
        delivered=counts.get('delivered', 0),
        dead_by_subscriber=dict(dead),
    )


def retry_delivery(*, session: Session, principal: Principal, delivery_id: int) -> DeliveryRead:
    """Send a dead delivery again: back to pending with a fresh set of attempts, due now (409 unless dead)."""
    require(principal, Permission.OUTBOX_MANAGE)
    row = load_scoped(
        session, OutboxMessage, delivery_id, principal, lock=True, missing=f'delivery {delivery_id} not found'
    )
    if row.status != 'dead':
        raise Conflict(f'delivery {delivery_id} is {row.status}: only a dead delivery can be sent again')
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row.id, OutboxMessage.status == 'dead')
        .values(status='pending', attempts=0, available_at=utcnow(), claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session='fetch')
    )
    audit.record(
        session,
        principal,
        AuditAction.UPDATE,
        'outbox_delivery',
        row.id,
        changes={'status': ['dead', 'pending'], 'last_error': [row.last_error, None]},
        summary=f'sent {row.event_name} to {row.subscriber} again',
    )
    session.refresh(row)
    return DeliveryRead.model_validate(row)
