"""Map widgets: the asset map (GeoJSON markers, clusters showing the worst state) and the floor-plan view.

Both are one Leaflet-based Vue component (assets/js/asset_map.js) using NiceGUI's bundled Leaflet and the vendored
leaflet.markercluster plugin, so nothing comes from a CDN; the floor-plan mode needs no tiles at all.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from nicegui import ui
from nicegui.elements import leaflet as nicegui_leaflet

from app.assets.enums import AssetCondition, AssetStatus, AssetType
from components import design, maps

LEAFLET_DIST = Path(nicegui_leaflet.__file__).parent / 'dist'
CLUSTER_THRESHOLD = 50  # more markers than this are clustered (they overlap at site scale)

# Meaning of a status (the app's one colour language), worst first when ranked: 3 red, 2 amber, 1 green, 0 grey.
MEANINGS: dict[int, dict[str, str]] = {
    3: {'key': 'down', 'token': design.DANGER, 'icon': 'error', 'label': 'Repair · down', 'text': '#ffffff'},
    2: {
        'key': 'attention',
        'token': design.WARNING,
        'icon': 'warning',
        'label': 'Maintenance · testing · standby',
        'text': '#1f2937',
    },
    1: {'key': 'ok', 'token': design.OK, 'icon': 'check_circle', 'label': 'Operational', 'text': '#ffffff'},
    0: {
        'key': 'out',
        'token': design.MUTED,
        'icon': 'block',
        'label': 'Retired · spare · decommissioned',
        'text': '#ffffff',
    },
}
STATUS_STYLE: dict[AssetStatus, tuple[int, str]] = {  # status → (meaning rank, icon)
    AssetStatus.OPERATIONAL: (1, 'check_circle'),
    AssetStatus.MAINTENANCE: (2, 'build'),
    AssetStatus.TESTING: (2, 'science'),
    AssetStatus.STANDBY: (2, 'pause_circle'),
    AssetStatus.REPAIR: (3, 'error'),
    AssetStatus.RETIRED: (0, 'archive'),
    AssetStatus.SPARE: (0, 'inventory_2'),
    AssetStatus.DECOMMISSIONED: (0, 'block'),
}
TYPE_ICONS: dict[AssetType, str] = {
    AssetType.EQUIPMENT: 'settings',
    AssetType.MACHINERY: 'precision_manufacturing',
    AssetType.VEHICLE: 'local_shipping',
    AssetType.BUILDING: 'apartment',
    AssetType.INFRASTRUCTURE: 'foundation',
    AssetType.TOOL: 'handyman',
    AssetType.INSTRUMENT: 'speed',
    AssetType.SYSTEM: 'account_tree',
    AssetType.COMPONENT: 'extension',
}


def words(value: str) -> str:
    return value.replace('_', ' ').capitalize()


def status_styles() -> dict[str, dict[str, Any]]:
    """Per status: colour (hex), text colour, icon, words and rank, as the map's JavaScript needs them."""
    styles = {}
    for status, (rank, icon) in STATUS_STYLE.items():
        meaning = MEANINGS[rank]
        styles[status.value] = {
            'color': design.HEX[meaning['token']],
            'text': meaning['text'],
            'icon': icon,
            'label': words(status.value),
            'rank': rank,
        }
    return styles


def _common_props() -> dict[str, Any]:
    labels = {member.value: words(member.value) for enum in (AssetType, AssetCondition) for member in enum}
    return {
        'styles': status_styles(),
        'meanings': {rank: {**m, 'color': design.HEX[m['token']]} for rank, m in MEANINGS.items()},
        'type-icons': {t.value: icon for t, icon in TYPE_ICONS.items()},
        'labels': labels,
        'assets-path': design.static(''),
    }


class AssetMap(ui.element, component='../assets/js/asset_map.js'):
    """Markers of many assets from one GeoJSON URL; set ``src`` to reload with other filters."""

    def __init__(self, src: str, *, center: tuple[float, float], zoom: int = 15) -> None:
        super().__init__()
        self.add_resource(LEAFLET_DIST)
        self._props.update(_common_props())
        self._props.update(
            {
                'mode': 'geo',
                'src': src,
                'center': list(center),
                'zoom': zoom,
                'cluster-threshold': CLUSTER_THRESHOLD,
                'tile-url': maps.tile_url(),
                'tile-attribution': maps.tile_attribution(),
                'tile-host': maps.tile_host(),
            }
        )
        self.classes('cmms-map cmms-geo')

    def set_source(self, src: str) -> None:
        self._props['src'] = src
        self.update()


