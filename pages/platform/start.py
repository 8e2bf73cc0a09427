"""``/``: where a sign-in lands (the login page's default) and where the logo leads — each role's own start page.

The page areas name it (``NavEntry.start_for``): a technician starts at My work, a supervisor, an admin and a viewer
at "needs attention". A redirect rather than a page, so the address and the drawer show where one is.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from pages.kernel.areas import start_path
from pages.kernel.browser_routes import request_principal
from pages.platform.routes import router


@router.get('/', include_in_schema=False)
async def start_page(request: Request) -> Response:
    principal = request_principal(request)
    if principal is None:  # the sign-in guard sends strangers to the login page before this runs
        return RedirectResponse('/login')
    return RedirectResponse(start_path(principal), status_code=303)
