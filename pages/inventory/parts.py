"""Parts: the catalogue with stock per site, low stock flagged (red, with an icon), and each part's ledger.

Everyone who reads work orders sees it; PARTS_MANAGE adds and edits parts, receives goods and records counts.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from nicegui import ui

from app.core import tenancy
from app.core.errors import DomainError
from app.core.numbers import quantity_text
from app.core.permissions import Permission, can
from app.core.schemas import PageParams
from app.inventory import catalogue
from app.inventory.schemas import PartRead
from components import design, tables
from components.frame import frame
from components.grid import ServerGrid, text_column
from components.money import money
from pages.inventory.dialogs import open_part_dialog, open_part_form
from pages.inventory.low_stock import low_stock_text
from pages.inventory.routes import router
from pages.kernel.bridge import call
from pages.kernel.page_context import page_context
from pages.kernel.zones import Zones
from pages.work_orders.common import add_page_css

# Stock cells: the total, and when a site is below its minimum a red badge with a warning icon saying which
# (colour, icon and words, never colour alone: a total above the summed minimum can hide one short shelf).
STOCK_RENDERER = """(params) => {
    if (!params.data) return '';
    const cell = document.createElement('span');
    cell.className = 'flex items-center justify-end no-wrap gap-2 w-full min-w-0';
    if (params.data.low) {
        const badge = document.createElement('span');
        badge.className = 'q-badge flex inline items-center no-wrap cmms-badge bg-negative text-white min-w-0';
        badge.title = params.data.low_text;
        const icon = document.createElement('i');
        icon.className = 'material-icons notranslate';
        icon.textContent = 'warning';
        const words = document.createElement('span');
        words.className = 'cmms-low-words';
        words.textContent = params.data.low_text;
        badge.append(icon, words);
        cell.append(badge);
    }
    const total = document.createElement('span');
    total.className = 'shrink-0';
    total.textContent = params.value;
    cell.append(total);
    return cell;
}"""
# Stock per site: each site's quantity kept whole and wrapped onto a second line rather than cut off; a low
# site in red with the warning icon, so the row says which shelf is short.
SITES_RENDERER = """(params) => {
    if (!params.data) return '';
    const cell = document.createElement('div');
    cell.className = 'cmms-sites';
    cell.title = params.value;
    if (!params.data.site_stock.length) cell.textContent = params.value;
    for (const [name, quantity, low] of params.data.site_stock) {
        const entry = document.createElement('span');
        entry.className = low ? 'text-negative text-weight-bold' : '';
        if (low) {
            const icon = document.createElement('i');
            icon.className = 'material-icons notranslate';
            icon.textContent = 'warning';
            icon.setAttribute('aria-label', 'low at');
            entry.append(icon);
        }
        entry.append(document.createTextNode(name + ' ' + quantity));
        cell.append(entry);
    }
    return cell;
}"""
SITES_CSS = """
    .cmms-sites { display: flex; flex-wrap: wrap; column-gap: 10px; row-gap: 0; font-size: .8125rem; line-height: 1.2;
                  max-height: 2.4em; overflow: hidden; min-width: 0; }
    .cmms-sites > span { white-space: nowrap; }
    .cmms-low-words { white-space: normal; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical;
                      overflow: hidden; font-size: .75rem; line-height: 1.15; }
    .cmms-sites i { font-size: 14px; vertical-align: -2px; margin-right: 2px; }
