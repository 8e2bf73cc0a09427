"""The technician's screens: today's work (a technician's start page), and one job worked through on a tablet."""

from app.core.enums import Role
from app.core.permissions import Permission
from pages.kernel.areas import NavEntry, PageArea
from pages.my_work import overview, view  # noqa: F401  their pages are on the router
from pages.my_work.routes import router

EXECUTE = Permission.WORK_ORDERS_EXECUTE

AREA = PageArea(
    router=router,
    nav=(NavEntry('My work', 'construction', '/my-work', EXECUTE, order=50, start_for=(Role.TECHNICIAN,)),),
)
