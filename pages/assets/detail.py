"""One asset: a header with code, name, badges and the main actions, breadcrumbs of its ancestors, and tabs.

The tabs, and header actions beyond the asset's own, come from the area registry (``pages.kernel.areas``): this
area declares its tabs in its ``__init__``; the work-order area adds the Work tab and "Report a problem" the same way.
"""

from __future__ import annotations

from nicegui import ui

from app.assets import service as assets
from app.assets.schemas import AssetRead
from app.core import tenancy
from app.core.errors import NotFound
from app.core.permissions import Permission, can
from components import asset_badges, design
from pages.assets.common import AssetView
from pages.assets.dialogs import open_condition_dialog, open_move_dialog
from pages.assets.form import open_asset_form
from pages.assets.routes import router
from pages.kernel.areas import detail_actions, detail_tabs
from pages.kernel.bridge import call
from pages.kernel.detail_page import DetailPage, not_found_page
from pages.kernel.page_context import page_context
from pages.kernel.zones import Zones


@router.page('/assets/{asset_id:int}')
async def asset_page(asset_id: int, tab: str = '') -> None:
    if (opened := await page_context(Permission.ASSETS_READ)) is None:
        return
    principal, context = opened
    try:
        asset = await call(assets.get_asset, principal=principal, asset_id=asset_id)
    except NotFound:
        message = f'There is no asset {asset_id} — it may have been removed.'
        not_found_page(context, 'Asset not found', '/assets', message, ('Back to the asset list', 'list'))
        return
    sites = (await call(tenancy.list_sites, principal=principal)).items

    async def reload() -> None:
        view.asset = await call(assets.get_asset, principal=principal, asset_id=asset_id)

    async def draw_header() -> None:
        ancestors = await call(assets.list_ancestors, principal=principal, asset_id=asset_id)
        _breadcrumbs(view.asset, ancestors)
        with ui.row().classes('w-full items-end justify-between gap-x-6 gap-y-3 flex-wrap'):
            _title(view.asset)
            _actions(view, page.refresh)

    page = DetailPage(f'/assets/{asset_id}', detail_tabs('asset', principal), draw_header=draw_header, reload=reload)
    base_url = str(ui.context.client.request.base_url).rstrip('/')
    view = AssetView(principal, asset, Zones(sites, context.site_id), base_url, page.refresh)
    await page.draw(context, f'{asset.code} · {asset.name}', '/assets', tab, view)


def _breadcrumbs(asset: AssetRead, ancestors: list[AssetRead]) -> None:
    with ui.row().classes('items-center gap-1 flex-wrap ' + design.MUTED_TEXT).props('aria-label=Breadcrumbs'):
        ui.link('Assets', '/assets').classes('text-primary dark:text-blue-300')
        for ancestor in ancestors:
            ui.icon('chevron_right')
            ui.link(ancestor.code, f'/assets/{ancestor.id}').classes('text-primary dark:text-blue-300').tooltip(
                ancestor.name
            )
        ui.icon('chevron_right')
        ui.label(asset.code)


def _title(asset: AssetRead) -> None:
    with ui.row().classes('items-end gap-x-6 gap-y-2 flex-wrap min-w-0'):
        with ui.column().classes('gap-0 min-w-0'):
            ui.label(asset.code).classes('text-sm font-mono text-gray-500 dark:text-gray-400')
            ui.label(asset.name).classes(design.PAGE_TITLE + ' break-words')
        with ui.row().classes('items-end gap-4'):
            for kind in ('status', 'condition', 'criticality'):
                with ui.column().classes('gap-0.5'):
                    ui.label(kind.capitalize()).classes('text-xs uppercase tracking-wide text-gray-500')
                    asset_badges.asset_badge(kind, getattr(asset, kind)).mark(f'{kind}-badge')


def _actions(view: AssetView, refresh) -> None:
    principal, asset = view.principal, view.asset
    with ui.row().classes('items-center gap-2 flex-wrap'):
        for action in detail_actions('asset', principal):  # other areas' first: "Report a problem" leads
            action.render(view)
        if can(principal, Permission.ASSETS_ASSESS):
            ui.button(
                'Update condition',
                icon='health_and_safety',
                on_click=lambda: open_condition_dialog(principal, asset, refresh),
            ).props('outline no-caps').classes(design.TOUCH_TARGET)
        if can(principal, Permission.ASSETS_WRITE):
            ui.button(
                'Edit', icon='edit', on_click=lambda: open_asset_form(principal, asset, on_saved=lambda _: refresh())
            ).props('outline no-caps').classes(design.TOUCH_TARGET)
            ui.button('Move', icon='open_with', on_click=lambda: open_move_dialog(principal, asset, refresh)).props(
                'outline no-caps'
            ).classes(design.TOUCH_TARGET)
        ui.button(
            'Print label', icon='qr_code_2', on_click=lambda: ui.navigate.to(f'/assets/labels?ids={asset.id}')
        ).props('outline no-caps').classes(design.TOUCH_TARGET)
