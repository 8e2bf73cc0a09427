"""What every JSON route shares: RFC 9457 problem responses, the acting principal, paging parameters."""

from __future__ import annotations

import logging
from functools import partial
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

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

PROBLEM_RESPONSES = {
    401: {'description': 'No or bad credentials', 'content': {PROBLEM_JSON: {}}},
    403: {'description': 'Role not allowed', 'content': {PROBLEM_JSON: {}}},
    404: {'description': "Unknown, or another organisation's, object", 'content': {PROBLEM_JSON: {}}},
    422: {'description': 'Bad input; `errors` names each field', 'content': {PROBLEM_JSON: {}}},
}


def conflict_response(description: str) -> dict:
    """The OpenAPI entry of a route's 409 answer."""
    return {409: {'description': description, 'content': {PROBLEM_JSON: {}}}}


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
