"""The work-order page's checklist: each step answered by its kind (tick, number, text, pass/fail); a failed one
turns red and offers a follow-up work order."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from app.core.errors import DomainError
from app.core.permissions import Permission
from app.core.schemas import validated
from app.work_orders import steps
from app.work_orders.enums import StepKind, StepState, WorkOrderStatus
from app.work_orders.schemas import StepCompletion, StepRead
from components import design
from components import work_order_badges as badges
from pages.kernel.bridge import call
from pages.work_orders.common import WorkOrderView

STEP_ROW = 'w-full items-center gap-3 p-3 rounded-xl border '
STEP_TONE = {
    StepState.PENDING: 'border-gray-200 dark:border-gray-700',
    StepState.DONE: 'border-green-200 bg-green-50 dark:bg-green-950/40 dark:border-green-900',
    StepState.FAILED: 'border-red-300 bg-red-50 dark:bg-red-950/40 dark:border-red-900',
}


async def checklist_section(view: WorkOrderView) -> None:
    wo = view.wo
    if not wo.steps:
        design.empty_state('checklist', 'No checklist on this work order — a planner can add steps from a template.')
        return
    done = sum(step.state != StepState.PENDING for step in wo.steps)
    with ui.row().classes('w-full items-center gap-3'):
        ui.label(f'{done} of {len(wo.steps)} steps answered').classes('font-medium')
        ui.linear_progress(done / len(wo.steps), show_value=False, color='positive').classes(
            'grow max-w-md h-2 rounded'
        ).props('aria-label="Steps answered"')
    editable = view.can(Permission.WORK_ORDERS_EXECUTE) and view.wo.status == WorkOrderStatus.IN_PROGRESS
    if view.can(Permission.WORK_ORDERS_EXECUTE) and view.is_open and not editable:
        with ui.row().classes('w-full items-center gap-2 p-3 rounded-lg bg-blue-50 dark:bg-blue-950 text-sm'):
            ui.icon('info').classes('text-lg')
            ui.label('Start the work to answer the steps.')
    with ui.column().classes('w-full gap-2'):
        for step in wo.steps:
            _step_row(view, step, editable)


def _step_row(view: WorkOrderView, step: StepRead, editable: bool) -> None:
    color, icon = badges.STEP_STYLE[step.state]
    with (
        ui.row()
        .classes(STEP_ROW + STEP_TONE[step.state] + ' flex-wrap')
        .props(f'aria-label="Step {step.position}: {step.title}" data-state={step.state}')
        .mark(f'step-{step.position}')
    ):
        word = badges.step_word(step.kind, step.state, step.passed)
        ui.icon(icon, color=color).classes('text-3xl shrink-0').props(f'aria-label="{word}"')
        with ui.column().classes('gap-0 grow min-w-[14rem]'):
            with ui.row().classes('items-center gap-2'):
                ui.label(f'{step.position}. {step.title}').classes('text-base font-medium')
                if step.required:
                    ui.label('required').classes('text-xs px-1.5 rounded bg-gray-200 dark:bg-gray-700')
            ui.label(_step_detail(view, step)).classes(
                'text-sm ' + ('text-negative font-medium' if step.state == StepState.FAILED else 'text-gray-500')
            )
        if step.state == StepState.PENDING and editable:
            _step_inputs(view, step)
        elif editable:
            ui.button('Undo', icon='undo', on_click=lambda: _reopen(view, step)).props('flat no-caps').classes(
                design.TOUCH_TARGET
            )
        if step.state == StepState.FAILED:
            _follow_up(view, step)


def _step_detail(view: WorkOrderView, step: StepRead) -> str:
    limits = ''
    if step.kind == StepKind.NUMBER and (step.min_value is not None or step.max_value is not None):
        low = '−∞' if step.min_value is None else f'{step.min_value:g}'
        high = '∞' if step.max_value is None else f'{step.max_value:g}'
        limits = f'allowed {low} – {high} {step.unit}'.strip()
    if step.state == StepState.PENDING:
        return limits or {StepKind.PASS_FAIL: 'Pass or fail', StepKind.TEXT: 'Write down what you found'}.get(
            step.kind, 'Tick when done'
        )
    answer = {
        StepKind.NUMBER: f'{step.value_number:g} {step.unit}'.strip() if step.value_number is not None else '',
        StepKind.PASS_FAIL: badges.step_word(step.kind, step.state, step.passed),
        StepKind.TEXT: f'“{step.value_text}”',
        StepKind.CHECKBOX: 'done',
    }[step.kind]
    when, _ = view.when(step.completed_at)
    outside = ' — outside the limits' if step.state == StepState.FAILED and step.kind == StepKind.NUMBER else ''
    parts = [
        f'{answer}{outside}',
        limits if outside else '',
        f'{step.completed_by}, {when}' if step.completed_by else '',
    ]
    return ' · '.join(part for part in parts if part)


def _step_inputs(view: WorkOrderView, step: StepRead) -> None:
    with ui.row().classes('items-center gap-2 no-wrap'):
        if step.kind == StepKind.CHECKBOX:
            ui.button('Done', icon='check', on_click=lambda: _answer(view, step, done=True)).props(
                'unelevated no-caps color=positive'
            ).classes('min-h-[44px] px-4')
        elif step.kind == StepKind.PASS_FAIL:
            ui.button('Pass', icon='thumb_up', on_click=lambda: _answer(view, step, passed=True)).props(
                'unelevated no-caps color=positive'
            ).classes('min-h-[44px]')
            ui.button('Fail', icon='thumb_down', on_click=lambda: _answer(view, step, passed=False)).props(
                'unelevated no-caps color=negative'
            ).classes('min-h-[44px]')
        elif step.kind == StepKind.NUMBER:
            value = (
                ui.number('Value', suffix=step.unit or None)
                .props(f'outlined dense inputmode=decimal input-class=text-right aria-label="{step.title} value"')
                .classes('w-36')
            )
            value.on('keydown.enter', lambda: _answer(view, step, value=value.value, field=value))
            ui.button('Save', on_click=lambda: _answer(view, step, value=value.value, field=value)).props(
                'unelevated no-caps'
            ).classes('min-h-[44px]')
        else:
            text = ui.input('Answer').props(f'outlined dense aria-label="{step.title} answer"').classes('w-64')
            ui.button('Save', on_click=lambda: _answer(view, step, text=text.value, field=text)).props(
                'unelevated no-caps'
            ).classes('min-h-[44px]')


async def _answer(view: WorkOrderView, step: StepRead, *, field: Any = None, **answer: Any) -> None:
    if field is not None and answer.get('value', answer.get('text')) in (None, ''):
        field.error = 'Enter a value first'
        return
    try:
        data = validated(StepCompletion, answer)
        done = await call(
            steps.complete_step, principal=view.principal, work_order_id=view.wo.id, step_id=step.id, data=data
        )
    except DomainError as error:
        if field is not None:
            field.error = error.detail
        else:
            ui.notify(error.detail, type='negative')
        return
    if getattr(done, 'state', None) == StepState.FAILED:
        ui.notify(f'Step {step.position} failed — create a follow-up if it needs work', type='warning')
    await view.refresh()


async def _reopen(view: WorkOrderView, step: StepRead) -> None:
    try:
        await call(steps.reopen_step, principal=view.principal, work_order_id=view.wo.id, step_id=step.id)
    except DomainError as error:
        ui.notify(error.detail, type='negative')
        return
    await view.refresh()


def _follow_up(view: WorkOrderView, step: StepRead) -> None:
    if step.follow_up_work_order_id:
        ui.button(
            'Open follow-up',
            icon='open_in_new',
            on_click=lambda: ui.navigate.to(f'/work-orders/{step.follow_up_work_order_id}'),
        ).props('outline no-caps color=negative').classes(design.TOUCH_TARGET)
        return
    if not view.can(Permission.WORK_ORDERS_REQUEST):
        return

    async def create() -> None:
        try:
            made = await call(
                steps.create_follow_up, principal=view.principal, work_order_id=view.wo.id, step_id=step.id
            )
        except DomainError as error:
            ui.notify(error.detail, type='negative')
            return
        ui.notify(f'Follow-up {made.number} created', type='positive')
        await view.refresh()

    ui.button('Create follow-up', icon='add_task', on_click=create).props('unelevated no-caps color=negative').classes(
        design.TOUCH_TARGET
    )
