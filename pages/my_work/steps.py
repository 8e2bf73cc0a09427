"""The work view's checklist: a big toggle per checkbox, a Pass/Fail pair, a number field with a decimal keypad and
its limits, a text box. A failed step turns red and offers "Create follow-up". Each step redraws alone after an
answer, so the rest of the page (and what is typed elsewhere) stays put.
"""

from __future__ import annotations

from nicegui import ui

from app.core.errors import DomainError
from app.work_orders import steps as step_service
from app.work_orders.enums import OPEN_STATUSES, StepKind, StepState
from app.work_orders.enums import WorkOrderStatus as S
from app.work_orders.schemas import StepCompletion, StepRead
from components import design, touch
from components import work_order_badges as badges
from pages.kernel.bridge import call
from pages.my_work.job import WorkView
from pages.work_orders.common import moment_text

TONE = {
    StepState.PENDING: f'border-gray-300 {design.SURFACE} dark:border-gray-600',
    StepState.DONE: 'border-green-600 bg-green-50 dark:bg-green-950/40',
    StepState.FAILED: 'border-red-600 bg-red-50 dark:bg-red-950/40',
}
HINTS = {
    S.SCHEDULED: 'Tap Start below to tick the steps.',
    S.ON_HOLD: 'Tap Resume below to carry on with the steps.',
    S.REQUESTED: 'The steps open once a supervisor has scheduled this work and you start it.',
}


def checklist(view: WorkView) -> None:
    steps = view.wo.steps
    with ui.column().classes('w-full gap-3').mark('checklist'):
        ui.label('Checklist').classes('text-xl font-semibold')
        if not steps:
            touch.notice('No checklist on this work order — do the job, then complete it.', 'checklist')
            return

        @ui.refreshable
        def progress() -> None:
            done = sum(step.state is not StepState.PENDING for step in view.wo.steps)
            touch.progress(done, len(view.wo.steps), failed=sum(s.state is StepState.FAILED for s in view.wo.steps))

        progress()
        if view.wo.status in OPEN_STATUSES and not view.editable:
            touch.notice(HINTS.get(view.wo.status, 'Start the work to tick the steps.'), 'touch_app')
        for step in steps:
            box = ui.column().classes('w-full')
            StepCard(view, step, box, progress.refresh).draw()


