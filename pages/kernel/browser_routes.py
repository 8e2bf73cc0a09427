"""Plain HTTP routes for the signed-in browser: file downloads, exports, map data.

The JSON API wants a bearer token; a browser that follows a link or fetches map data has the session cookie
instead. These routes all answer the same way: the principal is the one the auth middleware verified for this
request, the work runs in one transaction off the event loop, and a refusal is its HTTP status with the reason as
text (JSON for routes the page fetches as JSON).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from app.core.errors import DomainError
from app.core.principal import Principal
from pages.kernel.bridge import in_session
from pages.kernel.session import PRINCIPAL_STATE

Respond = Callable[[Session, Principal], Response]


def request_principal(request: Request) -> Principal | None:
    """The principal the auth middleware verified for this request, or None."""
    return getattr(request.state, PRINCIPAL_STATE, None)


async def answer(request: Request, respond: Respond, *, as_json: bool = False) -> Response:
    """``respond(session, principal)`` for the signed-in browser; refusals become their status.

    Without a signed-in user a link (a download) goes to the login page and comes back; a fetch (``as_json``)
    gets 401, which the page's script can act on.
    """
    principal = request_principal(request)
    if principal is None:
        if as_json:
            return JSONResponse({'detail': 'sign in first'}, status_code=401)
        return RedirectResponse(f'/login?redirect_to={quote(_target(request), safe="")}')
    try:
        return await in_session(lambda session: respond(session, principal))
    except DomainError as error:
        if as_json:
            return JSONResponse({'detail': error.detail}, status_code=error.status)
        return PlainTextResponse(error.detail, status_code=error.status)


def download(content: bytes, media_type: str, file_name: str) -> Response:
    """Bytes the browser saves as ``file_name``."""
    return Response(
        content, media_type=media_type, headers={'Content-Disposition': f'attachment; filename="{file_name}"'}
    )


def stored_file(
    path: Path, media_type: str, *, file_name: str | None = None, inline: bool = True, cache_seconds: int = 300
) -> Response:
    """A stored upload (``cache_seconds=0``: always asked again).

    ``nosniff`` keeps the browser from running an upload as something other than the type it was stored with.
    """
    headers: dict[str, Any] = {
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': f'private, max-age={cache_seconds}',
    }
    return FileResponse(
        path,
        media_type=media_type,
        filename=file_name,
        content_disposition_type='inline' if inline else 'attachment',
        headers=headers,
    )


def _target(request: Request) -> str:
    return request.url.path + (f'?{request.url.query}' if request.url.query else '')
