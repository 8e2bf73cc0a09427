"""Assets: a server-side grid of the organisation's assets with filter chips, search and the list's actions.

The filters live in the URL query (``ListQuery``), so a reload or a shared link shows the same list; the same
query drives the CSV/XLSX export, the label sheet and the map.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import PlainTextResponse, Response
from nicegui import ui
from sqlalchemy.orm import Session

from app.assets import service as assets
from app.assets import transfer
from app.assets.enums import AssetType
from app.assets.schemas import AssetRead, AssetSort
from app.core import tenancy
from app.core.permissions import Permission, can
from app.core.principal import Principal
from components import asset_badges, design, tables
from components.frame import frame
from components.grid import ServerGrid, badge_column, text_column, time_column, two_line_column
from pages.assets.bulk_bar import BulkBar
from pages.assets.common import ListQuery
from pages.assets.form import open_asset_form
from pages.assets.routes import router
from pages.kernel.bridge import call
from pages.kernel.browser_routes import answer, download
from pages.kernel.page_context import page_context
from pages.kernel.session import site_filter
from pages.kernel.zones import Zones

SORT_BY_COLUMN = {
    'code': AssetSort.CODE,
    'name': AssetSort.NAME,
    'asset_type': AssetSort.ASSET_TYPE,
    'status': AssetSort.STATUS,
    'condition': AssetSort.CONDITION,
    'criticality': AssetSort.CRITICALITY,
    'site_name': AssetSort.SITE,
    'updated': AssetSort.UPDATED_AT,
}
CHIP_FILTERS = [
    ('asset_type', 'Type', 'category'),
    ('status', 'Status', 'status'),
    ('condition', 'Condition', 'condition'),
    ('criticality', 'Criticality', 'criticality'),
]
EXPORT_FORMATS = ('csv', 'xlsx')


def _columns(query: ListQuery) -> list[dict]:
    columns = [
        text_column('code', 'Code', sortable=True, width=122, flex=0, bold=True),
        text_column('name', 'Name', sortable=True, width=160, flex=3),
        text_column('asset_type', 'Type', sortable=True, width=98, flex=0, visible_from=1000),
        badge_column('status', 'Status', asset_badges.grid_styles('status'), width=150),
        badge_column('condition', 'Condition', asset_badges.grid_styles('condition'), width=112),
        badge_column(
            'criticality', 'Criticality', asset_badges.grid_styles('criticality'), width=104, visible_from=700
        ),
        two_line_column('site_name', 'Site · location', 'location', width=130, flex=2, visible_from=860),
        text_column('parent_code', 'Parent', width=112, flex=0, visible_from=1080),
        time_column('updated', 'Updated', width=96, visible_from=780),
    ]
    for column in columns:
        if SORT_BY_COLUMN.get(column['field']) == query.sort:
            column['sort'] = 'desc' if query.descending else 'asc'
    return columns


@router.page('/assets')
async def assets_page() -> None:
    if (opened := await page_context(Permission.ASSETS_READ)) is None:
        return
    principal, context = opened
    query = ListQuery.parse(ui.context.client.request.query_params, context.site_id)
    context.site_filter.adopt(query.site_id)  # a shared link with another site moves the header filter there too
    query.site_id = context.site_id
    sites = (await call(tenancy.list_sites, principal=principal)).items
    zones = Zones(sites, query.site_id)
    generation = {'now': 0}

    async def fetch(offset: int, limit: int, sort: tuple[str, bool] | None) -> tuple[list[dict], int]:
        asked = generation['now']
        if sort and (SORT_BY_COLUMN.get(sort[0], AssetSort.CODE), sort[1]) != (query.sort, query.descending):
            query.sort, query.descending = SORT_BY_COLUMN.get(sort[0], AssetSort.CODE), sort[1]
            sync_url()
        page = await call(assets.list_assets, principal=principal, filters=query.to_filter(offset=offset, limit=limit))
        if asked == generation['now']:
            count.set_text(f'{page.total:,} asset{"" if page.total == 1 else "s"}')
            empty.set_visibility(page.total == 0)
            empty_text.set_text(
                'No assets match these filters — clear them or search for something else.'
                if query.narrowed or query.site_id
                else 'No assets yet — import a CSV or add one.'
            )
        return [_row(asset, zones) for asset in page.items], page.total

    def sync_url() -> None:
        text = query.to_query()
        ui.navigate.history.replace('/assets' + (f'?{text}' if text else ''))

    def changed() -> None:
        generation['now'] += 1
        clear_button.set_visibility(query.narrowed)
        sync_url()
        grid.refresh()

    def apply_site(site_id: int | None) -> None:
        query.site_id = site_id
        changed()

    def set_multi(name: str, values: list[str] | None) -> None:
        query.multi[name] = list(values or [])
        changed()

    def clear_filters() -> None:
        query.q = ''
        query.multi = {name: [] for name in query.multi}
        search.value = ''
        for select in chip_selects.values():
            select.value = []
        changed()

    def open_with(path: str) -> None:
        text = query.to_query(sort=False)
        ui.navigate.to(path + (f'?{text}' if text else ''))

    context.site_filter.follow(apply_site)
    with frame(context, 'Assets', '/assets'):
        with ui.row().classes('w-full items-center justify-between gap-2 flex-wrap'):
            with ui.row().classes('items-baseline gap-3'):
                ui.label('Assets').classes(design.PAGE_TITLE)
                count = ui.label().classes(design.MUTED_TEXT).props('aria-live=polite')
            with ui.row().classes('items-center gap-2 flex-wrap'):
                _toolbar(principal, query, open_with)
        with ui.row().classes('w-full items-center gap-2'):
            search = tables.search_input('Search code, name, serial…')
            search.value = query.q
            search.on_value_change(lambda e: (setattr(query, 'q', (e.value or '').strip()), changed()))
            context.site_filter.select('Site').props('outlined dense options-dense').classes('min-w-[150px]')
            chip_selects = {
                name: _chip_select(
                    label,
                    asset_badges.options(kind) if kind != 'category' else _type_options(),
                    query.multi[name],
                    lambda e, name=name: set_multi(name, e.value),
                )
                for name, label, kind in CHIP_FILTERS
            }
            clear_button = (
                ui.button(icon='filter_alt_off', on_click=clear_filters)
                .props('flat round aria-label="Clear filters"')
                .classes('min-w-[44px] min-h-[44px]')
                .tooltip('Clear filters')
            )
            clear_button.set_visibility(query.narrowed)
        bar = BulkBar(principal, {s.id: s.name for s in sites}, on_changed=lambda: grid.refresh())
        with ui.element('div').classes('w-full relative'):
            grid = ServerGrid(
                _columns(query),
                fetch,
                on_row_click=lambda row: ui.navigate.to(f'/assets/{row["id"]}'),
                on_selection=bar.show,
            )
            bar.clear_handler = grid.clear_selection
            grid.classes('h-[calc(100vh-250px)] min-h-[420px] ' + design.CARD)
            with ui.column().classes(
                f'absolute inset-x-0 top-12 bottom-0 items-center justify-center gap-3 {design.SURFACE} rounded-b-xl'
            ) as empty:
                ui.icon('precision_manufacturing').classes('text-6xl text-gray-400')
                empty_text = ui.label().classes('text-base text-gray-500 text-center px-4')
                with ui.row().classes('gap-2'):
                    ui.button('Clear filters', icon='filter_alt_off', on_click=clear_filters).props(
                        'outline no-caps'
                    ).classes(design.TOUCH_TARGET).bind_visibility_from(clear_button)
                    _add_buttons(principal)
            empty.set_visibility(False)


def _toolbar(principal, query: ListQuery, open_with) -> None:
    _add_buttons(principal)
    with ui.button('Export', icon='download').props('outline no-caps').classes(design.TOUCH_TARGET):
        with ui.menu():
            for fmt in EXPORT_FORMATS:
                ui.menu_item(
                    f'Export {fmt.upper()}',
                    on_click=lambda fmt=fmt: ui.download.from_url(f'/assets/export.{fmt}?{query.to_query(sort=False)}'),
                ).classes(design.TOUCH_TARGET)
    ui.button('Print labels', icon='qr_code_2', on_click=lambda: open_with('/assets/labels')).props(
        'outline no-caps'
    ).classes(design.TOUCH_TARGET)
    ui.button('Map', icon='map', on_click=lambda: open_with('/map')).props('outline no-caps').classes(
        design.TOUCH_TARGET
    )


def _add_buttons(principal) -> None:
    if can(principal, Permission.ASSETS_WRITE):
        ui.button(
            'Add asset', icon='add', on_click=lambda: open_asset_form(principal, None, site_id=site_filter())
        ).props('unelevated no-caps').classes(design.TOUCH_TARGET)
    if can(principal, Permission.ASSETS_IMPORT):
        ui.button('Import', icon='upload_file', on_click=lambda: ui.navigate.to('/assets/import')).props(
            'outline no-caps'
        ).classes(design.TOUCH_TARGET)


def _chip_select(label: str, options: dict[str, str], value: list[str], on_change) -> ui.select:
    return (
        ui.select(options, label=label, value=value, multiple=True, clearable=True, on_change=on_change)
        .props('outlined dense use-chips options-dense')
        .classes('min-w-[140px] max-w-[320px]')
    )


def _type_options() -> dict[str, str]:
    return {str(value): asset_badges.label(value) for value in AssetType}


def _row(asset: AssetRead, zones: Zones) -> dict[str, Any]:
    updated, exact = zones.when(asset.updated_at, asset.site_id)
    place = ' · '.join(part for part in (asset.location.building, asset.location.floor, asset.location.room) if part)
    return {
        'id': asset.id,
        'code': asset.code,
        'name': asset.name,
        'asset_type': asset_badges.label(asset.asset_type),
        'status': asset.status,
        'condition': asset.condition,
        'criticality': asset.criticality,
        'site_name': asset.site_name or '—',
        'location': place,
        'parent_code': asset.parent_code or '',
        'updated': updated,
        'updated_exact': exact,
    }


@router.get('/assets/export.{fmt}', include_in_schema=False)
async def export_assets(request: Request, fmt: str) -> Response:
    """The list as a file, for the browser session (the API's export needs a bearer token)."""
    if fmt not in EXPORT_FORMATS:
        return PlainTextResponse(f'Unknown export format {fmt!r}; use csv or xlsx.', status_code=404)
    filters = ListQuery.parse(request.query_params, None).to_filter(limit=500)

    def respond(session: Session, principal: Principal) -> Response:
        return download(*transfer.export_assets(session=session, principal=principal, filters=filters, fmt=fmt))

    return await answer(request, respond)