"""


def _columns() -> list[dict]:
    return [
        text_column('part_number', 'Part number', width=140, flex=0, bold=True),
        text_column('name', 'Name', width=180, flex=3),
        {
            'field': 'on_hand',
            'headerName': 'On hand',
            'width': 230,
            'minWidth': 130,
            'cellClass': 'cmms-num',
            ':cellRenderer': STOCK_RENDERER,
        },
        text_column('min_stock', 'Minimum', width=100, flex=0, cellClass='cmms-num', visible_from=700),
        text_column('unit_cost', 'Unit cost', width=110, flex=0, cellClass='cmms-num', visible_from=820),
        {  # no tooltip: the cell's own title names every site
            'field': 'sites',
            'headerName': 'Stock per site',
            'flex': 3,
            'minWidth': 220,
            'visible_from': 1000,
            ':cellRenderer': SITES_RENDERER,
        },
    ]


@router.page('/parts')
async def parts_page() -> None:
    if (opened := await page_context(Permission.WORK_ORDERS_READ)) is None:
        return
    principal, context = opened
    zones = Zones((await call(tenancy.list_sites, principal=principal)).items, context.site_id)
    params = ui.context.client.request.query_params
    state: dict[str, Any] = {
        'q': params.get('q', '').strip()[:200],
        'low_only': params.get('low_only', '') in ('1', 'true'),
        'site_id': context.site_id,
        'generation': 0,
    }

    async def fetch(offset: int, limit: int, _sort: Any) -> tuple[list[dict], int]:
        asked = state['generation']
        page = await call(
            catalogue.list_parts,
            principal=principal,
            q=state['q'] or None,
            site_id=state['site_id'],
            low_only=state['low_only'],
            page=PageParams(offset=offset, limit=limit),
        )
        if asked == state['generation']:
            count.set_text(f'{page.total:,} part{"" if page.total == 1 else "s"}')
            empty.set_visibility(page.total == 0)
        return [_row(part) for part in page.items], page.total

    def changed() -> None:
        state['generation'] += 1
        pairs = [f'q={state["q"]}'] if state['q'] else []
        pairs += ['low_only=1'] if state['low_only'] else []
        ui.navigate.history.replace('/parts' + (f'?{"&".join(pairs)}' if pairs else ''))
        grid.refresh()

    def set_site(site_id: int | None) -> None:
        state['site_id'] = site_id
        changed()

    async def reload() -> None:
        changed()

    manager = can(principal, Permission.PARTS_MANAGE)
    add_page_css()
    ui.add_css(SITES_CSS, shared=True)
    context.site_filter.follow(set_site)
    with frame(context, 'Parts', '/parts'):
        with ui.row().classes('w-full items-center justify-between gap-2 flex-wrap'):
            with ui.row().classes('items-baseline gap-3'):
                ui.label('Parts').classes(design.PAGE_TITLE)
                count = ui.label().classes(design.MUTED_TEXT).props('aria-live=polite')
            if manager:
                ui.button(
                    'New part', icon='add', on_click=lambda: open_part_form(principal, context.sites, None, reload)
                ).props('unelevated no-caps').classes(design.TOUCH_TARGET)
        with ui.row().classes('w-full items-center gap-2'):
            search = tables.search_input('Search part number or name…')
            search.value = state['q']
            search.on_value_change(lambda e: (state.update(q=(e.value or '').strip()), changed()))
            context.site_filter.select('Site').props('outlined dense options-dense').classes('min-w-[150px]')
            low = (
                ui.switch('Low stock only', value=state['low_only'])
                .props('color=negative aria-label="Low stock only"')
                .classes(design.TOUCH_TARGET)
            )
            low.on_value_change(lambda e: (state.update(low_only=bool(e.value)), changed()))
        with ui.element('div').classes('w-full relative'):
            grid = ServerGrid(
                _columns(),
                fetch,
                on_row_click=lambda row: open_part_dialog(principal, zones, row['id'], reload),
            )
            grid.classes('h-[calc(100vh-250px)] min-h-[420px] ' + design.CARD)
            with ui.column().classes(
                f'absolute inset-x-0 top-12 bottom-0 items-center justify-center gap-3 {design.SURFACE} rounded-b-xl'
            ) as empty:
                ui.icon('inventory_2').classes('text-6xl text-gray-400')
                ui.label(
                    'No parts match — clear the search or the low-stock filter.'
                    if manager
                    else 'No parts match these filters.'
                ).classes('text-base text-gray-500 text-center px-4')
            empty.set_visibility(False)
    if (part_id := _int(params.get('part'))) is not None:  # a link to one part (the top bar's search)
        try:
            await open_part_dialog(principal, zones, part_id, reload)
        except DomainError as error:
            ui.notify(error.detail, type='negative')


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) <= 18 else None


def _row(part: PartRead) -> dict[str, Any]:
    minimum = sum((s.min_stock for s in part.stock), Decimal('0'))
    return {
        'id': part.id,
        'part_number': part.part_number,
        'name': part.name,
        'on_hand': f'{quantity_text(part.total_on_hand)} {part.unit}',
        'min_stock': f'{quantity_text(minimum)} {part.unit}' if minimum else '—',
        'low': part.is_low,
        'low_text': low_stock_text(part),
        'unit_cost': money(part.unit_cost),
        'sites': ' · '.join(f'{s.site_name} {quantity_text(s.on_hand)}' for s in part.stock) or 'Not stocked',
        'site_stock': [[s.site_name, quantity_text(s.on_hand), s.is_low] for s in part.stock],
    }
