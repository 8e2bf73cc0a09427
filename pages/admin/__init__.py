"""The admin pages: users, sites, API keys, the audit log and outgoing deliveries."""

from app.core.permissions import Permission
from pages.admin import api_keys, audit, deliveries, overview, sites, users  # noqa: F401  their pages are on the router
from pages.admin.routes import router
from pages.kernel.areas import NavEntry, PageArea

AREA = PageArea(
    router=router, nav=(NavEntry('Admin', 'admin_panel_settings', '/admin', Permission.USERS_MANAGE, order=90),)
)
