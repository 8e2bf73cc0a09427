"""One asset: a header with code, name, badges and the main actions, breadcrumbs of its ancestors, and tabs.

The tabs come from the ``ASSET_TABS`` registry (``pages.asset_common.asset_tab``): the built-in ones register
themselves in ``pages.asset_tabs`` and ``pages.asset_records``; later areas add theirs the same way.
"""

from __future__ import annotations

from fastapi.responses import Response
from nicegui import ui

from app.assets import service as assets
from app.assets.schemas import AssetRead
from app.core import tenancy
from app.core.errors import DomainError, NotFound
from app.core.permissions import Permission, can
from components import asset_badges, design
from components.frame import frame
from pages import asset_records, asset_tabs  # noqa: F401  register the built-in tabs
from pages.asset_common import AssetView, Zones, call, request_principal, visible_tabs
from pages.asset_dialogs import open_condition_dialog, open_move_dialog
from pages.asset_form import open_asset_form
from pages.shell import page_context


@ui.page('/assets/{asset_id:int}')
async def asset_page(asset_id: int, tab: str = '') -> Response | None:
    if isinstance(signed_in := await request_principal(ui.context.client.request), Response):
        return signed_in
    if (opened := await page_context(Permission.ASSETS_READ)) is None:
        return None
    principal, context = opened
    try:
        asset = await call(assets.get_asset, principal=principal, asset_id=asset_id)
    except NotFound:
        ui.context.client.status_code = 404
        with frame(context, 'Asset not found', '/assets'):
            design.empty_state('search_off', f'There is no asset {asset_id} — it may have been removed.')
            with ui.row().classes('w-full justify-center'):
                ui.button('Back to the asset list', icon='list', on_click=lambda: ui.navigate.to('/assets')).props(
                    'no-caps'
                ).classes(design.TOUCH_TARGET)
        return None
    sites = (await call(tenancy.list_sites, principal=principal)).items
    request = ui.context.client.request
    tabs = visible_tabs(principal)
    current = tab if tab in {t.name for t in tabs} else tabs[0].name
    rendered: set[str] = set()
    panels: dict[str, ui.tab_panel] = {}

    async def refresh() -> None:
        """Redraw once the handler that asked has finished: it may sit in a tab or dialog about to be redrawn."""
        with root:
            ui.timer(0.01, redraw, once=True)

    async def redraw() -> None:
        view.asset = await call(assets.get_asset, principal=principal, asset_id=asset_id)
        await draw_header()
        rendered.clear()
        for panel in panels.values():
            panel.clear()
        await show(tab_panels.value)

    async def show(name: str) -> None:
        ui.navigate.history.replace(f'/assets/{asset_id}' + ('' if name == tabs[0].name else f'?tab={name}'))
        if name in rendered:
            return
        rendered.add(name)
        with panels[name]:
            try:
                await next(t for t in tabs if t.name == name).render(view)
            except DomainError as error:
                design.empty_state('error_outline', error.detail)

    async def draw_header() -> None:
        ancestors = await call(assets.list_ancestors, principal=principal, asset_id=asset_id)
        header.clear()
        with header:
            _breadcrumbs(view.asset, ancestors)
            with ui.row().classes('w-full items-end justify-between gap-x-6 gap-y-3 flex-wrap'):
                _title(view.asset)
                _actions(view, refresh)

    view = AssetView(principal, asset, Zones(sites, context.site_id), str(request.base_url).rstrip('/'), refresh)
    with frame(context, f'{asset.code} · {asset.name}', '/assets') as root:
        header = ui.column().classes('w-full gap-2')
        with ui.column().classes('w-full gap-0'):
            with (
                ui.tabs(value=current, on_change=lambda e: show(e.value))
                .props('align=left inline-label no-caps outside-arrows mobile-arrows')
                .classes('w-full border-b border-gray-200 dark:border-gray-700') as tab_bar
            ):
                for entry in tabs:
                    ui.tab(entry.name, entry.label, entry.icon).classes(design.TOUCH_TARGET)
            with ui.tab_panels(tab_bar, value=current, animated=False).classes('w-full bg-transparent') as tab_panels:
                for entry in tabs:
                    panels[entry.name] = ui.tab_panel(entry.name).classes('px-0 py-4')
    await draw_header()
    await show(current)
    return None


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
        if can(principal, Permission.ASSETS_ASSESS):
            ui.button(
                'Update condition',
                icon='health_and_safety',
                on_click=lambda: open_condition_dialog(principal, asset, refresh),
            ).props('unelevated no-caps').classes(design.TOUCH_TARGET)
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
