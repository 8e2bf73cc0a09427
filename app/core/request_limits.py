"""Request bodies are refused before they are read: too large, or sent to the JSON API without credentials.

Without this a server reads any body in full before it can answer (four 100 MB POSTs without credentials took one
process from 442 MB to 1,009 MB). Rules, in this order:

- A body sent to ``/api/v1`` without an ``Authorization`` header (the login route aside) is 401 at once, unread:
  nobody may make the server hold what an anonymous client sends. A body with credentials that turn out wrong is
  read up to the limit below before its 401 — the price of checking credentials in the route, where every other
  refusal is decided.
- ``CMMS_MAX_BODY_BYTES`` (1 MiB) bounds every body, ``CMMS_MAX_UPLOAD_BYTES`` (25 MiB) a multipart one (file
  uploads: photos, attachments, floor plans, imports; each route still checks its own file limit). A declared
  ``Content-Length`` over the limit is 413 before reading; a chunked body is counted as it arrives and cut off
  with 413 the moment it passes the limit.

The answers are the API's problem documents (``application/problem+json``), for the pages' routes too.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.api_support import send_problem

PUBLIC_BODY_PATHS = frozenset({'/api/v1/auth/token'})
API_PREFIX = '/api/v1/'


class RequestLimitsMiddleware:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http':
            await self.app(scope, receive, send)
            return
        headers = {name.lower(): value for name, value in scope['headers']}
        declared = _content_length(headers)
        has_body = bool(declared) or (declared is None and b'transfer-encoding' in headers)
        path = scope['path']
        anonymous = b'authorization' not in headers and path not in PUBLIC_BODY_PATHS
        if has_body and anonymous and path.startswith(API_PREFIX):
            await send_problem(send, 401, 'Unauthorized', 'send credentials: Authorization: Bearer <API key or token>')
            return
        multipart = headers.get(b'content-type', b'').startswith(b'multipart/form-data')
        limit = self.max_upload_bytes if multipart else self.max_body_bytes
        if declared is not None and declared > limit:
            await send_problem(send, 413, 'Content too large', _too_large(limit, multipart))
            return
        received = 0
        started = refused = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {'type': 'http.disconnect'}
            message = await receive()
            if message['type'] == 'http.request':
                received += len(message.get('body', b''))
                if received > limit and not started:
                    # Answer now and tell the app the client left: it stops reading, and what it still sends is
                    # dropped below (raising here instead would be caught by the body parser as a 400).
                    refused = True
                    await send_problem(send, 413, 'Content too large', _too_large(limit, multipart))
                    return {'type': 'http.disconnect'}
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            started = started or message['type'] == 'http.response.start'
            await send(message)

        await self.app(scope, counting_receive, watching_send)


def _content_length(headers: dict[bytes, bytes]) -> int | None:
    value = headers.get(b'content-length')
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def _too_large(limit: int, multipart: bool) -> str:
    what = 'an upload' if multipart else 'a request body'
    return f'{what} may be at most {limit / 1024 / 1024:g} MiB'
