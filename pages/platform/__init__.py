"""Signing in and out, the start page every sign-in goes to (``/`` sends each role to its own), the "needs
attention" page and the organisation's sites."""

from app.core.enums import Role
from app.core.permissions import Permission
from pages.kernel.areas import NavEntry, PageArea
from pages.platform import attention, login, sites, start  # noqa: F401  their pages are on the router
from pages.platform.routes import router

AREA = PageArea(
    router=router,
    nav=(
        # Supervisors (and admins) start with what is wrong; viewers too, read-only. Technicians start at My work.
        NavEntry(
            'Needs attention',
            'notification_important',
            '/attention',
            Permission.ORGANIZATION_READ,
            order=5,
            start_for=(Role.ADMIN, Role.SUPERVISOR, Role.VIEWER),
        ),
        NavEntry('Sites', 'factory', '/sites', Permission.SITES_READ, order=10),
    ),
)
