"""Checklist steps: answering them while the work is in progress, reopening, and a follow-up for a failed one.

Answers by kind: a checkbox takes ``done: true``; a number takes ``value`` (outside min/max the step *fails*, it is
not refused: a measurement out of limits is a finding); text takes ``text``; pass/fail takes ``passed`` (false fails
the step). ``text`` is also accepted as a remark on any other kind. A failed step can raise one corrective follow-up
work order on the same asset; asking again returns that one.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.core import audit
from app.core.db import utcnow
from app.core.enums import AuditAction
from app.core.errors import Conflict, ValidationFailed
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.scoping import load_scoped
from app.work_orders.creation import new_work_order
from app.work_orders.enums import StepKind, StepState, WorkOrderStatus, WorkType
from app.work_orders.models import WorkOrder, WorkOrderStep
from app.work_orders.rollups import lock_work_order
from app.work_orders.schemas import StepCompletion, StepRead, WorkOrderCreate, WorkOrderRead, format_number
from app.work_orders.service import read_scoped
from app.work_orders.state_machine import label
from app.work_orders.views import step_read

# The answer field each kind takes; ``text`` doubles as a remark on the others.
_ANSWER_FIELD = {
    StepKind.CHECKBOX: 'done',
    StepKind.NUMBER: 'value',
    StepKind.TEXT: 'text',
    StepKind.PASS_FAIL: 'passed',
}


def complete_step(
    *, session: Session, principal: Principal, work_order_id: int, step_id: int, data: StepCompletion
) -> StepRead:
    """Answer a checklist step of an in-progress work order; an out-of-limits number or a fail marks it failed."""
    require(principal, Permission.WORK_ORDERS_EXECUTE)
    work_order, step = _in_progress_step(session, principal, work_order_id, step_id, 'answer its steps')
    _check_answer(step, data)
    before = _answer_of(step)
    step.value_number = data.value if step.kind is StepKind.NUMBER else None
    step.passed = data.passed if step.kind is StepKind.PASS_FAIL else None
    step.value_text = (data.text or '').strip()
    step.state = StepState.FAILED if _fails(step) else StepState.DONE
    step.completed_by = principal.label
    step.completed_at = utcnow()
    session.flush()
    _audit(session, principal, work_order, step, before, f'{step.state.value}')
    return step_read(step)


def reopen_step(*, session: Session, principal: Principal, work_order_id: int, step_id: int) -> StepRead:
    """Clear a step's answer (back to pending) while the work order is in progress."""
    require(principal, Permission.WORK_ORDERS_EXECUTE)
    work_order, step = _in_progress_step(session, principal, work_order_id, step_id, 'reopen its steps')
    if step.state is StepState.PENDING:
        return step_read(step)
    before = _answer_of(step)
    step.state, step.value_number, step.value_text, step.passed = StepState.PENDING, None, '', None
    step.completed_by, step.completed_at = '', None
    session.flush()
    _audit(session, principal, work_order, step, before, 'reopened')
    return step_read(step)


def create_follow_up(*, session: Session, principal: Principal, work_order_id: int, step_id: int) -> WorkOrderRead:
    """Raise a corrective work order for a failed step (same asset); asking again returns the one already raised."""
    require(principal, Permission.WORK_ORDERS_REQUEST)
    # The work order's row lock makes two clicks at once raise one follow-up: the second sees the first one's link.
    work_order = lock_work_order(session, principal, work_order_id)
    step = _step_of(session, work_order, step_id)
    if step.follow_up_work_order_id is not None:
        return read_scoped(session, principal, step.follow_up_work_order_id)
    if step.state is not StepState.FAILED:
        raise Conflict(f'step {step.position}. {step.title} has not failed: only a failed step gets a follow-up')
    number = format_number(work_order.number)
    data = WorkOrderCreate(
        title=f'Follow-up: {step.title}'[:200],
        description=_follow_up_description(number, step),
        asset_id=work_order.asset_id,
        site_id=None if work_order.asset_id else work_order.site_id,
        work_type=WorkType.CORRECTIVE,
        priority=work_order.priority,
    )
    created = new_work_order(session, principal, data, follow_up_of_id=work_order.id)
    step.follow_up_work_order_id = created.id
    session.flush()
    _audit(session, principal, work_order, step, _answer_of(step), f'follow-up {created.number} raised')
    return created