class StepCard:
    def __init__(self, view: WorkView, step: StepRead, box: ui.column, on_change) -> None:
        self.view, self.step, self.box, self.on_change = view, step, box, on_change

    def draw(self) -> None:
        step, editable = self.step, self.view.editable
        self.box.clear()
        with self.box:
            card = ui.column().classes(f'w-full gap-3 p-4 rounded-xl border-2 {TONE[step.state]}')
            touch.attrs(card, aria_label=f'Step {step.position}: {step.title}')
            with card.props(f'data-state={step.state} data-step={step.position}').mark(f'step-{step.position}'):
                with ui.row().classes('w-full items-start gap-3 no-wrap'):
                    ui.label(str(step.position)).classes(
                        'w-9 h-9 shrink-0 rounded-full bg-gray-200 dark:bg-gray-700 text-lg font-semibold '
                        'flex items-center justify-center'
                    )
                    with ui.column().classes('grow gap-0 min-w-0'):
                        ui.label(step.title).classes('text-lg font-medium leading-snug break-words')
                        if not step.required:
                            ui.label('optional').classes('text-sm text-gray-500')
                    if step.state is not StepState.PENDING:
                        badges.badge('step', step.state, text=badges.step_word(step.kind, step.state, step.passed))
                {
                    StepKind.CHECKBOX: self._checkbox,
                    StepKind.PASS_FAIL: self._pass_fail,
                    StepKind.NUMBER: self._number,
                    StepKind.TEXT: self._text,
                }[step.kind](editable)
                if step.state is StepState.FAILED:
                    self._follow_up()
                if step.completed_at is not None:
                    relative, exact = self.view.when(step.completed_at)
                    mine = step.completed_by in (self.view.context.user_email, self.view.context.user_name)
                    who = 'You' if mine else step.completed_by
                    ui.label(f'{who} · {moment_text(relative, exact)}').classes('text-sm text-gray-500')

    # --- the answer widgets ---------------------------------------------------------------------------------

    def _checkbox(self, editable: bool) -> None:
        done = self.step.state is StepState.DONE
        text, icon = ('Done — tap to undo', 'check_box') if done else ('Tick as done', 'check_box_outline_blank')
        button = touch.big_button(text, icon, self._toggle, color='green-8' if done else 'primary', outline=not done)
        button.classes('w-full').props(f'aria-pressed={str(done).lower()}').mark('step-toggle')
        button.set_enabled(editable)

    def _pass_fail(self, editable: bool) -> None:
        passed = self.step.passed
        with ui.row().classes('w-full gap-3 no-wrap'):
            for text, icon, color, value in (('Pass', 'check', 'green-8', True), ('Fail', 'close', 'red-8', False)):
                chosen = passed is value
                button = touch.big_button(
                    text, icon, lambda v=value: self._answer(StepCompletion(passed=v)), color=color, outline=not chosen
                )
                button.classes('grow basis-1/2').props(f'aria-pressed={str(chosen).lower()}').mark(
                    f'step-{text.lower()}'
                )
                button.set_enabled(editable)

    def _number(self, editable: bool) -> None:
        step = self.step
        limits = ' – '.join(f'{v:g}' for v in (step.min_value, step.max_value) if v is not None)
        if step.min_value is not None and step.max_value is None:
            limits = f'at least {step.min_value:g}'
        elif step.max_value is not None and step.min_value is None:
            limits = f'at most {step.max_value:g}'
        if limits:
            ui.label(f'Limits {limits} {step.unit}'.strip()).classes('text-base text-gray-600 dark:text-gray-300')
        with ui.row().classes('w-full gap-3 no-wrap items-start'):
            value = '' if step.value_number is None else f'{step.value_number:g}'
            field = (
                ui.input('Reading', value=value)
                .props(
                    'outlined inputmode=decimal enterkeyhint=done autocomplete=off '
                    f'aria-label="Reading for step {step.position}"'
                )
                .classes('grow')
                .mark('step-number')
            )
            touch.attrs(field, suffix=step.unit)
            save = touch.big_button('Save', 'save', lambda: self._save_number(field), classes='shrink-0')
            field.on('keydown.enter', lambda: self._save_number(field))
            field.set_enabled(editable)
            save.set_enabled(editable)

    def _text(self, editable: bool) -> None:
        with ui.column().classes('w-full gap-2'):
            field = ui.textarea('Your note', value=self.step.value_text).props('outlined autogrow').classes('w-full')
            field.mark('step-text')
            save = touch.big_button(
                'Save note', 'save', lambda: self._save_text(field), outline=True, classes='self-end'
            )
            field.set_enabled(editable)
            save.set_enabled(editable)

    def _follow_up(self) -> None:
        if self.step.follow_up_work_order_id is not None:
            touch.big_button(
                'Follow-up raised — open it',
                'assignment_turned_in',
                lambda: ui.navigate.to(f'/work-orders/{self.step.follow_up_work_order_id}'),
                color='red-8',
                outline=True,
                classes='w-full',
            ).mark('step-follow-up')
            return
        touch.big_button('Create follow-up', 'add_task', self._create_follow_up, color='red-8', classes='w-full').mark(
            'step-follow-up'
        )

    # --- what the answers do --------------------------------------------------------------------------------

    async def _toggle(self) -> None:
        if self.step.state is StepState.DONE:
            await self._run(step_service.reopen_step)
        else:
            await self._answer(StepCompletion(done=True))

    async def _save_number(self, field: ui.input) -> None:
        text = (field.value or '').strip().replace(',', '.')
        try:
            value = float(text)
        except ValueError:
            field.error = 'Type the reading as a number, e.g. 4.2'
            return
        field.error = None
        await self._answer(StepCompletion(value=value))

    async def _save_text(self, field: ui.textarea) -> None:
        if not (field.value or '').strip():
            field.error = 'Write the note first'
            return
        await self._answer(StepCompletion(text=field.value))

    async def _answer(self, data: StepCompletion) -> None:
        await self._run(step_service.complete_step, data=data)

    async def _run(self, service, **kwargs) -> None:
        try:
            step = await call(
                service, principal=self.view.principal, work_order_id=self.view.wo.id, step_id=self.step.id, **kwargs
            )
        except DomainError as error:
            touch.toast(error.detail, 'negative', multi_line=True)
            return
        self._replace(step)

    async def _create_follow_up(self) -> None:
        try:
            created = await call(
                step_service.create_follow_up,
                principal=self.view.principal,
                work_order_id=self.view.wo.id,
                step_id=self.step.id,
            )
        except DomainError as error:
            touch.toast(error.detail, 'negative', multi_line=True)
            return
        touch.toast(f'{created.number} raised for the failed step', 'positive')
        self._replace(self.step.model_copy(update={'follow_up_work_order_id': created.id}))

    def _replace(self, step: StepRead) -> None:
        steps = self.view.wo.steps
        steps[:] = [step if s.id == step.id else s for s in steps]
        self.step = step
        self.draw()
        self.on_change()
