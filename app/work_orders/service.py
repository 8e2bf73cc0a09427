"""Work orders: raise, find, plan, move through the lifecycle. Every change lands with its audit entry.

Making one (rights, references, templates, numbering) lives in ``creation``; reading (filters, sorts, pages) in
``queries`` and ``views``; the board and the timeline in ``overview``. The lifecycle rules are ``state_machine``'s.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.core import audit, events
from app.core.db import utcnow
from app.core.enums import AuditAction
from app.core.errors import Conflict, FieldError, Forbidden, NotFound, StaleVersion, ValidationFailed
from app.core.permissions import Permission, can, require
from app.core.principal import Principal
from app.core.schemas import Page
from app.core.scoping import check_version, load_scoped
from app.work_orders import events as published
from app.work_orders import failure_codes, labour, state_machine
from app.work_orders.creation import check_create_rights, check_references, new_work_order
from app.work_orders.enums import CLOSED_STATUSES, StepState, WorkOrderStatus
from app.work_orders.models import WorkOrder, WorkOrderStep, WorkOrderTransition
from app.work_orders.overview import board, board_column, timeline  # noqa: F401  (part of this API)
from app.work_orders.queries import filtered_work_order_query, list_page  # noqa: F401  (export uses the query)
from app.work_orders.rollups import lock_work_order
from app.work_orders.schemas import StatusChange, WorkOrderCreate, WorkOrderFilter, WorkOrderRead, WorkOrderUpdate
from app.work_orders.schemas import format_number as number_of
from app.work_orders.views import FAILURE_FIELDS, full_read, snapshot

_NOT_NULL = frozenset({'title', 'work_type', 'priority'})
_BLANK_WHEN_NULL = {'description': '', 'team': '', **dict.fromkeys(FAILURE_FIELDS, '')}
# Leaving in_progress stops the running timers: paused, finished or cancelled work is not being worked on.
_STOPS_TIMERS = frozenset({WorkOrderStatus.ON_HOLD, WorkOrderStatus.COMPLETED, WorkOrderStatus.CANCELLED})


def create_work_order(*, session: Session, principal: Principal, data: WorkOrderCreate) -> WorkOrderRead:
    """Raise a work request, or (planners) a planned work order; optionally from a template."""
    require(principal, Permission.WORK_ORDERS_REQUEST)
    check_create_rights(principal, data)
    return new_work_order(session, principal, data)


def list_work_orders(*, session: Session, principal: Principal, filters: WorkOrderFilter) -> Page[WorkOrderRead]:
    """Work orders matching the filters, one page with the total (list items carry no steps or parts)."""
    require(principal, Permission.WORK_ORDERS_READ)
    return list_page(session, principal, filters)


def get_work_order(*, session: Session, principal: Principal, work_order_id: int) -> WorkOrderRead:
    """One work order with its checklist and the parts used on it."""
    require(principal, Permission.WORK_ORDERS_READ)
    return read_scoped(session, principal, work_order_id)


def update_work_order(
    *, session: Session, principal: Principal, work_order_id: int, data: WorkOrderUpdate
) -> WorkOrderRead:
    """Change the plan (planners) or only the failure codes (whoever executes); a stale ``version`` is a 409.

    A closed work order keeps its plan (reopen it first); its failure codes can still be recorded.
    """
    values = data.model_dump(exclude_unset=True, exclude={'version'})
    plan = sorted(set(values) - set(FAILURE_FIELDS))
    require(principal, Permission.WORK_ORDERS_MANAGE if plan else Permission.WORK_ORDERS_EXECUTE)
    work_order = _load_current(session, principal, work_order_id, data.version)
    for name in [n for n, v in values.items() if v is None]:
        if name in _NOT_NULL:
            raise ValidationFailed.field(name, 'may not be null; leave the field out to keep its value')
        values[name] = _BLANK_WHEN_NULL.get(name)
    changed = {name: value for name, value in values.items() if getattr(work_order, name) != value}
    failure = {name: changed[name] for name in FAILURE_FIELDS if name in changed}
    if failure:
        failure_codes.check_codes(session, work_order, failure, completing=False)
    if work_order.status in CLOSED_STATUSES and set(changed) - set(FAILURE_FIELDS):
        raise Conflict(
            f'{number_of(work_order.number)} is {state_machine.label(work_order.status)}: its plan cannot change '
            f'({", ".join(sorted(set(changed) - set(FAILURE_FIELDS)))}); only failure codes can still be recorded'
        )
    if 'asset_id' in changed or 'assignee_id' in changed:
        refs = check_references(
            session,
            principal,
            asset_id=changed.get('asset_id'),
            assignee_id=changed.get('assignee_id'),
            template_id=None,
        )
        if refs.errors:
            raise ValidationFailed(refs.errors)
        if refs.asset is not None and refs.asset.site_id is not None:
            changed['site_id'] = refs.asset.site_id
    if not changed:
        return read_scoped(session, principal, work_order.id)
    before = snapshot(work_order)
    for name, value in changed.items():
        setattr(work_order, name, value)
    flush_or_conflict(session, work_order)
    audit.record(
        session,
        principal,
        AuditAction.UPDATE,
        'work_order',
        work_order.id,
        changes=audit.diff(before, snapshot(work_order)),
        summary=f'updated work order {number_of(work_order.number)}',
    )
    if 'assignee_id' in changed or 'team' in changed:
        events.publish_all(session, published.on_assignment(work_order, before['assignee_id']))
    return read_scoped(session, principal, work_order.id)


def change_status(*, session: Session, principal: Principal, work_order_id: int, data: StatusChange) -> WorkOrderRead:
    """Move a work order through its lifecycle; a move the state machine does not allow is a 409 and changes nothing.

    Completing is refused while required checklist steps are pending, and takes the failure codes the catalogue
    asks for (``failure_codes``). Leaving in_progress stops running timers.
    """
    require(principal, Permission.WORK_ORDERS_EXECUTE)
    work_order = lock_work_order(session, principal, work_order_id)
    check_version(data.version, work_order, number_of(work_order.number))
    current, target = work_order.status, data.status
    if problem := state_machine.transition_problem(current, target, principal.role):
        # A move that exists but is not the role's to make is a permission matter (403), anything else a 409.
        raise (Forbidden if state_machine.is_move(current, target) else Conflict)(problem)
    failure = data.model_dump(include=set(FAILURE_FIELDS), exclude_none=True)
    if target is WorkOrderStatus.COMPLETED:
        _check_checklist_done(session, work_order)
        failure_codes.check_codes(session, work_order, failure, completing=True)
    elif failure:
        raise ValidationFailed([FieldError(name, 'Failure codes are recorded when completing') for name in failure])
    at = _next_moment(work_order)
    if current is WorkOrderStatus.IN_PROGRESS and target in _STOPS_TIMERS:
        labour.stop_running_timers(session=session, work_order_id=work_order.id, at=at)
    recorded = ['status', *FAILURE_FIELDS]
    before = snapshot(work_order, recorded)
    _set_timestamps(work_order, target, at)
    work_order.status = target
    for name, value in failure.items():
        setattr(work_order, name, value)
    flush_or_conflict(session, work_order)
    session.add(
        WorkOrderTransition(
            organization_id=work_order.organization_id,
            work_order_id=work_order.id,
            from_status=current,
            to_status=target,
            at=at,
            actor_label=principal.label,
            note=data.note,
        )
    )
    changes = audit.diff(before, snapshot(work_order, recorded))
    if data.note:
        changes['note'] = [None, data.note]
    audit.record(
        session,
        principal,
        AuditAction.UPDATE,
        'work_order',
        work_order.id,
        changes=changes,
        summary=f'{number_of(work_order.number)}: {state_machine.label(current)} → {state_machine.label(target)}',
    )
    events.publish_all(session, published.on_move(work_order, current, data.note))
    return read_scoped(session, principal, work_order.id)


def allowed_moves(principal: Principal, work_order: WorkOrderRead) -> list[WorkOrderStatus]:
    """The statuses the principal may move this work order to, in lifecycle order (for status buttons)."""
    return allowed_moves_from(principal, work_order.status)


def allowed_moves_from(principal: Principal, status: WorkOrderStatus) -> list[WorkOrderStatus]:
    """The statuses the principal may move any work order in ``status`` to (a kanban column's drop targets)."""
    if not can(principal, Permission.WORK_ORDERS_EXECUTE):
        return []
    return state_machine.allowed_targets(status, principal.role)


def read_scoped(session: Session, principal: Principal, work_order_id: int) -> WorkOrderRead:
    """The full read model of one of the organisation's work orders, or NotFound."""
    load_scoped(session, WorkOrder, work_order_id, principal)
    return full_read(session, work_order_id)


def flush_or_conflict(session: Session, work_order: WorkOrder) -> None:
    """Flush; a concurrent writer (version column) or a vanished reference is a 409, never an overwrite."""
    number = number_of(work_order.number)  # read now: a failed flush expires the object
    try:
        with session.begin_nested():
            session.flush()
    except StaleDataError:
        raise StaleVersion(f'{number} was changed by someone else meanwhile; reload and try again') from None
    except IntegrityError:
        raise Conflict('a referenced record was changed or removed meanwhile; reload and try again') from None


def _load_current(session: Session, principal: Principal, work_order_id: int, version: int | None) -> WorkOrder:
    try:
        work_order = load_scoped(session, WorkOrder, work_order_id, principal)
    except NotFound:
        raise NotFound(f'work order {work_order_id} not found') from None
    check_version(version, work_order, number_of(work_order.number))
    return work_order


def _check_checklist_done(session: Session, work_order: WorkOrder) -> None:
    pending = session.execute(
        select(WorkOrderStep.position, WorkOrderStep.title)
        .where(
            WorkOrderStep.work_order_id == work_order.id,
            WorkOrderStep.required.is_(True),
            WorkOrderStep.state == StepState.PENDING,
        )
        .order_by(WorkOrderStep.position)
    ).all()
    if pending:
        steps = '; '.join(f'{position}. {title}' for position, title in pending)
        raise Conflict(
            f'{number_of(work_order.number)} cannot be completed: {len(pending)} required '
            f'step{"s are" if len(pending) != 1 else " is"} not done: {steps}'
        )


def _next_moment(work_order: WorkOrder) -> datetime:
    """Now, but never before an earlier lifecycle timestamp (a clock stepping back must not unorder them)."""
    earlier = [t for t in (work_order.scheduled_at, work_order.started_at, work_order.completed_at) if t is not None]
    return max([utcnow(), *earlier])


def _set_timestamps(work_order: WorkOrder, target: WorkOrderStatus, at: datetime) -> None:
    values: dict[str, Any] = {}
    if target is WorkOrderStatus.SCHEDULED:
        values['scheduled_at'] = at
    elif target is WorkOrderStatus.REQUESTED:
        values['scheduled_at'] = None  # unscheduled
    elif target is WorkOrderStatus.IN_PROGRESS:
        values['started_at'] = work_order.started_at or at  # resuming or reopening keeps the first start
        values['completed_at'] = None  # reopened
    elif target is WorkOrderStatus.COMPLETED:
        values['completed_at'] = at
    elif target is WorkOrderStatus.CANCELLED:
        values['cancelled_at'] = at
    for name, value in values.items():
        setattr(work_order, name, value)