class FloorPlanMap(ui.element, component='../assets/js/asset_map.js'):
    """A floor-plan image with the placed assets; emits ``moved`` (drag end) and ``place`` (click while placing)."""

    def __init__(
        self, image_url: str, *, width: int, height: int, markers: list[dict[str, Any]], editable: bool
    ) -> None:
        super().__init__()
        self.add_resource(LEAFLET_DIST)
        self._props.update(_common_props())
        self._props.update(
            {
                'mode': 'plan',
                'image-url': image_url,
                'width': width,
                'height': height,
                'markers': markers,
                'editable': editable,
            }
        )
        self.classes('cmms-map cmms-plan')

    def add_marker(self, marker: dict[str, Any]) -> None:
        self.run_method('addMarker', marker)

    def confirm_move(self, asset_id: int) -> None:
        self.run_method('confirmMove', asset_id)

    def snap_back(self, asset_id: int) -> None:
        self.run_method('snapBack', asset_id)

    def set_placing(self, on: bool) -> None:
        self.run_method('setPlacing', on)


def legend() -> None:
    """What the colours and icons mean: colour plus icon plus words, and the icon of each asset type."""
    with ui.column().classes('gap-1 w-full').props('aria-label="Legend"'):
        for rank in (3, 2, 1, 0):
            meaning = MEANINGS[rank]
            with ui.row().classes('items-center gap-2 no-wrap'):
                ui.icon(meaning['icon'], color=meaning['token']).classes('text-xl')
                ui.label(meaning['label']).classes('text-sm')
        ui.label(
            'A cluster shows how many assets it holds in the colour of the worst state inside; its ring shows the mix.'
        ).classes(design.MUTED_TEXT)
        with ui.element('div').classes('grid grid-cols-2 gap-x-3 gap-y-1 pt-1'):
            for asset_type, icon in TYPE_ICONS.items():
                with ui.row().classes('items-center gap-1 no-wrap'):
                    ui.icon(icon).classes('text-base text-gray-600 dark:text-gray-300')
                    ui.label(words(asset_type.value)).classes('text-xs')


def status_badge(status: str) -> ui.badge:
    rank, icon = STATUS_STYLE[AssetStatus(status)]
    return design.badge(words(status), MEANINGS[rank]['token'], icon)


class UnplacedList:
    """The assets of a floor not on its plan yet: tap one, then tap the plan where it stands (touch-friendly)."""

    VISIBLE = 40

    def __init__(self, items: list[dict[str, Any]], on_pick: Callable[[dict[str, Any] | None], None]) -> None:
        self.items, self.on_pick = items, on_pick
        self.selected_id: int | None = None
        self.search = ''
        self.heading = ui.label().classes('text-sm font-medium')
        ui.input(placeholder='Search code or name', on_change=lambda e: self._search(e.value or '')).props(
            'dense outlined clearable aria-label="Search unplaced assets"'
        ).classes('w-full')
        self.column = ui.list().props('dense separator').classes('w-full')
        self.render()

    def render(self) -> None:
        self.heading.set_text(f'Not on the plan yet ({len(self.items)})')
        self.column.clear()
        needle = self.search.lower()
        matches = [i for i in self.items if needle in i['code'].lower() or needle in i['name'].lower()]
        with self.column:
            if not self.items:
                ui.label('Every asset of this floor is on the plan.').classes(design.MUTED_TEXT + ' py-2')
            for item in matches[: self.VISIBLE]:
                self._entry(item)
            if len(matches) > self.VISIBLE:
                ui.label(f'+{len(matches) - self.VISIBLE} more — search to narrow').classes(design.MUTED_TEXT)

    def remove(self, asset_id: int) -> None:
        self.items = [i for i in self.items if i['id'] != asset_id]
        self.selected_id = None
        self.render()

    def clear_selection(self) -> None:
        self.selected_id = None
        self.render()

    def _entry(self, item: dict[str, Any]) -> None:
        rank, icon = STATUS_STYLE[AssetStatus(item['status'])]
        selected = item['id'] == self.selected_id
        with (
            ui.item(on_click=lambda i=item: self._pick(i))
            .props(f'clickable {"active" if selected else ""} aria-label="Place {item["code"]}"')
            .classes(
                design.TOUCH_TARGET + ' rounded-lg cmms-unplaced' + (' bg-blue-50 dark:bg-blue-900' if selected else '')
            )
        ):
            with ui.item_section().props('avatar'):
                ui.icon(TYPE_ICONS.get(AssetType(item['asset_type']), 'place'), color=MEANINGS[rank]['token'])
            with ui.item_section():
                ui.item_label(item['code']).classes('font-mono font-medium')
                ui.item_label(item['name']).props('caption lines=1')
            with ui.item_section().props('side'):
                ui.icon('touch_app' if selected else icon, color=MEANINGS[rank]['token'])

    def _pick(self, item: dict[str, Any]) -> None:
        self.selected_id = None if self.selected_id == item['id'] else item['id']
        self.render()
        self.on_pick(item if self.selected_id is not None else None)

    def _search(self, text: str) -> None:
        self.search = text
        self.render()