def _in_progress_step(
    session: Session, principal: Principal, work_order_id: int, step_id: int, action: str
) -> tuple[WorkOrder, WorkOrderStep]:
    # Shared with status moves (the same row lock): a work order cannot complete while a step is being answered.
    work_order = lock_work_order(session, principal, work_order_id)
    step = _step_of(session, work_order, step_id)
    if work_order.status is not WorkOrderStatus.IN_PROGRESS:
        raise Conflict(
            f'{format_number(work_order.number)} is {label(work_order.status)}: start it first to {action}'
            if work_order.status in (WorkOrderStatus.REQUESTED, WorkOrderStatus.SCHEDULED, WorkOrderStatus.ON_HOLD)
            else f'{format_number(work_order.number)} is {label(work_order.status)}: reopen it to {action}'
        )
    return work_order, step


def _step_of(session: Session, work_order: WorkOrder, step_id: int) -> WorkOrderStep:
    return load_scoped(
        session,
        WorkOrderStep,
        step_id,
        None,  # scoped through its (already scoped and locked) work order
        where=[WorkOrderStep.work_order_id == work_order.id],
        lock=True,
        missing=f'step {step_id} not found on {format_number(work_order.number)}',
    )


def _check_answer(step: WorkOrderStep, data: StepCompletion) -> None:
    answer = _ANSWER_FIELD[step.kind]
    for name in ('done', 'value', 'passed'):
        if name != answer and getattr(data, name) is not None:
            raise ValidationFailed.field(name, f'does not apply to a {_kind(step)} step; send {answer}')
    if step.kind is StepKind.CHECKBOX and data.done is not True:
        raise ValidationFailed.field('done', 'send done: true to tick the box (reopen the step to clear it)')
    if step.kind is StepKind.NUMBER and data.value is None:
        raise ValidationFailed.field('value', f'a number step needs the measured value{_unit(step)}')
    if step.kind is StepKind.TEXT and not (data.text or '').strip():
        raise ValidationFailed.field('text', 'a text step needs the text')
    if step.kind is StepKind.PASS_FAIL and data.passed is None:
        raise ValidationFailed.field('passed', 'a pass/fail step needs passed: true or false')


def _fails(step: WorkOrderStep) -> bool:
    if step.kind is StepKind.NUMBER:
        low, high = step.min_value, step.max_value
        return (low is not None and step.value_number < low) or (high is not None and step.value_number > high)
    return step.kind is StepKind.PASS_FAIL and step.passed is False


def _follow_up_description(number: str, step: WorkOrderStep) -> str:
    lines = [f'Step {step.position} of {number} failed: {step.title}']
    if step.value_number is not None:
        limits = ' – '.join(f'{v:g}' for v in (step.min_value, step.max_value) if v is not None)
        lines.append(f'Measured {step.value_number:g}{_unit(step)} (limits {limits or "none"}{_unit(step)})')
    if step.value_text:
        lines.append(f'Remark: {step.value_text}')
    lines.append(f'Found by {step.completed_by}')
    return '\n'.join(lines)


def _answer_of(step: WorkOrderStep) -> dict:
    return {
        'state': step.state.value,
        'value_number': step.value_number,
        'value_text': step.value_text,
        'passed': step.passed,
    }


def _audit(
    session: Session, principal: Principal, work_order: WorkOrder, step: WorkOrderStep, before: dict, what: str
) -> None:
    audit.record(
        session,
        principal,
        AuditAction.UPDATE,
        'work_order',
        work_order.id,
        changes={f'step {step.position}': [before, _answer_of(step)]},
        summary=f'{format_number(work_order.number)}: step {step.position}. {step.title} {what}'[:500],
    )


def _kind(step: WorkOrderStep) -> str:
    return step.kind.value.replace('_', '/')


def _unit(step: WorkOrderStep) -> str:
    return f' {step.unit}' if step.unit else ''
