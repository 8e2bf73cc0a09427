"""The asset page's built-in tabs about the asset itself: overview, location, hierarchy and history."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from nicegui import ui

from app.assets import service as assets
from app.assets.enums import AssetEventKind
from app.assets.labels import qr_svg
from app.assets.schemas import AssetEventRead, AssetTreeNode
from app.core.permissions import Permission
from app.core.schemas import PageParams
from components import asset_badges, design
from components.maps import mini_map
from components.money import money
from pages.assets.common import AssetView
from pages.assets.dialogs import open_move_dialog
from pages.assets.form import open_asset_form
from pages.kernel.areas import detail_sections
from pages.kernel.bridge import call

HISTORY_PAGE = 30
TREE_DEPTH = 3
TIMELINE_CSS = """
    .cmms-timeline .q-timeline__title { font-size: 1rem; font-weight: 600; margin-bottom: 2px; }
    .cmms-timeline .q-timeline__subtitle { margin-bottom: 0; letter-spacing: 0; }
    .cmms-timeline .q-timeline__content { padding-bottom: 14px; }
    .cmms-timeline .q-timeline__content > div { gap: 4px; }
"""
EVENT_STYLE = {  # kind → (icon, colour)
    AssetEventKind.CREATED: ('add_circle', 'primary'),
    AssetEventKind.FIELD: ('edit', 'secondary'),
    AssetEventKind.STATUS: ('swap_horiz', 'primary'),
    AssetEventKind.CONDITION: ('health_and_safety', 'teal-7'),
    AssetEventKind.LOCATION: ('place', 'deep-orange-7'),
    AssetEventKind.METER: ('speed', 'indigo-7'),
    AssetEventKind.ATTACHMENT: ('attach_file', 'brown-6'),
    AssetEventKind.HIERARCHY: ('account_tree', 'purple-7'),
}


def card(title: str, icon: str) -> ui.card:
    """A titled section card; use as a context manager."""
    with ui.card().classes('w-full p-4 gap-2 ' + design.CARD) as section:
        with ui.row().classes('items-center gap-2'):
            ui.icon(icon).classes('text-xl text-gray-500')
            ui.label(title).classes(design.SECTION_TITLE)
    return section


def facts(pairs: Iterable[tuple[str, object]]) -> None:
    """Label/value rows; empty values read "—" so a missing value is visibly missing, not blank."""
    with ui.element('div').classes('w-full grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-4 gap-y-1'):
        for label, value in pairs:
            ui.label(label).classes(design.MUTED_TEXT + ' py-0.5')
            ui.label('—' if value in (None, '') else str(value)).classes('py-0.5 break-words')


def _grid() -> ui.element:
    return ui.element('div').classes('w-full grid grid-cols-1 lg:grid-cols-2 gap-4 items-start')


async def overview_tab(view: AssetView) -> None:
    asset = view.asset
    for section in detail_sections('asset', 'overview', view.principal):  # other areas' cards (its open work)
        await section.render(view)
    with _grid():
        with card('Identity', 'badge'):
            facts(
                [
                    ('Code', asset.code),
                    ('Name', asset.name),
                    ('Type', asset_badges.label(asset.asset_type)),
                    ('Site', asset.site_name),
                    ('Children', asset.children_count),
                    ('Description', asset.description),
                ]
            )
        with card('Make and money', 'precision_manufacturing'):
            cost = None if asset.purchase_cost is None else money(asset.purchase_cost)
            life = None if asset.expected_life_years is None else f'{asset.expected_life_years} years'
            facts(
                [
                    ('Manufacturer', asset.manufacturer),
                    ('Model', asset.model),
                    ('Serial number', asset.serial_number),
                    ('Installed on', _date(asset.install_date)),
                    ('Warranty until', _warranty(asset.warranty_expires)),
                    ('Purchase cost', cost),
                    ('Expected life', life),
                ]
            )
        with card('Custom attributes', 'tune'):
            _attributes(asset.attributes)
        with card('QR label', 'qr_code_2'):
            _qr(view)
    updated, exact = view.when(asset.updated_at)
    ui.label(f'Version {asset.version} · last changed {updated}').classes(design.MUTED_TEXT + ' pt-2').tooltip(exact)


def _attributes(attributes: dict) -> None:
    if not attributes:
        ui.label('No custom attributes — add some with Edit (e.g. "voltage" = 400).').classes(design.MUTED_TEXT)
        return
    with ui.element('div').classes('w-full grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-4 gap-y-1'):
        for key, value in sorted(attributes.items()):
            number = isinstance(value, int | float) and not isinstance(value, bool)
            shown = ('yes' if value else 'no') if isinstance(value, bool) else str(value)
            ui.label(key).classes(design.MUTED_TEXT + ' py-0.5 border-b border-gray-100 dark:border-gray-800')
            ui.label(shown).classes(
                'py-0.5 border-b border-gray-100 dark:border-gray-800' + (' cmms-num' if number else '')
            )


def _qr(view: AssetView) -> None:
    url = f'{view.base_url}/assets/{view.asset.id}'
    with ui.row().classes('items-center gap-4 no-wrap'):
        ui.html(qr_svg(url), sanitize=False).classes('w-36 h-36 shrink-0 bg-white p-1 rounded')
        with ui.column().classes('gap-1 min-w-0'):
            ui.label('Scan to open this page; print it with "Print label".').classes('text-sm')
            ui.label(url).classes(design.MUTED_TEXT + ' break-all')


async def location_tab(view: AssetView) -> None:
    asset, where = view.asset, view.asset.location
    with _grid():
        with card('Where it is', 'place'):
            gps = None if where.latitude is None else f'{where.latitude:.5f}°, {where.longitude:.5f}°'
            facts(
                [
                    ('Site', asset.site_name),
                    ('Building', where.building),
                    ('Floor', where.floor),
                    ('Room', where.room),
                    ('Department', where.department),
                    ('GPS', gps),
                ]
            )
            if where.floor_plan_id is not None:
                ui.label(
                    f'Placed on the floor plan of {where.building or "its building"}, floor {where.floor or "—"}'
                    f' at {where.plan_x:.0f}, {where.plan_y:.0f} px.'
                ).classes('text-sm')
            else:
                ui.label('Not placed on a floor plan yet — place it from the map’s floor-plan view.').classes(
                    design.MUTED_TEXT
                )
            with ui.row().classes('gap-2'):
                if view.can(Permission.ASSETS_WRITE):
                    ui.button(
                        'Move', icon='open_with', on_click=lambda: open_move_dialog(view.principal, asset, view.refresh)
                    ).props('outline no-caps').classes(design.TOUCH_TARGET)
                map_query = f'site_id={asset.site_id}' if asset.site_id else ''
                ui.button('Open map', icon='map', on_click=lambda: ui.navigate.to(f'/map?{map_query}')).props(
                    'flat no-caps'
                ).classes(design.TOUCH_TARGET)
        if where.latitude is not None and where.longitude is not None:
            position = (where.latitude, where.longitude)
            with ui.card().classes('w-full p-0 overflow-hidden ' + design.CARD):
                mini_map(position, zoom=16, classes='w-full h-72')
        else:
            with card('Map', 'map'):
                ui.label('No GPS position — add latitude and longitude with Move to see it on the map.').classes(
                    design.MUTED_TEXT
                )


async def hierarchy_tab(view: AssetView) -> None:
    asset = view.asset
    tree = await call(assets.asset_tree, principal=view.principal, asset_id=asset.id, depth=TREE_DEPTH)
    with _grid():
        with card('Parent', 'north_west'):
            if asset.parent_id is None:
                ui.label('Top level — no parent asset.').classes(design.MUTED_TEXT)
            else:
                ui.link(asset.parent_code or f'#{asset.parent_id}', f'/assets/{asset.parent_id}').classes(
                    'text-primary dark:text-blue-300 text-base ' + design.TOUCH_TARGET + ' flex items-center'
                )
        with card(f'Children ({asset.children_count})', 'south_east'):
            if tree.children:
                nodes = [_node(child) for child in tree.children]
                ui.tree(
                    nodes, label_key='label', on_select=lambda e: e.value and ui.navigate.to(f'/assets/{e.value}')
                ).props('no-transition').classes('w-full').expand()
            else:
                ui.label('No child assets — add a component or sub-system with "Add child".').classes(design.MUTED_TEXT)
            if view.can(Permission.ASSETS_WRITE):
                ui.button(
                    'Add child', icon='add', on_click=lambda: open_asset_form(view.principal, None, parent=asset)
                ).props('outline no-caps').classes(design.TOUCH_TARGET)


def _node(node: AssetTreeNode) -> dict:
    color, icon = asset_badges.STATUS_STYLE[node.status]
    more = node.children_count - len(node.children)
    label = f'{node.code} — {node.name} · {asset_badges.label(node.status)}' + (f' (+{more} below)' if more > 0 else '')
    return {
        'id': node.id,
        'label': label,
        'icon': icon,
        'iconColor': color,
        'children': [_node(child) for child in node.children],
    }


async def history_tab(view: AssetView) -> None:
    state = {'offset': 0}
    ui.add_css(TIMELINE_CSS)
    with ui.column().classes('w-full gap-2'):
        timeline = ui.timeline(side='right', layout='dense').classes('w-full pl-3 cmms-timeline')
        more = ui.button('Show older', icon='expand_more').props('flat no-caps').classes(design.TOUCH_TARGET)

    async def load() -> None:
        page = await call(
            assets.asset_history,
            principal=view.principal,
            asset_id=view.asset.id,
            page=PageParams(limit=HISTORY_PAGE, offset=state['offset']),
        )
        state['offset'] += len(page.items)
        with timeline:
            for event in page.items:
                _event(view, event)
        more.set_visibility(state['offset'] < page.total)
        if page.total == 0:
            design.empty_state('history', 'No history yet — changes to this asset will appear here.')

    more.on_click(load)
    await load()


def _event(view: AssetView, event: AssetEventRead) -> None:
    icon, color = EVENT_STYLE.get(event.kind, ('circle', 'grey-7'))
    text, exact = view.when(event.at)
    with ui.timeline_entry(title=_headline(event), icon=icon, color=color) as entry:
        with entry.add_slot('subtitle'):
            ui.label(f'{text} · {event.actor_label}').classes('normal-case').tooltip(exact)
        _change(event)
        if event.score is not None:
            ui.label(f'Score {event.score} / 100').classes('text-sm')
        if event.note:
            ui.label(f'“{event.note}”').classes('text-sm italic text-gray-600 dark:text-gray-300')


def _headline(event: AssetEventRead) -> str:
    field = (event.field or '').replace('_', ' ')
    return {
        AssetEventKind.CREATED: 'Created',
        AssetEventKind.STATUS: 'Status changed',
        AssetEventKind.CONDITION: 'Condition assessed',
        AssetEventKind.LOCATION: 'Moved',
        AssetEventKind.HIERARCHY: 'Parent changed',
        AssetEventKind.METER: f'Meter {event.field}',
        AssetEventKind.ATTACHMENT: f'{field.capitalize()} {"removed" if event.to_value is None else "added"}',
    }.get(event.kind, f'{field.capitalize()} changed')


def _change(event: AssetEventRead) -> None:
    """From → to; statuses and conditions as badges, everything else as text."""
    if event.from_value is None and event.to_value is None:
        return
    badge_kind = event.field if event.field in asset_badges.STYLES else None
    with ui.row().classes('items-center gap-2 flex-wrap text-sm'):
        if event.kind in (AssetEventKind.CREATED, AssetEventKind.ATTACHMENT):
            _value(event.to_value or event.from_value, None)
            return
        if event.from_value is not None or event.kind in (AssetEventKind.FIELD, AssetEventKind.HIERARCHY):
            _value(event.from_value, badge_kind)
            ui.icon('arrow_forward').classes('text-gray-500').props('aria-label=to')
        _value(event.to_value, badge_kind)


def _value(value: str | None, badge_kind: str | None) -> None:
    if not value:
        ui.label('not set').classes('text-gray-500 italic')
    elif badge_kind:
        asset_badges.asset_badge(badge_kind, value)
    else:
        ui.label(value).classes('break-all')


def _date(value: date | None) -> str | None:
    return value.strftime('%d %b %Y') if value else None


def _warranty(value: date | None) -> str | None:
    if value is None:
        return None
    return f'{_date(value)} (expired)' if value < date.today() else _date(value)
