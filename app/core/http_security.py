"""Security headers on every response: CSP that NiceGUI's pages work under, nosniff, HSTS in production."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.api_support import send_problem


# NiceGUI renders Vue templates in the browser (needs 'unsafe-eval') and boots from an inline script.
# Map tiles are the one outside resource (CMMS_MAP_TILE_URL's host): the app serves every script, style and font
# itself, so that it works on a plant network without internet (the floor-plan view needs no tiles either).
def content_security_policy(tile_source: str | None) -> str:
    return '; '.join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:" + (f' {tile_source}' if tile_source else ''),
            "font-src 'self' data:",
            "connect-src 'self' ws: wss:",
            "media-src 'self' blob:",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, production: bool, tile_source: str | None = None) -> None:
        self.app = app
        self.production = production
        self.policy = content_security_policy(tile_source)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http':
            await self.app(scope, receive, send)
            return

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message['type'] == 'http.response.start':
                started = True
                headers = MutableHeaders(scope=message)
                headers.setdefault('Content-Security-Policy', self.policy)
                headers['X-Content-Type-Options'] = 'nosniff'
                headers['X-Frame-Options'] = 'DENY'
                headers['Referrer-Policy'] = 'same-origin'
                headers['Permissions-Policy'] = 'camera=(self), geolocation=(self), microphone=()'
                if self.production:
                    headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains'
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # Starlette's error middleware sits outside this one and would answer a crash with a bare 500 without
            # these headers: answer it here, then let the error go on to be logged (nothing more is sent for it).
            if not started:
                await send_problem(send_with_headers, 500, 'Internal server error', 'the server failed; it is logged')
            raise
