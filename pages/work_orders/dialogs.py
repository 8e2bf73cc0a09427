"""Work-order dialogs: new work order button, status moves with a note, using and returning parts, manual time."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from nicegui import ui

from app.core.errors import DomainError, ValidationFailed
from app.core.numbers import quantity_text
from app.core.permissions import Permission, can
from app.core.principal import Principal
from app.core.schemas import PageParams, validated
from app.inventory import catalogue
from app.inventory.enums import StockMovementKind
from app.inventory.schemas import WorkOrderPartRead
from app.work_orders import failure_codes, labour, parts
from app.work_orders import service as work_orders
from app.work_orders.enums import WorkOrderStatus
from app.work_orders.schemas import PartUse, StatusChange, TimeLogCreate, WorkOrderRead
from components import design, forms
from components import work_order_badges as badges
from components.forms import REFUSED, FormDialog, Values
from components.money import money
from pages.kernel.bridge import call
from pages.kernel.form_input import MONEY_PLACES, QUANTITY_PLACES, parse_decimal
from pages.work_orders.common import Lookups
from pages.work_orders.failure_fields import add_failure_fields, failure_values
from pages.work_orders.form import open_work_order_form

Done = Callable[[], Awaitable[None]]
PART_RESULTS = 30
MOVE_VERBS = {
    WorkOrderStatus.REQUESTED: ('Back to requested', 'undo'),
    WorkOrderStatus.SCHEDULED: ('Schedule', 'event'),
    WorkOrderStatus.IN_PROGRESS: ('Start work', 'play_arrow'),
    WorkOrderStatus.ON_HOLD: ('Put on hold', 'pause'),
    WorkOrderStatus.COMPLETED: ('Complete', 'check_circle'),
    WorkOrderStatus.CANCELLED: ('Cancel work order', 'cancel'),
}


def move_verb(current: WorkOrderStatus, target: WorkOrderStatus) -> tuple[str, str]:
    """The button's words and icon; resuming and reopening read as such."""
    if target == WorkOrderStatus.IN_PROGRESS and current == WorkOrderStatus.ON_HOLD:
        return 'Resume', 'play_arrow'
    if target == WorkOrderStatus.IN_PROGRESS and current == WorkOrderStatus.COMPLETED:
        return 'Reopen', 'replay'
    return MOVE_VERBS[target]


def new_work_order_button(principal: Principal, lookups: Lookups, on_created: Callable[[WorkOrderRead], Any]) -> None:
    if not can(principal, Permission.WORK_ORDERS_REQUEST):
        return
    label = 'New work order' if can(principal, Permission.WORK_ORDERS_MANAGE) else 'Request work'
    ui.button(label, icon='add', on_click=lambda: open_work_order_form(principal, lookups, None, on_created)).props(
        'unelevated no-caps'
    ).classes(design.TOUCH_TARGET)


async def open_status_dialog(principal: Principal, wo: WorkOrderRead, target: WorkOrderStatus, on_done: Done) -> None:
    """Confirm a move with an optional note; a refusal (pending steps, say) shows in the dialog with its reason.

    Completing also asks for the failure codes of the asset's type (required for repairs and failed steps)."""
    verb, icon = move_verb(wo.status, target)
    color, _ = badges.STATUS_STYLE[target]
    completing = target is WorkOrderStatus.COMPLETED
    asked = (
        await call(failure_codes.asked_at_completion, principal=principal, work_order_id=wo.id) if completing else None
    )

    async def move(values: Values) -> None:
        data = validated(
            StatusChange,
            {'status': target, 'note': values['note'] or '', 'version': wo.version, **failure_values(values)},
        )
        try:
            moved = await call(work_orders.change_status, principal=principal, work_order_id=wo.id, data=data)
        except ValidationFailed:
            raise  # field errors go next to their field, as in every form
        except DomainError as error:
            problem.set_text(error.detail[:1].upper() + error.detail[1:])
            problem_row.set_visibility(True)
            raise _Kept() from None
        ui.notify(f'{moved.number} is now {badges.label(moved.status).lower()}', type='positive')
        await on_done()

    dialog = _KeepOpenDialog(f'{verb} — {wo.number}', verb, move, intro=wo.title)
    with dialog.body:
        with (
            ui.row()
            .classes('w-full p-3 rounded-lg items-start gap-2 no-wrap bg-red-50 text-red-900')
            .props('role=alert') as problem_row
        ):
            ui.icon('block').classes('text-xl')
            problem = ui.label().classes('grow')
        problem_row.set_visibility(False)
        if asked is not None:
            add_failure_fields(dialog.form, asked, wo)
        dialog.add('note', ui.textarea('Note (optional)').props('outlined autogrow autofocus').classes('w-full'))
    dialog.submit_button.props(f'icon={icon} color={color} unelevated')
    if color in badges.DARK_TEXT:
        dialog.submit_button.props('text-color=grey-10')
    dialog.open()


