"""The work-order form: "New work order" (optionally from a template) and "Edit" (planners, with the version).

People who may only raise requests see what a request needs; planners also set assignee, due date, team,
estimates and may create it straight as scheduled. Errors land next to their field; a stale edit shows a banner.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from nicegui import ui

from app.core.errors import DomainError, FieldError, ValidationFailed
from app.core.permissions import Permission, can
from app.core.principal import Principal
from app.core.schemas import validated
from app.work_orders import failure_codes
from app.work_orders import service as work_orders
from app.work_orders import templates as templates_service
from app.work_orders.enums import Priority, WorkOrderStatus, WorkType
from app.work_orders.schemas import FailureCodesAsked, WorkOrderCreate, WorkOrderRead, WorkOrderUpdate
from components import design, forms, money
from components import work_order_badges as badges
from components.forms import REFUSED, Form
from pages.kernel.bridge import call
from pages.kernel.form_input import MONEY_PLACES, parse_decimal
from pages.kernel.session import site_filter
from pages.work_orders.common import Lookups, asset_select
from pages.work_orders.editors import StepsEditor, WideDialog, form_grid, remap_row_errors, section_label
from pages.work_orders.failure_fields import add_failure_fields

Saved = Callable[[WorkOrderRead], Awaitable[Any] | Any]
NO_TITLE = 'Give the work order a title, or start from a template'
TEXT_FIELDS = ('title', 'description', 'team', 'failure_problem', 'failure_cause', 'failure_remedy', 'failure_note')


class WorkOrderForm:
    """A dialog for a new work order (``wo`` None) or for editing one."""

    def __init__(
        self,
        principal: Principal,
        lookups: Lookups,
        wo: WorkOrderRead | None,
        on_saved: Saved,
        asked: FailureCodesAsked | None = None,
    ) -> None:
        self.principal, self.lookups, self.wo, self.on_saved = principal, lookups, wo, on_saved
        self.asked = asked  # the failure-code lists of the asset's type, when editing
        self.planner = can(principal, Permission.WORK_ORDERS_MANAGE)
        self.form = Form()
        self.template_id: int | None = None
        self.steps: StepsEditor | None = None
        title = f'Edit {wo.number}' if wo else 'New work order' if self.planner else 'Request work'
        frame = WideDialog(title)
        self.dialog = frame.dialog
        with frame.top:
            self.stale = forms.stale_banner('this work order')
        with frame.body:
            self.templates_row = ui.row().classes('w-full')
            self._fields()
        with frame.footer:
            ui.button('Cancel', on_click=self.dialog.close).props('flat no-caps').classes(design.TOUCH_TARGET)
            label = 'Save changes' if wo else ('Create work order' if self.planner else 'Send request')
            self.submit_button = ui.button(label, on_click=self.submit).props('unelevated no-caps')
            self.submit_button.classes(design.TOUCH_TARGET)

    def _add(self, name: str, element: Any) -> Any:
        return self.form.add(name, element)

    def _fields(self) -> None:
        wo = self.wo
        value = (lambda name, default=None: getattr(wo, name)) if wo else (lambda name, default=None: default)
        self._add('title', forms.text_input('Title', value('title', '') or '', autocomplete='off'))
        self._add(
            'description',
            ui.textarea('Description', value=value('description', '') or '')
            .props('outlined autogrow')
            .classes('w-full'),
        )
        with form_grid():
            asset = self.lookups.asset if not wo else None
            self.asset = self._add('asset_id', asset_select(self.principal, 'Asset', asset, none_label='No asset'))
            self.asset.props(remove='dense').props('hint="Type a code or name to search"').classes('w-full')
            if wo and wo.asset_id:
                self.asset.set_options({None: 'No asset', wo.asset_id: f'{wo.asset_code} · {wo.asset_name}'})
                self.asset.value = wo.asset_id
            if not wo:
                sites = {None: 'From the asset', **self.lookups.sites}
                self.site = self._add('site_id', forms.select_input('Site', sites, site_filter()))
            self._add(
                'work_type', forms.select_input('Type', badges.type_options(), value('work_type', WorkType.CORRECTIVE))
            )
            self._add(
                'priority',
                forms.select_input('Priority', badges.options('priority'), value('priority', Priority.MEDIUM)),
            )
        if self.planner:
            self._planning(value)
        if wo and self.asked is not None and any(self.asked.offered.values()):
            section_label('Failure codes')
            add_failure_fields(self.form, self.asked, wo)  # the catalogue's lists, as completion asks them
        elif wo:
            section_label('Failure codes')
            with form_grid():
                for name, label in (('failure_problem', 'Problem'), ('failure_cause', 'Cause')):
                    self._add(name, forms.text_input(label, value(name) or ''))
                self._add('failure_remedy', forms.text_input('Remedy', value('failure_remedy') or ''))
        elif self.planner:
            section_label('Checklist')
            self.steps = StepsEditor(self.form, [])
        else:  # requesters cannot write a checklist; a template brings its own, shown here
            self.template_steps = ui.column().classes('w-full gap-1')

    def _planning(self, value: Callable[..., Any]) -> None:
        section_label('Planning')
        with form_grid():
            due = value('due_at')
            local = due.astimezone(self._zone()).strftime('%Y-%m-%dT%H:%M') if due else ''
            self._add('due_at', ui.input('Due', value=local).props('outlined type=datetime-local stack-label'))
            self.form.fields['due_at'].classes('w-full')
            people = {None: 'Not assigned', **self.lookups.people}
            self._add('assignee_id', forms.select_input('Assignee', people, value('assignee_id'), searchable=True))
            self._add('team', forms.text_input('Team', value('team', '') or ''))
            if not self.wo:
                options = {WorkOrderStatus.REQUESTED: 'Requested', WorkOrderStatus.SCHEDULED: 'Scheduled'}
                self._add('status', forms.select_input('Create as', options, WorkOrderStatus.REQUESTED))
            self._add('estimated_hours', _number('Estimated hours', value('estimated_hours'), 'h'))
            self._add('estimated_cost', _number(f'Estimated cost ({money.symbol()})', value('estimated_cost'), ''))

    def _zone(self) -> ZoneInfo:
        site_id = self.wo.site_id if self.wo else None
        if not self.wo:
            asset = getattr(self.asset, 'found', {}).get(self.asset.value) if self.asset.value else None
            site_id = asset.site_id if asset else self.site.value
        return self.lookups.zones.zone(site_id)

    async def open(self) -> None:
        if not self.wo:
            await self._template_picker()
        self.dialog.open()

    async def _template_picker(self) -> None:
        try:
            found = await call(templates_service.list_templates, principal=self.principal)
        except DomainError:
            return
        items = [t for t in getattr(found, 'items', found) if getattr(t, 'active', True)]
        if not items:
            return
        self.templates = {t.id: t for t in items}
        with self.templates_row:
            ui.select(
                {None: 'No template', **{t.id: t.name for t in items}},
                label='Start from a template',
                value=None,
                with_input=True,
                on_change=lambda e: self._use_template(e.value),
            ).props('outlined options-dense').classes('w-full').mark('template-select')

    def _use_template(self, template_id: int | None) -> None:
        self.template_id = template_id
        if template_id is None:
            if self.steps is None:
                self.template_steps.clear()
            return
        template = self.templates[template_id]
        fields = self.form.fields
        fields['title'].value = template.title
        fields['description'].value = template.description
        fields['work_type'].value = template.work_type
        fields['priority'].value = template.priority
        if 'estimated_hours' in fields:
            fields['estimated_hours'].value = float(template.estimated_hours) if template.estimated_hours else None
        if self.steps is not None:
            self.steps.set_rows([step.model_dump() for step in template.steps])
        else:
            self.template_steps.clear()
            with self.template_steps:
                section_label(f'Checklist from the template ({len(template.steps)} steps)')
                for position, step in enumerate(template.steps, start=1):
                    ui.label(f'{position}. {step.title}').classes('text-sm')

    async def submit(self) -> None:
        saved = await self.form.submit(
            self.submit_button,
            lambda: self._save(self.form.values()),
            remap=remap_row_errors,
            stale=self.stale if self.wo else None,
        )
        if saved is REFUSED:
            return
        self.dialog.close()
        ui.notify(f'{saved.number} {"saved" if self.wo else "created"}', type='positive')
        result = self.on_saved(saved)
        if isinstance(result, Awaitable):
            await result

    async def _save(self, values: dict[str, Any]) -> WorkOrderRead:
        data = {name: value for name, value in values.items() if not name.startswith('steps.')}
        for name in TEXT_FIELDS:
            if name in data:
                data[name] = data[name] or ''
        early: list[FieldError] = []  # what the form finds itself, shown together with the schema's errors
        if 'due_at' in data:
            try:
                data['due_at'] = _parse_local(data['due_at'], self._zone())
            except ValidationFailed as error:
                early += error.errors
                data['due_at'] = None
        for name in ('estimated_hours', 'estimated_cost'):
            if name in data:
                data[name] = parse_decimal(data[name], MONEY_PLACES)
        if self.wo:
            payload = _validated(WorkOrderUpdate, data | {'version': self.wo.version}, early)
            return await call(
                work_orders.update_work_order, principal=self.principal, work_order_id=self.wo.id, data=payload
            )
        if self.steps is not None:
            data['steps'] = self.steps.values()
        data['template_id'] = self.template_id
        if data.get('asset_id') is not None:
            data['site_id'] = None  # the asset's site; sending another one is an error
        data['title'] = data['title'] or None  # a template gives the title; without one the check below says so
        if not (data['title'] or self.template_id):
            early.insert(0, FieldError('title', NO_TITLE))
        payload = _validated(WorkOrderCreate, data, early)
        return await call(work_orders.create_work_order, principal=self.principal, data=payload)


def _validated(model: Any, data: dict[str, Any], early: list[FieldError]) -> Any:
    """The schema's model, or every error at once: the form's own (``early``) and the schema's."""
    try:
        payload = validated(model, data)
    except ValidationFailed as error:
        raise ValidationFailed(early + [e for e in error.errors if e.field not in {x.field for x in early}]) from None
    if early:
        raise ValidationFailed(early)
    return payload


async def open_work_order_form(
    principal: Principal, lookups: Lookups, wo: WorkOrderRead | None, on_saved: Saved
) -> None:
    asked = None
    if wo is not None:
        asked = await call(failure_codes.asked_at_completion, principal=principal, work_order_id=wo.id)
    await WorkOrderForm(principal, lookups, wo, on_saved, asked).open()


def _parse_local(text: Any, zone: ZoneInfo) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(str(text)).replace(tzinfo=zone)
    except ValueError:
        raise ValidationFailed.field('due_at', 'use a date and time such as 2026-12-01 14:00') from None


def _number(label: str, value: Any, suffix: str) -> ui.number:
    return (
        ui.number(label, value=float(value) if value is not None else None, suffix=suffix or None)
        .props('outlined inputmode=decimal input-class=text-right')
        .classes('w-full')
    )
