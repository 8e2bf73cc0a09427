"""What every JSON route shares: RFC 9457 problem responses, the acting principal, paging parameters."""

from __future__ import annotations

import json
import logging
from functools import partial
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Send

from app.core.auth import authenticate_bearer, cached_bearer_principal
from app.core.errors import DomainError, FieldError, Throttled, Unauthorized, ValidationFailed
from app.core.principal import Principal
from app.core.schemas import field_errors

log = logging.getLogger(__name__)
PROBLEM_JSON = 'application/problem+json'
PROBLEM_TYPE_BASE = 'https://cmms-hub.dev/problems/'

_bearer = HTTPBearer(auto_error=False, description='An API key (cmms_...) or a JWT from POST /api/v1/auth/token')


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


async def current_principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Principal:
    """The caller behind the ``Authorization: Bearer`` header. Async, so that a recently seen token (the usual
    case for an integration) is answered from memory without a hop to the thread pool."""
    if credentials is None or credentials.scheme.lower() != 'bearer' or not credentials.credentials:
        raise Unauthorized('send an API key or access token as "Authorization: Bearer <token>"')
    token, address = credentials.credentials, client_address(request)
    if (principal := cached_bearer_principal(token, address)) is not None:
        return principal
    return await run_in_threadpool(partial(authenticate_bearer, token=token, client_address=address))


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]

# Every error answer is a problem document (RFC 9457); the schema is a component of the OpenAPI document
# (``install_problem_schema``), so clients and schemathesis can check error bodies as well as successes.
PROBLEM_SCHEMA = {
    'type': 'object',
    'required': ['type', 'title', 'status', 'detail'],
    'properties': {
        'type': {'type': 'string', 'format': 'uri'},
        'title': {'type': 'string'},
        'status': {'type': 'integer', 'minimum': 400, 'maximum': 599},
        'detail': {'type': 'string'},
        'errors': {
            'type': 'array',
            'description': 'One entry per bad field (422)',
            'items': {
                'type': 'object',
                'required': ['field', 'message'],
                'properties': {'field': {'type': 'string'}, 'message': {'type': 'string'}},
            },
        },
    },
}
_PROBLEM_CONTENT = {PROBLEM_JSON: {'schema': {'$ref': '#/components/schemas/Problem'}}}


def problem_response(description: str) -> dict:
    return {'description': description, 'content': _PROBLEM_CONTENT}


PROBLEM_RESPONSES = {
    400: problem_response('Malformed request (e.g. a broken multipart body)'),
    401: problem_response('No or bad credentials'),
    403: problem_response('Role not allowed'),
    404: problem_response("Unknown, or another organisation's, object"),
    413: problem_response('Body larger than CMMS_MAX_BODY_BYTES (uploads: CMMS_MAX_UPLOAD_BYTES)'),
    422: problem_response('Bad input; `errors` names each field'),
}


def conflict_response(description: str) -> dict:
    """The OpenAPI entry of a route's 409 answer."""
    return {409: problem_response(description)}


def install_problem_schema(app: FastAPI) -> None:
    """Add the ``Problem`` schema the error responses refer to, once, when the OpenAPI document is built."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            document = build()
            document.setdefault('components', {}).setdefault('schemas', {})['Problem'] = PROBLEM_SCHEMA
        return app.openapi_schema

    app.openapi = openapi


def problem(
    status: int, title: str, detail: str, errors: list[FieldError] | None = None, headers: dict | None = None
) -> JSONResponse:
    body = {
        'type': PROBLEM_TYPE_BASE + title.lower().replace(' ', '-'),
        'title': title,
        'status': status,
        'detail': detail,
    }
    if errors is not None:
        body['errors'] = [{'field': e.field, 'message': e.message} for e in errors]
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


async def send_problem(send: Send, status: int, title: str, detail: str) -> None:
    """A problem document straight onto the ASGI channel, for middleware that answers before (or instead of) the
    app: an oversized or anonymous body, a crash."""
    kind = PROBLEM_TYPE_BASE + title.lower().replace(' ', '-')
    body = json.dumps({'type': kind, 'title': title, 'status': status, 'detail': detail}).encode()
    headers = [(b'content-type', PROBLEM_JSON.encode()), (b'content-length', str(len(body)).encode())]
    if status == 401:
        headers.append((b'www-authenticate', b'Bearer'))
    await send({'type': 'http.response.start', 'status': status, 'headers': headers})
    await send({'type': 'http.response.body', 'body': body})


def install_problem_handlers(app: FastAPI) -> None:
    """Every error of the JSON API leaves as application/problem+json."""

    @app.exception_handler(DomainError)
    async def _domain_error(_request: Request, exc: DomainError) -> JSONResponse:
        headers = {'WWW-Authenticate': 'Bearer'} if exc.status == 401 else None
        if isinstance(exc, Throttled):
            headers = {'Retry-After': str(exc.retry_after_seconds)}
        errors = exc.errors if isinstance(exc, ValidationFailed) else None
        return problem(exc.status, exc.title, exc.detail, errors, headers)

    @app.exception_handler(RequestValidationError)
    async def _request_validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = field_errors(exc)  # same shape as pydantic's ValidationError
        return problem(422, 'Validation failed', '; '.join(f'{e.field}: {e.message}' for e in errors), errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        title = {404: 'Not found', 405: 'Method not allowed'}.get(exc.status_code, 'Error')
        return problem(exc.status_code, title, str(exc.detail), headers=getattr(exc, 'headers', None))
