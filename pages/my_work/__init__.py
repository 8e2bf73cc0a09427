"""The technician's screens: today's work, and one job worked through on a tablet."""

from app.core.permissions import Permission
from pages.kernel.areas import NavEntry, PageArea
from pages.my_work import overview, view  # noqa: F401  their pages are on the router
from pages.my_work.routes import router

AREA = PageArea(
    router=router,
    nav=(NavEntry('My work', 'construction', '/my-work', Permission.WORK_ORDERS_EXECUTE, order=50),),
)