UploadHandler = Callable[[str, str, str, bytes], Awaitable[dict[str, str] | None]]


def upload_dialog(*, building: str, floor: str, buildings: list[str], on_upload: UploadHandler) -> ui.dialog:
    """Ask for building, floor and the image; ``on_upload`` returns field errors (shown next to the field) or None."""
    with ui.dialog() as dialog, ui.card().classes('w-[440px] max-w-full gap-3 ' + design.CARD):
        ui.label('Upload a floor plan').classes(design.SECTION_TITLE)
        ui.label(
            'A PNG, JPEG or WEBP drawing, at most 15 MB. Uploading again for the same floor replaces the image; '
            'placed assets keep their spots.'
        ).classes(design.MUTED_TEXT)
        building_input = (
            ui.input('Building', value=building, autocomplete=buildings).props('outlined').classes('w-full')
        )
        floor_input = (
            ui.input('Floor', value=floor, placeholder='e.g. Ground or Level 1').props('outlined').classes('w-full')
        )
        file_error = ui.label().classes('text-negative text-sm').props('role=alert')

        async def handle(e: Any) -> None:
            errors = await on_upload(building_input.value, floor_input.value, e.file.name, await e.file.read())
            errors = errors or {}
            building_input.error, floor_input.error = errors.get('building'), errors.get('floor')
            file_error.set_text(errors.get('file', ''))
            uploader.reset()
            if not errors:
                dialog.close()

        uploader = (
            ui.upload(
                label='Choose the plan image',
                auto_upload=True,
                max_file_size=15 * 1024 * 1024,
                on_upload=handle,
                on_rejected=lambda: file_error.set_text('The file is larger than 15 MB.'),
            )
            .props('accept=".png,.jpg,.jpeg,.webp" flat bordered')
            .classes('w-full')
        )
        with ui.row().classes('w-full justify-end'):
            ui.button('Cancel', on_click=dialog.close).props('flat').classes(design.TOUCH_TARGET)
    return dialog


def full_bleed(content: ui.column) -> None:
    """Let the page's content fill the whole area under the header, edge to edge."""
    # The panel floats top-left, or docks at the bottom on tablets (assets/css/asset_map.css).
    ui.add_head_html(f'<link rel="stylesheet" href="{design.static("css/asset_map.css")}">')
    ui.query('body').classes('cmms-full-bleed')
    content.classes(remove='max-w-screen-2xl mx-auto p-4 md:p-6 gap-4', add='p-0 gap-0')


