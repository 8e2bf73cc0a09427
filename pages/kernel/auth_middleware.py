"""Every page needs a signed-in, active user; everyone else goes to /login and comes back afterwards."""

from __future__ import annotations

from functools import partial
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

from app.core.auth import cached_session_principal, session_principal
from pages.kernel.session import PRINCIPAL_STATE, sign_out, signed_in_user

PUBLIC_PATHS = frozenset({'/login', '/logout'})
PUBLIC_PREFIXES = ('/_nicegui', '/static/')


class AuthMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        path = request.url.path
        if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
            return await call_next(request)
        session = signed_in_user()
        principal = None
        if session is not None:
            user_id, session_version = session
            address = request.client.host if request.client else None
            # A page load fetches several resources: the recently checked session is answered on the event loop.
            principal = cached_session_principal(
                user_id=user_id, session_version=session_version, client_address=address
            ) or await run_in_threadpool(
                partial(session_principal, user_id=user_id, session_version=session_version, client_address=address)
            )
            if principal is None:  # deactivated, password reset or logged out elsewhere
                sign_out()
        if principal is None:
            target = path + (f'?{request.url.query}' if request.url.query else '')
            return RedirectResponse(f'/login?redirect_to={quote(target, safe="")}')
        setattr(request.state, PRINCIPAL_STATE, principal)
        return await call_next(request)


def install_auth_middleware(app: FastAPI) -> None:
    app.add_middleware(AuthMiddleware)
