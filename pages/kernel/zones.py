"""Showing times where they happened: each site's timezone, and the filtered site's (else UTC) for the rest."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, available_timezones

from nicegui import app, ui

from app.core.schemas import SiteRead
from components import tables

UTC_ZONE = ZoneInfo('UTC')
_ZONE_NAMES = frozenset(available_timezones()) | {'UTC'}


class Zones:
    """Each site's timezone; times without a site show in the filtered site's zone, else UTC."""

    def __init__(self, sites: list[SiteRead], default_site: int | None = None) -> None:
        self.sites = {site.id: site for site in sites}
        self._zones = {site.id: ZoneInfo(site.timezone) for site in sites}
        self.fallback = self._zones.get(default_site, UTC_ZONE) if default_site is not None else UTC_ZONE

    def zone(self, site_id: int | None) -> ZoneInfo:
        return self._zones.get(site_id, self.fallback) if site_id is not None else self.fallback

    def when(self, moment: datetime | None, site_id: int | None) -> tuple[str, str]:
        """('2 h ago', '2026-11-27 06:28 CET') in the site's timezone."""
        return tables.relative_time(moment, self.zone(site_id))


BROWSER_ZONE_SCRIPT = 'Intl.DateTimeFormat().resolvedOptions().timeZone'
_BROWSER_ZONE_KEY = 'timezone'


def known_viewer_zone(fallback: ZoneInfo) -> ZoneInfo:
    """The viewer's timezone if their browser told it already (``viewer_zone``), else ``fallback``; never waits."""
    known = app.storage.user.get(_BROWSER_ZONE_KEY)
    return ZoneInfo(known) if known in _ZONE_NAMES else fallback


async def viewer_zone(fallback: ZoneInfo) -> ZoneInfo:
    """The timezone of the person looking: their browser's, asked once and kept in the browser session.

    For times that belong to no site (the audit log): a person reads them on their own clock. ``fallback`` (the
    filtered site's zone, else UTC) is used when the browser does not answer or names a zone this server lacks.
    """
    storage = app.storage.user
    known = storage.get(_BROWSER_ZONE_KEY)
    if known is None:
        try:
            known = await ui.run_javascript(BROWSER_ZONE_SCRIPT, timeout=3.0)
        except TimeoutError:  # a browser that does not answer (gone, or scripts blocked): the fallback's clock
            return fallback
        if not isinstance(known, str) or known not in _ZONE_NAMES:
            return fallback
        storage[_BROWSER_ZONE_KEY] = known
    return ZoneInfo(known) if known in _ZONE_NAMES else fallback