class MapStage:
    """A full-size area for a map with a collapsible floating panel (``title`` and ``body``) over it.

    On a tablet (narrower than 1024 px) the panel starts folded to its title bar, so the map keeps the screen; CSS
    folds it before the first paint, and the width the browser reports then settles the toggle's state.
    """

    NARROW = 1024

    def __init__(self) -> None:
        self.expanded: bool | None = None  # None: not known yet (CSS decides by width)
        with ui.element('div').classes('absolute inset-0 overflow-hidden'):
            self.map_area = ui.element('div').classes('absolute inset-0')
            self.panel = ui.card().classes('cmms-map-panel cmms-panel-auto p-0 gap-0 shadow-lg ' + design.CARD)
            with self.panel.props('role=region aria-label="Map panel"'):
                with ui.row().classes('w-full items-center no-wrap px-3 py-2 gap-2'):
                    ui.icon('map', color='primary').classes('text-2xl')
                    self.title = ui.label('Asset map').classes('text-lg font-semibold grow')
                    self.toggle = ui.button(icon='expand_less', on_click=self._toggle)
                    self.toggle.props('flat round aria-label="Collapse panel"').classes(design.TOUCH_TARGET)
                self.body = ui.column().classes('cmms-panel-body w-full px-3 pb-3 gap-3 no-wrap')
        ui.timer(0, self._fit_to_screen, once=True)

    async def _fit_to_screen(self) -> None:
        if self.expanded is not None:
            return
        width = await ui.run_javascript('window.innerWidth', timeout=5)
        if self.expanded is None:  # not toggled by hand meanwhile
            self.set_expanded(int(width or self.NARROW) >= self.NARROW)

    def set_expanded(self, expanded: bool) -> None:
        self.expanded = expanded
        self.panel.classes(remove='cmms-panel-auto')
        self.body.set_visibility(expanded)
        label = 'Collapse panel' if expanded else 'Show filters and legend'
        self.toggle.props(f'icon={"expand_less" if expanded else "expand_more"} aria-label="{label}"')
        self.toggle.props(f'aria-expanded={"true" if expanded else "false"}')

    async def _toggle(self) -> None:
        if self.expanded is None:  # tapped before the width arrived: the panel shows what CSS chose
            width = await ui.run_javascript('window.innerWidth', timeout=5)
            self.expanded = int(width or self.NARROW) >= self.NARROW
        self.set_expanded(not self.expanded)


def tile_notice(host: str) -> ui.row:
    """Over the map when its tiles cannot load (a plant without internet): the markers still work; say the fix."""
    with (
        ui.row()
        .classes('cmms-tile-notice items-center gap-3 no-wrap p-3 rounded-lg shadow-md bg-amber-100 text-amber-950')
        .props('role=status aria-live=polite') as notice
    ):
        ui.icon('cloud_off').classes('text-2xl shrink-0')
        ui.label(
            f'Map tiles could not load from {host}; the markers still show. '
            'Set CMMS_MAP_TILE_URL to a tile server on your network (or leave it empty for no tiles).'
        ).classes('text-sm grow')
        ui.button(icon='close', on_click=lambda: notice.set_visibility(False)).props(
            'flat round dense aria-label="Dismiss the tile notice"'
        ).classes(design.TOUCH_TARGET)
    return notice


def filter_selects(
    sites: dict[int, str],
    site_id: int | None,
    *,
    on_site: Callable[[int], None],
    on_filter: Callable[[str, list[str]], None],
) -> None:
    """Site (with "All sites"), and multi-selects for type, status and condition."""
    ui.select({0: 'All sites', **sites}, value=site_id or 0, label='Site', on_change=lambda e: on_site(e.value)).props(
        'outlined dense options-dense'
    ).classes('w-full')
    for label, enum, key in (
        ('Type', AssetType, 'types'),
        ('Status', AssetStatus, 'statuses'),
        ('Condition', AssetCondition, 'conditions'),
    ):
        options = {member.value: words(member.value) for member in enum}
        select = ui.select(
            options,
            multiple=True,
            value=[],
            label=label,
            on_change=lambda e, key=key: on_filter(key, list(e.value or [])),
        )
        select.props('outlined dense options-dense use-chips clearable').classes('w-full')


def marker_count_text(count: int, unlocated: int) -> str:
    if not count:
        return 'No assets with a GPS position match — clear a filter or set positions on the assets'
    text = f'{count:,} asset{"s" if count != 1 else ""} on the map'
    return text + (f' · {unlocated:,} without a GPS position' if unlocated else '')
