"""The work-order page's sections about the work itself: checklist, parts used, time and costs."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from nicegui import ui

from app.core.errors import DomainError
from app.core.numbers import quantity_text
from app.core.permissions import Permission
from app.work_orders import labour
from app.work_orders.schemas import TimeLogCreate
from components import design, tables
from components.money import money, money_column, money_fields
from pages.kernel.bridge import call
from pages.work_orders.common import WorkOrderView
from pages.work_orders.dialogs import open_return_dialog, open_time_dialog, open_use_part_dialog

PART_COLUMNS = [
    tables.column('part_number', 'Part number'),
    tables.column('name', 'Name'),
    tables.column('quantity', 'Used', align='right') | {'classes': 'cmms-num'},
    money_column('cost', 'Cost'),
    tables.column('actions', '', sortable=False),
]


async def parts_section(view: WorkOrderView) -> None:
    wo = view.wo
    can_use = view.can(Permission.WORK_ORDERS_EXECUTE) and view.is_open
    with ui.row().classes('w-full items-center justify-between gap-2'):
        ui.label(f'Parts cost {money(wo.parts_cost)}').classes('text-base font-medium')
        if can_use:
            ui.button(
                'Use part',
                icon='add_shopping_cart',
                on_click=lambda: open_use_part_dialog(view.principal, view.wo, view.refresh),
            ).props('unelevated no-caps').classes(design.TOUCH_TARGET)
    rows = [
        {
            'id': line.part_id,
            'part_number': line.part_number,
            'name': line.name,
            'quantity': f'{quantity_text(line.quantity)} {line.unit}',
            **money_fields('cost', line.cost),
        }
        for line in wo.parts
        if line.quantity
    ]
    empty = 'No parts used yet — "Use part" takes them from the stock of this site.' if can_use else 'No parts used.'
    table = tables.data_table(PART_COLUMNS, rows, empty=empty, empty_icon='inventory_2')
    if can_use:
        tables.add_row_actions(table, 'actions', [tables.RowAction('return', 'Return', 'undo')])
        lines = {line.part_id: line for line in wo.parts}
        table.on('return', lambda e: open_return_dialog(view.principal, view.wo, lines[e.args['id']], view.refresh))


TIME_COLUMNS = [
    tables.column('user_name', 'Who'),
    tables.column('source', 'How', wide_only=True),
    tables.time_column('started', 'Started'),
    tables.column('hours', 'Hours', align='right') | {'classes': 'cmms-num'},
    money_column('cost', 'Cost'),
    tables.column('note', 'Note', wide_only=True),
]


async def time_section(view: WorkOrderView) -> None:
    logs = await call(labour.list_time_logs, principal=view.principal, work_order_id=view.wo.id)
    running = await call(labour.running_timer, principal=view.principal)
    can_log = view.can(Permission.WORK_ORDERS_EXECUTE) and view.is_open
    with ui.row().classes('w-full items-center gap-3 flex-wrap p-3 rounded-xl bg-gray-50 dark:bg-gray-800/60'):
        ui.icon('timer').classes('text-3xl text-gray-500')
        with ui.column().classes('gap-0 grow'):
            ui.label(f'{view.wo.actual_hours:,.2f} h logged · labour {money(view.wo.labour_cost)}').classes(
                'text-base font-medium'
            ).mark('time-total')
            if running is not None and running.work_order_id == view.wo.id:
                since, exact = view.when(running.started_at)
                ui.label(f'Your timer is running (started {since})').classes('text-sm text-indigo-700').tooltip(exact)
            elif running is not None:
                ui.link(
                    f'Your timer runs on {running.work_order_number} — stop it there first',
                    f'/work-orders/{running.work_order_id}',
                ).classes('text-sm')
        if can_log and view.principal.user_id is not None:
            if running is not None and running.work_order_id == view.wo.id:
                ui.button('Stop timer', icon='stop', on_click=lambda: _timer(view, 'stop')).props(
                    'unelevated no-caps color=negative'
                ).classes(design.TOUCH_TARGET)
            elif running is None:
                ui.button('Start timer', icon='play_arrow', on_click=lambda: _timer(view, 'start')).props(
                    'unelevated no-caps color=indigo-7'
                ).classes(design.TOUCH_TARGET)
        if can_log:
            ui.button(
                'Add time',
                icon='more_time',
                on_click=lambda: open_time_dialog(view.principal, view.wo, view.lookups, view.refresh),
            ).props('outline no-caps').classes(design.TOUCH_TARGET)
    zone = view.lookups.zones.zone(view.wo.site_id)
    rows = [
        {
            'id': log.id,
            'user_name': log.user_name,
            'source': 'running timer' if log.ended_at is None else str(log.source),
            **tables.time_fields('started', log.started_at, zone),
            'hours': f'{log.hours:,.2f} h' if log.ended_at is not None else 'running',
            **money_fields('cost', log.cost),
            'note': log.note,
        }
        for log in reversed(logs)
    ]
    table = tables.data_table(
        TIME_COLUMNS, rows, empty='No time logged yet — start the timer or add time.', empty_icon='timer'
    )
    tables.add_time_cells(table, 'started')


async def _timer(view: WorkOrderView, action: str) -> None:
    try:
        log = await call(
            labour.log_time, principal=view.principal, work_order_id=view.wo.id, data=TimeLogCreate(action=action)
        )
    except DomainError as error:
        ui.notify(error.detail, type='negative', multi_line=True)
        return
    ui.notify('Timer started' if action == 'start' else f'Timer stopped: {log.hours} h', type='positive')
    await view.refresh()


async def costs_section(view: WorkOrderView) -> None:
    wo = view.wo
    with ui.element('div').classes('w-full grid grid-cols-1 md:grid-cols-2 gap-4 items-stretch'):
        _compare('Hours', 'schedule', wo.estimated_hours, wo.actual_hours, _hours, [])
        _compare(
            'Cost',
            'payments',
            wo.estimated_cost,
            wo.actual_cost,
            money,
            [('Labour', wo.labour_cost), ('Parts', wo.parts_cost)],
        )


def _hours(value: Decimal | None) -> str:
    return '—' if value is None else f'{value:,.2f} h'


def _compare(
    title: str,
    icon: str,
    estimate: Decimal | None,
    actual: Decimal,
    shown: Callable[[Decimal | None], str],
    split: list,
) -> None:
    """Estimated beside actual, with a bar of actual against the estimate (red once it runs over)."""
    with ui.card().classes('w-full p-4 gap-3 ' + design.CARD).mark(f'costs-{title.lower()}'):
        with ui.row().classes('items-center gap-2'):
            ui.icon(icon).classes('text-xl text-gray-500')
            ui.label(title).classes(design.SECTION_TITLE)
        with ui.element('div').classes('w-full grid grid-cols-2 gap-2'):
            for label, value in (('Estimated', estimate), ('Actual', actual)):
                with ui.column().classes('gap-0'):
                    ui.label(label).classes(design.MUTED_TEXT)
                    ui.label(shown(value)).classes('text-2xl font-semibold cmms-num')
        if estimate:
            share = float(actual / estimate)
            over = share > 1
            ui.linear_progress(min(share, 1.0), show_value=False, color='negative' if over else 'positive').classes(
                'h-2'
            ).props('aria-label="Time spent against the estimate"')
            ui.label(f'{share:.0%} of the estimate' + (' — over budget' if over else '')).classes(
                'text-sm ' + ('text-negative font-medium' if over else 'text-gray-500')
            )
        else:
            ui.label('No estimate set — a planner can add one with Edit.').classes(design.MUTED_TEXT)
        for label, value in split:
            with ui.row().classes('w-full justify-between border-t border-gray-100 dark:border-gray-800 pt-2'):
                ui.label(label)
                ui.label(shown(value)).classes('cmms-num')
