"""The parts catalogue with stock per site; and its share of the "needs attention" page (low stock) and of the top
bar's search."""

from app.core.permissions import Permission
from pages.inventory import parts, search  # noqa: F401  its page is on the router
from pages.inventory.routes import router
from pages.kernel.areas import AttentionPanel, NavEntry, PageArea, SearchProvider

AREA = PageArea(
    router=router,
    nav=(NavEntry('Parts', 'inventory_2', '/parts', Permission.WORK_ORDERS_READ, order=70),),
    attention=(AttentionPanel('low_stock', search.low_stock, 40, Permission.WORK_ORDERS_READ),),
    search=(SearchProvider('parts', search.search_parts, 30, Permission.WORK_ORDERS_READ),),
)
