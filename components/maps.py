"""Small maps on real tiles: one tile source for every map, CMMS_MAP_TILE_URL (the CSP allows exactly its host)."""

from __future__ import annotations

from urllib.parse import urlsplit

from nicegui import ui

from app.core.config import get_settings


def tile_url() -> str:
    """The Leaflet URL template of the tiles; empty when the plant runs without a tile server."""
    return get_settings().map_tile_url


def tile_attribution() -> str:
    return get_settings().map_tile_attribution


def tile_host() -> str:
    """Where tiles come from, in words for the notice when they fail ('this server' for a relative URL)."""
    return (urlsplit(tile_url()).hostname or 'this server').replace('{s}.', '')


def mini_map(position: tuple[float, float], *, zoom: int = 15, classes: str = 'w-full h-44') -> ui.leaflet:
    """A non-scrolling map centred on one marker (site cards, an asset's location tab)."""
    site_map = ui.leaflet(center=position, zoom=zoom, options={'scrollWheelZoom': False}).classes(classes)
    site_map.clear_layers()  # NiceGUI's default tile host is not the one the CSP allows
    if tile_url():
        site_map.tile_layer(url_template=tile_url(), options={'attribution': tile_attribution(), 'maxZoom': 19})
    site_map.marker(latlng=position)
    return site_map
