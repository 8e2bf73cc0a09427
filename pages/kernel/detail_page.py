"""The scaffold both detail pages (an asset, a work order) share: a header, then tabs drawn on first opening.

The tabs come from the area registry (``areas.detail_tabs``), so another area adds one without this page knowing
it. The open tab is in the URL (``?tab=``) so a reload or a shared link opens it again. ``refresh`` reloads the
record and redraws the header and the open tab — after the handler that asked has finished, since that handler
may sit in the very tab or dialog that is about to be redrawn.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from app.core.errors import DomainError
from components import design
from components.frame import ShellContext, frame
from pages.kernel.areas import DetailTab


class DetailPage:
    """One detail page being shown: ``view`` is what its tabs get; ``reload`` fetches the record again."""

    def __init__(
        self,
        path: str,
        tabs: list[DetailTab],
        *,
        draw_header: Callable[[], Awaitable[None] | None],
        reload: Callable[[], Awaitable[None]],
    ) -> None:
        self.path = path
        self.tabs = tabs
        self.view: Any = None
        self._draw_header_content = draw_header
        self._reload = reload
        self._drawn: set[str] = set()
        self._panels: dict[str, ui.tab_panel] = {}

    async def refresh(self) -> None:
        with self._root:
            ui.timer(0.01, self._redraw, once=True)

    async def draw(self, context: ShellContext, title: str, active_path: str, requested_tab: str, view: Any) -> None:
        self.view = view
        names = [tab.name for tab in self.tabs]
        current = requested_tab if requested_tab in names else names[0]
        with frame(context, title, active_path) as self._root:
            self._header = ui.column().classes('w-full gap-3')
            with ui.column().classes('w-full gap-0'):
                with (
                    ui.tabs(value=current, on_change=lambda e: self._show(e.value))
                    .props('align=left inline-label no-caps outside-arrows mobile-arrows')
                    .classes('w-full border-b border-gray-200 dark:border-gray-700') as tab_bar
                ):
                    for tab in self.tabs:
                        ui.tab(tab.name, tab.label, tab.icon).classes(design.TOUCH_TARGET)
                with ui.tab_panels(tab_bar, value=current, animated=False).classes('w-full bg-transparent') as panels:
                    for tab in self.tabs:
                        self._panels[tab.name] = ui.tab_panel(tab.name).classes('px-0 py-4')
        self._tab_panels = panels
        await self._draw_header()
        await self._show(current)

    async def _redraw(self) -> None:
        await self._reload()
        await self._draw_header()
        self._drawn.clear()
        for panel in self._panels.values():
            panel.clear()
        await self._show(self._tab_panels.value)

    async def _draw_header(self) -> None:
        self._header.clear()
        with self._header:
            drawn = self._draw_header_content()
            if drawn is not None:
                await drawn

    async def _show(self, name: str) -> None:
        ui.navigate.history.replace(self.path + ('' if name == self.tabs[0].name else f'?tab={name}'))
        if name in self._drawn:
            return
        self._drawn.add(name)
        with self._panels[name]:
            try:
                await next(tab for tab in self.tabs if tab.name == name).render(self.view)
            except DomainError as error:
                design.empty_state('error_outline', error.detail)


def not_found_page(context: ShellContext, title: str, active_path: str, message: str, back: tuple[str, str]) -> None:
    """A 404 inside the shell, with a way back (``back`` is the button's label and icon; it goes to active_path)."""
    ui.context.client.status_code = 404
    label, icon = back
    with frame(context, title, active_path):
        design.empty_state('search_off', message)
        with ui.row().classes('w-full justify-center'):
            ui.button(label, icon=icon, on_click=lambda: ui.navigate.to(active_path)).props('no-caps').classes(
                design.TOUCH_TARGET
            )
