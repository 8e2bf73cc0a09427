"""The parts catalogue with stock per site."""

from app.core.permissions import Permission
from pages.inventory import parts  # noqa: F401  its page is on the router
from pages.inventory.routes import router
from pages.kernel.areas import NavEntry, PageArea

AREA = PageArea(router=router, nav=(NavEntry('Parts', 'inventory_2', '/parts', Permission.WORK_ORDERS_READ, order=70),))
