"""The asset register's pages: the list, one asset with its tabs, import, labels, the QR scanner and the map; and
its share of the "needs attention" page (assets down) and of the top bar's search."""

from app.core.permissions import Permission
from pages.assets import detail, importer, labels, list_page, map, records, scan, search, tabs  # noqa: F401  pages on the router
from pages.assets.routes import router
from pages.kernel.areas import AttentionPanel, DetailTab, NavEntry, PageArea, SearchProvider

AREA = PageArea(
    router=router,
    nav=(
        NavEntry('Assets', 'precision_manufacturing', '/assets', Permission.ASSETS_READ, order=20),
        NavEntry('Scan', 'qr_code_scanner', '/scan', Permission.ASSETS_READ, order=30),
        NavEntry('Map', 'map', '/map', Permission.ASSETS_READ, order=40),
    ),
    tabs=(
        DetailTab('asset', 'overview', 'Overview', 'info', tabs.overview_tab, order=10),
        DetailTab('asset', 'location', 'Location', 'place', tabs.location_tab, order=20),
        DetailTab('asset', 'hierarchy', 'Hierarchy', 'account_tree', tabs.hierarchy_tab, order=30),
        DetailTab('asset', 'meters', 'Meters', 'speed', records.meters_tab, order=40),
        DetailTab('asset', 'files', 'Files', 'attach_file', records.files_tab, order=80),
        DetailTab('asset', 'history', 'History', 'history', tabs.history_tab, order=90),
    ),
    attention=(AttentionPanel('assets_down', search.assets_down, 20, Permission.ASSETS_READ),),
    search=(SearchProvider('assets', search.search_assets, 10, Permission.ASSETS_READ),),
)
