"""Scheduling pages: a site's working calendar (reached from Admin → Sites); the plans and the calendar build on it."""

from pages.kernel.areas import PageArea
from pages.maintenance import site_calendar  # noqa: F401  its page is on the router
from pages.maintenance.routes import router

AREA = PageArea(router=router)
