"""Showing times where they happened: each site's timezone, and the filtered site's (else UTC) for the rest."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from app.core.schemas import SiteRead
from components import tables

UTC_ZONE = ZoneInfo('UTC')


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
