"""Part dialogs: the part with its stock per site and its ledger, the part form, goods in and stock counts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

from nicegui import ui

from app.core.errors import ValidationFailed
from app.core.numbers import quantity_text
from app.core.permissions import Permission, can
from app.core.principal import Principal
from app.core.schemas import PageParams, validated
from app.inventory import catalogue
from app.inventory.enums import StockMovementKind
from app.inventory.schemas import PartCreate, PartRead, PartUpdate, StockMovementRead
from components import design, forms, money, tables
from components import work_order_badges as badges
from components.forms import FormDialog, Values
from pages.inventory.low_stock import low_stock_text
from pages.kernel.bridge import call
from pages.kernel.form_input import parse_decimal
from pages.kernel.zones import Zones

Done = Callable[[], Awaitable[None]]
LEDGER_PAGE = 50
STOCK_COLUMNS = [
    tables.column('site', 'Site'),
    tables.column('on_hand', 'On hand', align='right') | {'classes': 'cmms-num'},
    tables.column('min_stock', 'Minimum', align='right') | {'classes': 'cmms-num'},
    tables.column('bin', 'Bin', wide_only=True),
    tables.column('actions', '', sortable=False),
]
LEDGER_COLUMNS = [
    tables.time_column('at', 'When'),
    tables.column('kind', 'What'),
    tables.column('site', 'Site', wide_only=True),
    tables.column('quantity', 'Change', align='right') | {'classes': 'cmms-num'},
    tables.column('balance', 'Balance', align='right') | {'classes': 'cmms-num'},
    tables.column('work_order', 'Work order'),
    tables.column('actor', 'By', wide_only=True),
]
KIND_STYLE = {
    'Receipt': ('positive', 'move_to_inbox'),
    'Issue': ('indigo-7', 'outbox'),
    'Return': ('blue-8', 'undo'),
    'Adjustment': ('blue-grey-7', 'fact_check'),
}


async def open_part_dialog(principal: Principal, zones: Zones, part_id: int, on_changed: Done) -> None:
    """One part: facts, stock per site (with goods in, count and minimum for managers) and the ledger."""
    manager = can(principal, Permission.PARTS_MANAGE)
    dialog = ui.dialog()
    dialog.on('hide', dialog.delete)

    async def changed() -> None:
        await on_changed()
        await draw()

    async def draw() -> None:
        part = await call(catalogue.get_part, principal=principal, part_id=part_id)
        ledger = await call(
            catalogue.list_movements, principal=principal, part_id=part_id, page=PageParams(limit=LEDGER_PAGE)
        )
        body.clear()
        with body:
            _part_view(principal, zones, part, ledger.items, ledger.total, manager, changed)

    with dialog, ui.card().classes('w-[60rem] max-w-full p-6 gap-4').props('aria-label="Part"'):
        body = ui.column().classes('w-full gap-4')
        with ui.row().classes('w-full justify-end'):
            ui.button('Close', on_click=dialog.close).props('flat no-caps').classes(design.TOUCH_TARGET)
    await draw()
    dialog.open()


def _part_view(
    principal: Principal,
    zones: Zones,
    part: PartRead,
    ledger: list[StockMovementRead],
    total: int,
    manager: bool,
    changed: Done,
) -> None:
    sites = {site.id: site.name for site in zones.sites.values()}
    with ui.row().classes('w-full items-start justify-between gap-3 flex-wrap'):
        with ui.column().classes('gap-0'):
            ui.label(part.part_number).classes('text-sm font-mono text-gray-500')
            ui.label(part.name).classes(design.SECTION_TITLE)
            described = f' · {part.description}' if part.description else ''
            ui.label(f'{money.money(part.unit_cost)} per {part.unit}{described}').classes(design.MUTED_TEXT)
        with ui.row().classes('items-center gap-2'):
            if part.is_low:
                badges.low_stock_badge(low_stock_text(part))
            if manager:
                ui.button('Edit', icon='edit', on_click=lambda: open_part_form(principal, sites, part, changed)).props(
                    'outline no-caps'
                ).classes(design.TOUCH_TARGET)
    ui.label('Stock per site').classes('text-sm font-semibold uppercase tracking-wide text-gray-500')
    rows = [
        {
            'id': level.site_id,
            'name': level.site_name,  # names the row's action buttons for screen readers
            'site': level.site_name,
            'on_hand': f'{quantity_text(level.on_hand)} {part.unit}',
            'low': level.is_low,
            'min_stock': f'{quantity_text(level.min_stock)} {part.unit}',
            'bin': level.bin_location or '—',
        }
        for level in part.stock
    ]
    table = tables.data_table(
        STOCK_COLUMNS, rows, empty='Not stocked anywhere yet — receive goods at a site.', rows_per_page=0
    )
    table.props('hide-bottom')
    table.add_slot(
        'body-cell-on_hand',
        """<q-td :props="props">
            <q-badge v-if="props.row.low" color="negative" class="text-sm q-px-sm q-py-xs" aria-label="below minimum">
                <q-icon name="warning" size="1rem" class="q-mr-xs" />{{ props.value }}</q-badge>
            <span v-else>{{ props.value }}</span>
        </q-td>""",
    )
    if manager:
        tables.add_row_actions(
            table,
            'actions',
            [
                tables.RowAction('receive', 'Goods in', 'move_to_inbox'),
                tables.RowAction('count', 'Count', 'fact_check'),
            ],
        )
        table.on(
            'receive',
            lambda e: open_stock_dialog(principal, sites, part, StockMovementKind.RECEIPT, e.args['id'], changed),
        )
        table.on(
            'count',
            lambda e: open_stock_dialog(principal, sites, part, StockMovementKind.ADJUSTMENT, e.args['id'], changed),
        )
        ui.button(
            'Goods in at another site',
            icon='add_business',
            on_click=lambda: open_stock_dialog(principal, sites, part, StockMovementKind.RECEIPT, None, changed),
        ).props('flat no-caps').classes(design.TOUCH_TARGET)
    ui.label(f'Ledger ({total})').classes('text-sm font-semibold uppercase tracking-wide text-gray-500')
    ledger_rows = [
        {
            'id': move.id,
            **tables.time_fields('at', move.at, zones.zone(move.site_id)),
            'kind': str(move.kind).capitalize(),
            'site': sites.get(move.site_id, ''),
            'quantity': ('+' if move.quantity > 0 else '') + quantity_text(move.quantity),
            'balance': quantity_text(move.balance_after),
            'work_order': move.work_order_number or '',
            'work_order_id': move.work_order_id,
            'actor': move.actor_label,
        }
        for move in ledger
    ]
    ledger_table = tables.data_table(LEDGER_COLUMNS, ledger_rows, empty='No stock movements yet.', rows_per_page=10)
    tables.add_time_cells(ledger_table, 'at')
    tables.add_badge_cells(ledger_table, 'kind', KIND_STYLE)
    ledger_table.add_slot(
        'body-cell-work_order',
        """<q-td :props="props"><a v-if="props.row.work_order_id" :href="'/work-orders/' + props.row.work_order_id"
            class="text-primary">{{ props.value }}</a></q-td>""",
    )


def open_part_form(principal: Principal, sites: dict[int, str], part: PartRead | None, on_saved: Done) -> None:
    async def save(values: Values) -> None:
        data: dict[str, Any] = {k: v for k, v in values.items() if not k.startswith('stock.')}
        data['unit_cost'] = parse_decimal(data['unit_cost'])
        data['description'] = data['description'] or ''
        if part is None:
            if values.get('stock.site_id') is not None:
                data['stock'] = [
                    {
                        'site_id': values['stock.site_id'],
                        'on_hand': parse_decimal(values['stock.on_hand']) or Decimal('0'),
                        'min_stock': parse_decimal(values['stock.min_stock']) or Decimal('0'),
                    }
                ]
            saved = await call(catalogue.create_part, principal=principal, data=validated(PartCreate, data))
        else:
            saved = await call(
                catalogue.update_part, principal=principal, part_id=part.id, data=validated(PartUpdate, data)
            )
        ui.notify(f'{saved.part_number} saved', type='positive')
        await on_saved()

    dialog = FormDialog(
        'New part' if part is None else f'Edit {part.part_number}', 'Save part', save, conflict_field='part_number'
    )
    with dialog.body:
        dialog.add('part_number', forms.text_input('Part number', part.part_number if part else '', autocomplete='off'))
        dialog.add('name', forms.text_input('Name', part.name if part else ''))
        dialog.add('description', forms.text_input('Description (optional)', part.description if part else ''))
        with ui.element('div').classes('w-full grid grid-cols-2 gap-3'):
            dialog.add('unit', forms.text_input('Unit', part.unit if part else 'pcs'))
            dialog.add('unit_cost', _number(f'Unit cost ({money.symbol()})', float(part.unit_cost) if part else 0))
        if part is None and sites:
            ui.label('Initial stock (optional)').classes('text-sm font-semibold uppercase tracking-wide text-gray-500')
            dialog.add('stock.site_id', forms.select_input('Site', {None: 'None yet', **sites}, None))
            with ui.element('div').classes('w-full grid grid-cols-2 gap-3'):
                dialog.add('stock.on_hand', _number('On hand', 0))
                dialog.add('stock.min_stock', _number('Minimum', 0))
    dialog.open()


def open_stock_dialog(
    principal: Principal,
    sites: dict[int, str],
    part: PartRead,
    kind: StockMovementKind,
    site_id: int | None,
    on_saved: Done,
) -> None:
    """Goods in (adds) or a stock count (sets what is on the shelf); the minimum can be set at the same time."""
    receipt = kind == StockMovementKind.RECEIPT
    levels = {level.site_id: level for level in part.stock}

    async def save(values: Values) -> None:
        site = values['site_id']
        quantity = parse_decimal(values['quantity'])
        if site is None:
            raise ValidationFailed.field('site_id', 'pick the site')
        if quantity is None:
            raise ValidationFailed.field('quantity', 'enter a quantity')
        service = catalogue.receive_stock if receipt else catalogue.adjust_stock
        await call(
            service, principal=principal, part_id=part.id, site_id=site, quantity=quantity, note=values['note'] or ''
        )
        minimum = parse_decimal(values.get('min_stock'))
        current = levels.get(site)
        if minimum is not None and (current is None or current.min_stock != minimum):
            await call(catalogue.set_min_stock, principal=principal, part_id=part.id, site_id=site, min_stock=minimum)
        ui.notify(
            ('Received ' if receipt else 'Counted ') + f'{quantity_text(quantity)} {part.unit} of {part.name}',
            type='positive',
        )
        await on_saved()

    title = ('Goods in' if receipt else 'Stock count') + f' — {part.part_number}'
    intro = (
        'Adds to what is on the shelf.' if receipt else 'What is on the shelf now; the difference goes in the ledger.'
    )
    dialog = FormDialog(title, 'Receive' if receipt else 'Save count', save, intro=intro)
    with dialog.body:
        dialog.add('site_id', forms.select_input('Site', sites, site_id))
        now = levels.get(site_id)
        start = 0 if receipt else float(now.on_hand) if now else 0
        dialog.add('quantity', _number('Quantity received' if receipt else 'Counted on hand', start, part.unit))
        dialog.add('min_stock', _number('Minimum stock', float(now.min_stock) if now else None, part.unit))
        dialog.add('note', forms.text_input('Note (optional)', placeholder='Delivery note, PO number…'))
    dialog.open()


def _number(label: str, value: float | None, unit: str = '') -> ui.number:
    return (
        ui.number(label, value=value, suffix=unit or None)
        .props('outlined inputmode=decimal input-class=text-right')
        .classes('w-full')
    )
