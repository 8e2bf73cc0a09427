"""Small maps on real tiles: one tile source for every map (the CSP allows exactly this one)."""

from __future__ import annotations

from nicegui import ui

TILE_URL = 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png'
TILE_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'


def mini_map(position: tuple[float, float], *, zoom: int = 15, classes: str = 'w-full h-44') -> ui.leaflet:
    """A non-scrolling map centred on one marker (site cards, an asset's location tab)."""
    site_map = ui.leaflet(center=position, zoom=zoom, options={'scrollWheelZoom': False}).classes(classes)
    site_map.clear_layers()  # NiceGUI's default tile host is not the one the CSP allows
    site_map.tile_layer(url_template=TILE_URL, options={'attribution': TILE_ATTRIBUTION, 'maxZoom': 19})
    site_map.marker(latlng=position)
    return site_map
