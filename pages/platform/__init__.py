"""Signing in and out, and the start page with the organisation's sites."""

from app.core.permissions import Permission
from pages.kernel.areas import NavEntry, PageArea
from pages.platform import home, login  # noqa: F401  their pages are on the router
from pages.platform.routes import router

AREA = PageArea(router=router, nav=(NavEntry('Sites', 'factory', '/', Permission.SITES_READ, order=10),))
