"""Row editors shared by the work-order form and the template dialog: checklist steps and planned parts.

Rows can be added, removed and reordered; each input registers in the form under the service's field name
(``steps.2.max_value``), so a ValidationFailed lands next to the very input that caused it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from app.core.errors import FieldError, ValidationFailed
from app.core.schemas import PageParams
from app.inventory import catalogue
from app.work_orders.enums import StepKind
from components import design
from components.forms import Form
from pages.kernel.bridge import call

KIND_LABELS = {
    StepKind.CHECKBOX: 'Checkbox',
    StepKind.NUMBER: 'Number',
    StepKind.TEXT: 'Text',
    StepKind.PASS_FAIL: 'Pass / fail',
}
ICON_BUTTON = 'flat round dense'


class RowEditor:
    """A list of rows with add, remove and move up/down; subclasses draw one row and read its values."""

    prefix = ''
    add_label = 'Add'
    empty_text = ''

    def __init__(self, form: Form, rows: list[dict[str, Any]]) -> None:
        self.form = form
        self.rows: list[dict[str, Any]] = []  # each: {'values': {...}, 'inputs': {name: element}}
        with ui.column().classes('w-full gap-2') as self.element:
            self.list = ui.column().classes('w-full gap-2')
            ui.button(self.add_label, icon='add', on_click=lambda: self.add({})).props('flat no-caps').classes(
                design.TOUCH_TARGET
            )
        for row in rows:
            self.add(row, redraw=False)
        self.redraw()

    def add(self, values: dict[str, Any], *, redraw: bool = True) -> None:
        self.rows.append({'values': dict(values), 'inputs': {}})
        if redraw:
            self.redraw()

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.rows = [{'values': dict(values), 'inputs': {}} for values in rows]
        self.redraw()

    def redraw(self) -> None:
        self._keep_values()
        for name in [n for n in self.form.fields if n.startswith(f'{self.prefix}.')]:
            del self.form.fields[name]
        self.list.clear()
        with self.list:
            if not self.rows:
                ui.label(self.empty_text).classes(design.MUTED_TEXT)
            for index, row in enumerate(self.rows):
                with ui.row().classes(
                    'w-full items-start gap-2 no-wrap p-2 rounded-lg border border-gray-200 dark:border-gray-700'
                ):
                    ui.label(f'{index + 1}.').classes('pt-2 w-6 text-right text-gray-500 shrink-0')
                    with ui.element('div').classes('grow flex flex-wrap gap-2 items-start'):
                        row['inputs'] = self.draw_row(row['values'], index)
                    self._row_buttons(index)
                for name, element in row['inputs'].items():
                    if isinstance(element, ValidationElement):  # those show an error under themselves
                        self.form.fields[f'{self.prefix}.{index}.{name}'] = element

    def _row_buttons(self, index: int) -> None:
        with ui.column().classes('gap-0 shrink-0'):
            ui.button(icon='arrow_upward', on_click=lambda: self.move(index, -1)).props(
                f'{ICON_BUTTON} aria-label="Move row {index + 1} up"' + (' disable' if index == 0 else '')
            )
            ui.button(icon='arrow_downward', on_click=lambda: self.move(index, 1)).props(
                f'{ICON_BUTTON} aria-label="Move row {index + 1} down"'
                + (' disable' if index == len(self.rows) - 1 else '')
            )
        ui.button(icon='delete', on_click=lambda: self.remove(index)).props(
            f'{ICON_BUTTON} color=negative aria-label="Remove row {index + 1}"'
        ).classes('mt-1')

    def move(self, index: int, delta: int) -> None:
        self._keep_values()
        target = index + delta
        if 0 <= target < len(self.rows):
            self.rows[index], self.rows[target] = self.rows[target], self.rows[index]
            self.redraw()

    def remove(self, index: int) -> None:
        self._keep_values()
        del self.rows[index]
        self.redraw()

    def _keep_values(self) -> None:
        for row in self.rows:
            for name, element in row['inputs'].items():
                row['values'][name] = getattr(element, 'value', None)

    def values(self) -> list[dict[str, Any]]:
        self._keep_values()
        return [self.payload(row['values']) for row in self.rows if not self.is_blank(row['values'])]

    def draw_row(self, values: dict[str, Any], index: int) -> dict[str, ui.element]:
        raise NotImplementedError

    def payload(self, values: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def is_blank(self, values: dict[str, Any]) -> bool:
        raise NotImplementedError


class StepsEditor(RowEditor):
    """Checklist steps: title, kind, required, and for number steps the limits and unit."""

    prefix = 'steps'
    add_label = 'Add step'
    empty_text = 'No checklist yet — add steps, or pick a template above.'

    def draw_row(self, values: dict[str, Any], index: int) -> dict[str, ui.element]:
        inputs: dict[str, ui.element] = {}
        inputs['title'] = (
            ui.input('Step', value=values.get('title') or '')
            .props(f'outlined dense aria-label="Step {index + 1} title"')
            .classes('grow min-w-[14rem]')
        )
        kind = values.get('kind') or StepKind.CHECKBOX
        inputs['kind'] = (
            ui.select({str(k): v for k, v in KIND_LABELS.items()}, value=str(kind), label='Kind')
            .props(f'outlined dense options-dense aria-label="Step {index + 1} kind"')
            .classes('w-36')
        )
        inputs['required'] = ui.checkbox('Required', value=values.get('required', True)).classes('pt-1')
        with ui.row().classes('gap-2 no-wrap items-start') as limits:
            inputs['min_value'] = self._limit('Min', values.get('min_value'), index)
            inputs['max_value'] = self._limit('Max', values.get('max_value'), index)
            inputs['unit'] = (
                ui.input('Unit', value=values.get('unit') or '')
                .props(f'outlined dense aria-label="Step {index + 1} unit"')
                .classes('w-20')
            )
        limits.bind_visibility_from(inputs['kind'], 'value', backward=lambda k: k == StepKind.NUMBER)
        return inputs

    @staticmethod
    def _limit(label: str, value: Any, index: int) -> ui.number:
        return (
            ui.number(label, value=value)
            .props(f'outlined dense inputmode=decimal aria-label="Step {index + 1} {label.lower()}"')
            .classes('w-24')
        )

    def payload(self, values: dict[str, Any]) -> dict[str, Any]:
        number = values.get('kind') == StepKind.NUMBER
        return {
            'title': (values.get('title') or '').strip(),
            'kind': values.get('kind') or StepKind.CHECKBOX,
            'required': bool(values.get('required', True)),
            'min_value': values.get('min_value') if number else None,
            'max_value': values.get('max_value') if number else None,
            'unit': (values.get('unit') or '').strip() if number else '',
        }

    def is_blank(self, values: dict[str, Any]) -> bool:
        return not (values.get('title') or '').strip() and values.get('min_value') is None


class PartLinesEditor(RowEditor):
    """Planned parts of a template: a part (searched on the server) and a quantity."""

    prefix = 'parts'
    add_label = 'Add part'
    empty_text = 'No planned parts.'

    def __init__(self, form: Form, rows: list[dict[str, Any]], principal: Any, names: dict[int, str]) -> None:
        self.principal, self.names = principal, dict(names)
        super().__init__(form, rows)

    def draw_row(self, values: dict[str, Any], index: int) -> dict[str, ui.element]:
        part_id = values.get('part_id')
        options = {part_id: self.names.get(part_id, f'Part {part_id}')} if part_id else {}
        select = (
            ui.select(options, value=part_id, label='Part', with_input=True)
            .props('outlined dense options-dense hint="Type a part number or name"')
            .classes('grow min-w-[16rem]')
        )
        select.on('input-value', part_search(self.principal, select, self.names), throttle=0.3, leading_events=False)
        quantity = (
            ui.number('Quantity', value=values.get('quantity', 1))
            .props('outlined dense inputmode=decimal')
            .classes('w-28')
        )
        return {'part_id': select, 'quantity': quantity}

    def payload(self, values: dict[str, Any]) -> dict[str, Any]:
        return {'part_id': values.get('part_id'), 'quantity': values.get('quantity')}

    def is_blank(self, values: dict[str, Any]) -> bool:
        return values.get('part_id') is None


def part_search(principal: Any, select: ui.select, names: dict[int, str]) -> Callable[[Any], Any]:
    """A handler for a select's typed text that fills it with matching parts from the server."""

    async def search(event: Any) -> None:
        text = str(event.args or '').strip()
        if not text:
            return
        found = await call(catalogue.list_parts, principal=principal, q=text, page=PageParams(limit=20))
        for part in found.items:
            names[part.id] = f'{part.part_number} · {part.name}'
        keep = {select.value: select.options.get(select.value)} if select.value is not None else {}
        select.set_options(keep | {p.id: names[p.id] for p in found.items}, value=select.value)

    return search


