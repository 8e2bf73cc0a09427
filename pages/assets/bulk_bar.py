"""The asset list's bar for the chosen rows: export or print labels for them, change their status or site.

Changes go through ``app.assets.bulk`` in one transaction (the same rules, history, audit and events as one change):
all or nothing, and a refusal names the asset it is about.
"""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from app.assets import bulk
from app.assets.enums import END_OF_LIFE_STATUSES
from app.core.errors import DomainError
from app.core.permissions import Permission, can
from app.core.principal import Principal
from components import asset_badges, design
from pages.kernel.bridge import call

EXPORT_FORMATS = ('csv', 'xlsx')


class BulkBar:
    """Shown while rows are chosen; ``show(selected)`` after each change, ``on_changed`` after a bulk change."""

    def __init__(self, principal: Principal, sites: dict[int, str], *, on_changed: Callable[[], None]) -> None:
        self.principal, self.sites, self.on_changed = principal, sites, on_changed
        self.selected: dict[int, dict] = {}
        with (
            ui.row()
            .classes('w-full items-center gap-2 flex-wrap p-2 rounded-lg bg-blue-50 text-blue-950')
            .classes('dark:bg-blue-950 dark:text-blue-100')
            .props('role=toolbar aria-label="Chosen assets"') as self.bar
        ):
            self.count = ui.label().classes('text-base font-medium px-2').props('aria-live=polite')
            export = ui.button('Export', icon='download').props('outline no-caps').classes(design.TOUCH_TARGET)
            with export.mark('bulk-export'):
                with ui.menu():
                    for fmt in EXPORT_FORMATS:
                        ui.menu_item(f'Export chosen as {fmt.upper()}', on_click=lambda fmt=fmt: self._export(fmt))
            ui.button('Print labels', icon='qr_code_2', on_click=self._labels).props('outline no-caps').classes(
                design.TOUCH_TARGET
            ).mark('bulk-labels')
            if can(principal, Permission.ASSETS_ASSESS):
                ui.button('Change status', icon='swap_horiz', on_click=self._status_dialog).props(
                    'outline no-caps'
                ).classes(design.TOUCH_TARGET)
            if can(principal, Permission.ASSETS_WRITE) and sites:
                ui.button('Change site', icon='factory', on_click=self._site_dialog).props('outline no-caps').classes(
                    design.TOUCH_TARGET
                )
            ui.button('Clear', icon='close', on_click=self._clear).props('flat no-caps').classes(design.TOUCH_TARGET)
        self.clear_handler: Callable[[], None] = lambda: None
        self.bar.set_visibility(False)

    def show(self, selected: dict[int, dict]) -> None:
        self.selected = selected
        count = len(selected)
        self.count.set_text(f'{count} chosen')
        self.bar.set_visibility(count > 0)

    def _ids(self) -> str:
        return ','.join(str(asset_id) for asset_id in self.selected)

    def _too_many(self) -> bool:
        if len(self.selected) > bulk.MAX_BULK:
            ui.notify(f'Choose at most {bulk.MAX_BULK} assets at once', type='warning')
            return True
        return False

    def _export(self, fmt: str) -> None:
        if not self._too_many():
            ui.download.from_url(f'/assets/export.{fmt}?ids={self._ids()}')

    def _labels(self) -> None:
        if not self._too_many():
            ui.navigate.to(f'/assets/labels?ids={self._ids()}')

    def _clear(self) -> None:
        self.clear_handler()

    def _status_dialog(self) -> None:
        may_retire = can(self.principal, Permission.ASSETS_WRITE)
        options = {
            value: text
            for value, text in asset_badges.options('status').items()
            if may_retire or value not in END_OF_LIFE_STATUSES
        }
        self._dialog('Change the status', 'New status', options, 'status')

    def _site_dialog(self) -> None:
        self._dialog('Move to another site', 'New site', self.sites, 'site_id')

    def _dialog(self, title: str, label: str, options: dict, field: str) -> None:
        if self._too_many():
            return
        count = len(self.selected)
        codes = ', '.join(row.get('code', '') for row in list(self.selected.values())[:5])
        more = f' and {count - 5} more' if count > 5 else ''
        with ui.dialog() as dialog, ui.card().classes('w-[460px] max-w-full gap-3 ' + design.CARD):
            ui.label(f'{title} of {count} asset{"s" if count != 1 else ""}').classes(design.SECTION_TITLE)
            ui.label(codes + more).classes(design.MUTED_TEXT)
            choice = ui.select(options, label=label).props('outlined options-dense').classes('w-full')
            note = ui.input('Note (why; in each history)').props('outlined maxlength=2000').classes('w-full')
            error = ui.label().classes('text-negative text-sm').props('role=alert')

            async def apply() -> None:
                if choice.value in (None, ''):
                    choice.error = f'Choose the {label.lower()}'
                    return
                choice.error = None
                button.props('loading')
                try:
                    data = bulk.BulkAssetChange(
                        asset_ids=list(self.selected), note=note.value or '', **{field: choice.value}
                    )
                    result = await call(bulk.bulk_change_assets, principal=self.principal, data=data)
                except DomainError as exc:
                    error.set_text(exc.detail)
                    return
                finally:
                    button.props(remove='loading')
                dialog.close()
                ui.notify(
                    f'Changed {result.changed} of {count} asset{"s" if count != 1 else ""}'
                    + (' (the others already had it)' if result.changed < count else ''),
                    type='positive',
                )
                self.on_changed()

            with ui.row().classes('w-full justify-end gap-2'):
                ui.button('Cancel', on_click=dialog.close).props('flat no-caps').classes(design.TOUCH_TARGET)
                button = ui.button(f'Change {count}', on_click=apply).props('unelevated no-caps')
                button.classes(design.TOUCH_TARGET)
        dialog.open()
