"""Overviews of work orders: the kanban board (a page per status column) and one work order's timeline."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.db import MAX_ROW_ID, utcnow
from app.core.errors import ValidationFailed
from app.core.models import User
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.schemas import MAX_PAGE_SIZE, Page
from app.core.scoping import load_scoped
from app.inventory.enums import StockMovementKind
from app.inventory.models import Part, StockMovement
from app.work_orders.enums import StepState, WorkOrderStatus
from app.work_orders.models import TimeLog, WorkOrder, WorkOrderComment, WorkOrderPhoto, WorkOrderStep
from app.work_orders.models import WorkOrderTransition as Transition
from app.work_orders.queries import list_page
from app.work_orders.schemas import TimelineEntry, WorkOrderFilter, WorkOrderRead
from app.work_orders.state_machine import label
from app.work_orders.views import FULL, ReadShape

# Cancelled work has no column: it leaves the board (the list still finds it with status=cancelled).
BOARD_COLUMNS = (
    WorkOrderStatus.REQUESTED,
    WorkOrderStatus.SCHEDULED,
    WorkOrderStatus.IN_PROGRESS,
    WorkOrderStatus.ON_HOLD,
    WorkOrderStatus.COMPLETED,
)
COMPLETED_WINDOW = timedelta(days=7)  # the completed column shows the last week only
# Newest first; of entries at the same moment, the one that happened later in a request comes first.
_KIND_ORDER = {'status': 0, 'step': 1, 'part': 2, 'time': 3, 'photo': 4, 'comment': 5}


def board(
    *,
    session: Session,
    principal: Principal,
    filters: WorkOrderFilter,
    per_column: int = 50,
    shape: ReadShape = FULL,
) -> dict[WorkOrderStatus, Page[WorkOrderRead]]:
    """The kanban: per status column its total and first page (completed: the last 7 days); filters apply to all.
    ``shape`` CARD (the board page) reads only what a card shows."""
    require(principal, Permission.WORK_ORDERS_READ)
    return {
        status: board_column(
            session=session,
            principal=principal,
            filters=filters,
            status=status,
            offset=0,
            limit=per_column,
            shape=shape,
        )
        for status in BOARD_COLUMNS
    }


def board_column(
    *,
    session: Session,
    principal: Principal,
    filters: WorkOrderFilter,
    status: WorkOrderStatus,
    offset: int = 0,
    limit: int = 50,
    shape: ReadShape = FULL,
) -> Page[WorkOrderRead]:
    """One column of the board, paged (the filters' own status list narrows the column, e.g. to the overdue)."""
    require(principal, Permission.WORK_ORDERS_READ)
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise ValidationFailed.field('per_column', f'must be between 1 and {MAX_PAGE_SIZE}')
    if not 0 <= offset <= MAX_ROW_ID:
        raise ValidationFailed.field('offset', 'must not be negative')
    update: dict = {'limit': limit, 'offset': offset}
    if status is WorkOrderStatus.COMPLETED:
        since = utcnow() - COMPLETED_WINDOW
        update['completed_since'] = max(since, filters.completed_since or since)
    column = filters.model_copy(update=update)
    return list_page(session, principal, column, extra=[WorkOrder.status == status], shape=shape)


def timeline(*, session: Session, principal: Principal, work_order_id: int) -> list[TimelineEntry]:
    """Everything that happened to a work order, newest first: status moves, comments, steps, parts, time, photos."""
    require(principal, Permission.WORK_ORDERS_READ)
    load_scoped(session, WorkOrder, work_order_id, principal)
    entries = [
        *_transitions(session, work_order_id),
        *_comments(session, work_order_id),
        *_steps(session, work_order_id),
        *_parts(session, work_order_id),
        *_time(session, work_order_id),
        *_photos(session, work_order_id),
    ]
    entries.sort(key=lambda e: (e.at, -_KIND_ORDER[e.kind]), reverse=True)
    return entries


def _transitions(session: Session, work_order_id: int) -> list[TimelineEntry]:
    rows = session.scalars(select(Transition).where(Transition.work_order_id == work_order_id).order_by(Transition.id))
    entries = []
    for row in rows:
        text = f'created as {label(row.to_status)}'
        if row.from_status is not None:
            text = f'{label(row.from_status)} → {label(row.to_status)}'
        entries.append(_entry(row.at, row.actor_label, 'status', text + (f': {row.note}' if row.note else '')))
    return entries


def _comments(session: Session, work_order_id: int) -> list[TimelineEntry]:
    rows = session.scalars(select(WorkOrderComment).where(WorkOrderComment.work_order_id == work_order_id))
    return [_entry(row.created_at, row.author_label, 'comment', row.body) for row in rows]


def _steps(session: Session, work_order_id: int) -> list[TimelineEntry]:
    rows = session.scalars(
        select(WorkOrderStep).where(
            WorkOrderStep.work_order_id == work_order_id, WorkOrderStep.completed_at.is_not(None)
        )
    )
    entries = []
    for step in rows:
        outcome = 'failed' if step.state is StepState.FAILED else 'done'
        answer = ''
        if step.value_number is not None:
            answer = f' ({step.value_number:g}{" " + step.unit if step.unit else ""})'
        elif step.passed is not None:
            answer = ' (pass)' if step.passed else ' (fail)'
        text = f'step {step.position}. {step.title}: {outcome}{answer}'
        entries.append(_entry(step.completed_at, step.completed_by, 'step', text))
    return entries


def _parts(session: Session, work_order_id: int) -> list[TimelineEntry]:
    rows = session.execute(
        select(StockMovement, Part.part_number, Part.name, Part.unit)
        .join(Part, Part.id == StockMovement.part_id)
        .where(
            StockMovement.work_order_id == work_order_id,
            StockMovement.kind.in_([StockMovementKind.ISSUE, StockMovementKind.RETURN]),
        )
    )
    entries = []
    for movement, part_number, name, unit in rows:
        verb = 'used' if movement.kind is StockMovementKind.ISSUE else 'returned'
        text = f'{verb} {_quantity(abs(movement.quantity))} {unit} {part_number} {name}'
        entries.append(_entry(movement.at, movement.actor_label, 'part', text))
    return entries


def _time(session: Session, work_order_id: int) -> list[TimelineEntry]:
    rows = session.execute(
        select(TimeLog, User.name).join(User, User.id == TimeLog.user_id).where(TimeLog.work_order_id == work_order_id)
    )
    entries = []
    for log, name in rows:
        if log.ended_at is None:
            entries.append(_entry(log.started_at, name, 'time', 'timer started'))
        else:
            text = f'{_quantity(log.hours)} h logged ({log.source.value})' + (f': {log.note}' if log.note else '')
            entries.append(_entry(log.ended_at, name, 'time', text))
    return entries


def _photos(session: Session, work_order_id: int) -> list[TimelineEntry]:
    rows = session.scalars(select(WorkOrderPhoto).where(WorkOrderPhoto.work_order_id == work_order_id))
    return [_entry(row.uploaded_at, row.uploaded_by, 'photo', f'added photo {row.file_name}') for row in rows]


def _entry(at, actor: str, kind: str, text: str) -> TimelineEntry:
    return TimelineEntry(at=at, actor=actor, kind=kind, text=text)


def _quantity(value: Decimal) -> str:
    text = f'{value:f}'
    return text.rstrip('0').rstrip('.') if '.' in text else text