class _Kept(DomainError):
    """Raised by a submit handler that showed its problem itself: keep the dialog open, add no toast."""

    def __init__(self) -> None:
        super().__init__('')


class _KeepOpenDialog(FormDialog):
    async def _save(self) -> Any:
        try:
            return await super()._save()
        except _Kept:
            return REFUSED


def stepper(value: float = 1, *, label: str = 'Quantity', unit: str = '') -> ui.number:
    """A number with big − and + buttons either side (gloves on, one thumb)."""
    with ui.row().classes('items-center gap-2 no-wrap'):
        minus = ui.button(icon='remove').props(f'outline round size=lg aria-label="Less {label.lower()}"')
        number = (
            ui.number(label, value=value, suffix=unit or None)
            .props('outlined inputmode=decimal input-class="text-right text-xl"')
            .classes('w-40')
        )
        plus = ui.button(icon='add').props(f'outline round size=lg aria-label="More {label.lower()}"')
    minus.on_click(lambda: number.set_value(max(0, (number.value or 0) - 1)))
    plus.on_click(lambda: number.set_value((number.value or 0) + 1))
    return number


def open_use_part_dialog(principal: Principal, wo: WorkOrderRead, on_done: Done) -> None:
    """Search the catalogue (stock at the work order's site), pick a part, set the quantity with − / +."""
    chosen: dict[str, Any] = {}

    async def use(values: Values) -> None:
        if not chosen:
            raise ValidationFailed.field('part_id', 'pick a part from the list')
        data = validated(
            PartUse, {'part_id': chosen['id'], 'quantity': parse_decimal(values['quantity'], QUANTITY_PLACES)}
        )
        await call(parts.use_parts, principal=principal, work_order_id=wo.id, data=data)
        ui.notify(f'Used {quantity_text(data.quantity)} {chosen["unit"]} of {chosen["name"]}', type='positive')
        await on_done()

    listed: dict[str, Any] = {'asked': 0, 'lines': None}

    async def search(text: str) -> None:
        listed['asked'] += 1
        asked = listed['asked']
        found = await call(
            catalogue.list_parts,
            principal=principal,
            q=text or None,
            site_id=wo.site_id,
            page=PageParams(limit=PART_RESULTS),
        )
        lines = [(part.id, part.stock) for part in found.items]
        if asked != listed['asked'] or lines == listed['lines']:
            # A newer search is on its way, or this one found what is shown: keep the items as they are, so a tap
            # on one is never lost to an item drawn anew under the finger.
            return
        listed['lines'] = lines
        results.clear()
        with results:
            if not found.items:
                ui.label('No parts match — try another number or name.').classes(design.MUTED_TEXT + ' p-3')
            for part in found.items:
                on_hand = sum((s.on_hand for s in part.stock), Decimal('0'))
                with (
                    ui.item(on_click=lambda part=part, on_hand=on_hand: pick(part, on_hand))
                    .props('clickable')
                    .classes(design.TOUCH_TARGET)
                ):
                    with ui.item_section():
                        ui.item_label(f'{part.part_number} · {part.name}')
                        ui.item_label(
                            f'{quantity_text(on_hand)} {part.unit} in stock · {money(part.unit_cost)} each'
                        ).props('caption').classes('text-negative' if part.is_low else '')
                    if part.is_low:
                        with ui.item_section().props('side'):
                            ui.icon('warning', color=design.DANGER).tooltip('Low stock')

    def pick(part: Any, on_hand: Decimal) -> None:
        chosen.update(id=part.id, name=part.name, unit=part.unit)
        picked.set_text(f'{part.part_number} · {part.name} — {quantity_text(on_hand)} {part.unit} in stock')
        picked_row.set_visibility(True)
        dialog.form.set_error('part_id', None)
        quantity.props(f'suffix="{part.unit}"')

    dialog = FormDialog(f'Use a part — {wo.number}', 'Use part', use, conflict_field='quantity')
    with dialog.body:
        finder = search_box('Search part number or name')
        dialog.add('part_id', finder)
        with (
            ui.list().props('bordered separator dense').classes('w-full max-h-64 overflow-y-auto rounded-lg') as results
        ):
            pass
        with ui.row().classes('w-full items-center gap-2 p-2 rounded-lg bg-blue-50 dark:bg-blue-950') as picked_row:
            ui.icon('check_circle', color=design.OK)
            picked = ui.label().classes('grow')
        picked_row.set_visibility(False)
        quantity = dialog.add('quantity', stepper(1))
    finder.on_value_change(lambda e: search((e.value or '').strip()))
    ui.timer(0, lambda: search(''), once=True)
    dialog.open()


