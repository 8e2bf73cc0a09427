"""Admin → Deliveries: the side effects other domains wait for (notifications, outgoing sync, webhooks), as the
outbox holds them — how many wait, retry, died or went out, and each dead one with its last error and a way to send
it again once its cause is fixed."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from nicegui import ui

from app.core import deliveries, tenancy
from app.core.outbox_schemas import DeliveryFilter, DeliveryRead, OutboxSummary
from app.core.permissions import Permission
from components import design, tables
from pages.admin.common import ADMIN_PAGES, admin_frame
from pages.admin.routes import router
from pages.kernel.bridge import attempt, call
from pages.kernel.page_context import page_context
from pages.kernel.zones import Zones

PAGE = ADMIN_PAGES[4]
SHOWN = 200  # the newest deliveries of the chosen state; the API pages through all of them
STATES = {'dead': 'Dead', 'pending': 'Waiting or retrying', 'delivered': 'Delivered', 'all': 'All'}
STATUS_STYLES = {
    'Dead': (design.DANGER, 'error'),
    'Retrying': (design.WARNING, 'autorenew'),
    'Waiting': (design.SCHEDULED, 'schedule'),
    'Delivered': (design.OK, 'check_circle'),
}
COUNTERS = (  # summary field, label, colour, icon
    ('dead', 'Dead', design.DANGER, 'error'),
    ('retrying', 'Retrying', design.WARNING, 'autorenew'),
    ('pending', 'Waiting', design.SCHEDULED, 'schedule'),
    ('delivered', 'Delivered (last 7 days)', design.OK, 'check_circle'),
)
COLUMNS = [
    tables.column('status', 'State'),
    tables.column('event', 'Event → subscriber'),
    tables.column('aggregate', 'About', widest_only=True),
    tables.column('attempts', 'Attempts', align='right', wide_only=True),
    tables.column('last_error', 'Last error', sortable=False),
    tables.time_column('created', 'Raised', wide_only=True),
    tables.time_column('next', 'Next attempt', widest_only=True),
    tables.column('actions', '', align='right', sortable=False),
]


@router.page('/admin/deliveries')
async def deliveries_page(state: str = 'dead') -> None:
    if (opened := await page_context(Permission.OUTBOX_MANAGE)) is None:
        return
    principal, context = opened
    zone = Zones((await call(tenancy.list_sites, principal=principal)).items, context.site_id).fallback
    shown = {'state': state if state in STATES else 'dead'}

    async def reload() -> None:
        summary = await call(deliveries.outbox_summary, principal=principal)
        status = None if shown['state'] == 'all' else shown['state']
        found = await call(
            deliveries.list_deliveries, principal=principal, filters=DeliveryFilter(status=status, limit=SHOWN)
        )
        counters.refresh(summary)
        table.rows = [_row(item, zone) for item in found.items]
        note.set_text(f'The newest {SHOWN} of {found.total:,} are shown.' if found.total > SHOWN else '')

    async def choose(value: str) -> None:
        shown['state'] = value
        ui.navigate.history.replace(f'{PAGE.path}?state={value}')
        await reload()

    async def retry(row: dict[str, Any]) -> None:
        sent = await attempt(deliveries.retry_delivery, principal=principal, delivery_id=row['id'])
        if sent is not None:
            ui.notify(f'{row["event"]} goes to {row["subscriber"]} again', type='positive')
        await reload()

    with admin_frame(context, PAGE) as actions:
        with actions:
            ui.button('Refresh', icon='refresh', on_click=reload).props('outline no-caps').classes(design.TOUCH_TARGET)
        counters = _Counters()
        with ui.row().classes('w-full items-center gap-3 flex-wrap'):
            ui.toggle(STATES, value=shown['state'], on_change=lambda e: choose(e.value)).props(
                'no-caps unelevated toggle-color=primary aria-label="Show deliveries"'
            )
            note = ui.label().classes(design.MUTED_TEXT)
        table = tables.data_table(
            COLUMNS, [], empty='Nothing here — every side effect of this state has been handled.', empty_icon='outbox'
        )
    tables.add_badge_cells(table, 'status', STATUS_STYLES)
    tables.add_time_cells(table, 'created')
    tables.add_time_cells(table, 'next')
    table.add_slot(
        'body-cell-event',
        '<q-td :props="props"><div class="font-medium">{{ props.value }}</div>'
        f'<div class="{design.MUTED_TEXT}">→ {{{{ props.row.subscriber }}}}</div></q-td>',
    )
    table.add_slot(  # an error names hosts and addresses: wrap at words, and break a long token only if it must
        'body-cell-last_error',
        '<q-td :props="props"><div class="font-mono text-xs break-words min-w-[14rem] max-w-[32rem]">'
        '{{ props.value }}</div></q-td>',
    )
    tables.add_row_actions(
        table, 'actions', [tables.RowAction('retry', 'Send again', 'send', when="row.status === 'Dead'")]
    )
    table.on('retry', lambda e: retry(e.args))
    await reload()


class _Counters:
    """One tile per state, redrawn with each reload; a dead tile names the subscribers that gave up."""

    def __init__(self) -> None:
        self.grid = ui.element('div').classes('w-full grid gap-3 grid-cols-2 lg:grid-cols-4')

    def refresh(self, summary: OutboxSummary) -> None:
        self.grid.clear()
        with self.grid:
            for name, label, color, icon in COUNTERS:
                value = getattr(summary, name)
                with ui.card().classes('p-4 gap-1 ' + design.CARD).props(f'aria-label="{label}: {value}"'):
                    with ui.row().classes('items-center gap-2 no-wrap'):
                        ui.icon(icon, color=color if value else design.MUTED).classes('text-2xl')
                        ui.label(f'{value:,}').classes('text-3xl font-semibold cmms-num').mark(f'count-{name}')
                    ui.label(label).classes(design.MUTED_TEXT)
                    if name == 'dead' and summary.dead_by_subscriber:
                        by = ', '.join(f'{who} ({count})' for who, count in summary.dead_by_subscriber.items())
                        ui.label(by).classes('text-xs text-gray-500 dark:text-gray-400 break-all')


def _state(item: DeliveryRead) -> str:
    if item.status == 'dead':
        return 'Dead'
    if item.status == 'delivered':
        return 'Delivered'
    return 'Retrying' if item.is_retrying else 'Waiting'


def _row(item: DeliveryRead, zone: ZoneInfo) -> dict[str, Any]:
    waiting = item.status == 'pending'
    return {
        'id': item.id,
        'status': _state(item),
        'event': f'{item.event_name} v{item.event_version}',
        'subscriber': item.subscriber,
        'aggregate': item.aggregate,
        'attempts': item.attempts,
        'last_error': item.last_error or '',
        **tables.time_fields('created', item.created_at, zone),
        **tables.time_fields('next', item.available_at if waiting else None, zone),
    }