def remap_row_errors(error: ValidationFailed) -> ValidationFailed:
    """'steps.2' (a rule across fields, such as min above max) points at the row's max input."""
    fixed = []
    for item in error.errors:
        parts = item.field.split('.')
        if len(parts) == 2 and parts[0] == 'steps' and parts[1].isdigit():
            message = 'Below Min' if 'min_value must not be above' in item.message.lower() else item.message
            fixed.append(FieldError(f'{item.field}.max_value', message))
        elif len(parts) == 2 and parts[0] == 'parts' and parts[1].isdigit():
            fixed.append(FieldError(f'{item.field}.part_id', item.message))
        else:
            fixed.append(item)
    return ValidationFailed(fixed)


class WideDialog:
    """A wide form dialog: title on top, a body that scrolls, and the buttons always in view at the bottom."""

    def __init__(self, title: str) -> None:
        self.dialog = ui.dialog().props('persistent')
        self.dialog.on('hide', self.dialog.delete)
        with (
            self.dialog,
            ui.card()
            .classes('w-[54rem] max-w-full p-0 gap-0 no-wrap')
            .style('max-height: calc(100vh - 48px)')
            .props(f'aria-label="{title}"'),
        ):
            ui.label(title).classes(design.SECTION_TITLE + ' px-6 pt-5 pb-3')
            self.top = ui.column().classes('w-full gap-0')
            with ui.element('div').classes(
                'w-full overflow-y-auto min-h-0 grow border-t border-gray-100 dark:border-gray-800'
            ):
                self.body = ui.column().classes('w-full px-6 py-4 gap-3')
            self.footer = ui.row().classes(
                'w-full justify-end gap-2 px-6 py-3 border-t border-gray-200 dark:border-gray-700'
            )


def section_label(title: str) -> ui.label:
    return ui.label(title).classes('text-sm font-semibold uppercase tracking-wide text-gray-500 pt-2')


def form_grid() -> ui.element:
    return ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-2 gap-x-4 gap-y-3')
