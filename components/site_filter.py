"""The site a person narrows the app to: one value per page, shown by the shell's header select and by any site
select on the page itself, so that changing one moves the other.

By default a change reloads the page (each page reads the filter when it is drawn). A page that narrows its own
content in place (the lists) calls ``follow`` with what to do instead; then the header select changes the list
without a reload, and the list's own site chip moves the header select.
"""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

ALL_SITES = 0  # how a select spells "no site filter": Quasar selects cannot hold None as a value


class SiteFilter:
    def __init__(self, sites: dict[int, str], site_id: int | None, remember: Callable[[int | None], None]) -> None:
        self.sites = sites
        self.site_id = site_id if site_id in sites else None
        self._remember = remember  # keeps the choice for the next page (the browser session)
        self._selects: list[ui.select] = []
        self._follower: Callable[[int | None], None] | None = None

    def adopt(self, site_id: int | None) -> None:
        """Take ``site_id`` before anything is drawn (a shared link naming a site), remembering it if it is new
        (the browser session is written only when the choice changes, not on every list load)."""
        chosen = site_id if site_id in self.sites else None
        if chosen != self.site_id:
            self.site_id = chosen
            self._remember(chosen)

    def follow(self, on_change: Callable[[int | None], None]) -> None:
        """Call ``on_change(site_id)`` on a change instead of reloading the page."""
        self._follower = on_change

    def select(self, label: str | None = None) -> ui.select:
        """A select showing this filter ('All sites' or one site); changing it changes the filter."""
        options = {ALL_SITES: 'All sites', **self.sites}
        element = ui.select(options, label=label, value=self.site_id or ALL_SITES)
        element.on_value_change(lambda e: self.change(e.value or None))
        self._selects.append(element)
        return element

    def change(self, site_id: int | None) -> None:
        if site_id == self.site_id:
            return  # also ends the echo from the other selects being moved below
        self.adopt(site_id)
        for element in self._selects:
            element.set_value(self.site_id or ALL_SITES)
        if self._follower is not None:
            self._follower(self.site_id)
        else:
            ui.navigate.reload()