def open_return_dialog(principal: Principal, wo: WorkOrderRead, line: WorkOrderPartRead, on_done: Done) -> None:
    async def give_back(values: Values) -> None:
        data = validated(
            PartUse,
            {
                'part_id': line.part_id,
                'quantity': parse_decimal(values['quantity'], QUANTITY_PLACES),
                'kind': StockMovementKind.RETURN,
            },
        )
        await call(parts.use_parts, principal=principal, work_order_id=wo.id, data=data)
        ui.notify(f'Returned {quantity_text(data.quantity)} {line.unit} of {line.name}', type='positive')
        await on_done()

    intro = f'{line.part_number} · {line.name}: {quantity_text(line.quantity)} {line.unit} used on {wo.number}.'
    dialog = FormDialog('Return to stock', 'Return', give_back, conflict_field='quantity', intro=intro)
    with dialog.body:
        dialog.add('quantity', stepper(float(line.quantity), unit=line.unit))
    dialog.open()


def open_time_dialog(principal: Principal, wo: WorkOrderRead, lookups: Lookups, on_done: Done) -> None:
    """A manual entry: hours, when it started (site time, optional), for whom (planners), a note."""
    zone = lookups.zones.zone(wo.site_id)

    async def log(values: Values) -> None:
        started = values.get('started_at')
        try:
            started_at = datetime.fromisoformat(started).replace(tzinfo=zone) if started else None
        except ValueError:
            raise ValidationFailed.field('started_at', 'use a date and time such as 2026-12-01 08:00') from None
        data = validated(
            TimeLogCreate,
            {
                'action': 'manual',
                'hours': parse_decimal(values['hours'], MONEY_PLACES),
                'started_at': started_at,
                'user_id': values.get('user_id'),
                'note': values['note'] or '',
            },
        )
        entry = await call(labour.log_time, principal=principal, work_order_id=wo.id, data=data)
        ui.notify(f'Logged {entry.hours} h for {entry.user_name or "you"}', type='positive')
        await on_done()

    dialog = FormDialog(f'Log time — {wo.number}', 'Log time', log, intro=f'Times are in {zone.key}.')
    with dialog.body:
        dialog.add('hours', stepper(1, label='Hours', unit='h'))
        dialog.add('started_at', ui.input('Started (optional)').props('outlined type=datetime-local stack-label'))
        if can(principal, Permission.WORK_ORDERS_MANAGE) and lookups.people:
            dialog.add(
                'user_id', forms.select_input('Whose time', {None: 'Mine', **lookups.people}, None, searchable=True)
            )
        dialog.add('note', forms.text_input('Note (optional)'))
    dialog.open()


def search_box(placeholder: str) -> ui.input:
    element = (
        ui.input(placeholder=placeholder)
        .props(f'outlined clearable debounce=250 autofocus aria-label="{placeholder}"')
        .classes('w-full')
    )
    with element.add_slot('prepend'):
        ui.icon('search')
    return element
