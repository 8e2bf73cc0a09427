"""The JSON API as tests call it: one TestClient over the whole API app, bearer headers, logging in for a real
JWT, and the problem-detail (RFC 9457) answers every refusal must be."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from fastapi.testclient import TestClient
from httpx import Response

from app.core.enums import Role

if TYPE_CHECKING:
    from tests.support.organizations import Org

API = '/api/v1'
TOKEN_URL = f'{API}/auth/token'
PROBLEM_JSON = 'application/problem+json'


@cache
def client() -> TestClient:
    """The one TestClient (no lifespan: the scheduler stays off), made on first use."""
    from app.api_app import create_api_app  # only the API tests need the whole app

    return TestClient(create_api_app())


def bearer(token: str) -> dict[str, str]:
    return {'Authorization': f'Bearer {token}'}


def api_call(
    org: Org, method: str, path: str, role: Role = Role.SUPERVISOR, *, headers: dict[str, str] | None = None, **kwargs
) -> Response:
    """``method`` on ``/api/v1`` + ``path`` acting as ``role`` of the organisation (``org.headers``)."""
    return client().request(method, API + path, headers={**org.headers(role), **(headers or {})}, **kwargs)


def log_in(email: str, password: str) -> str:
    """A JWT from the real login endpoint (which leaves a login entry in the audit log)."""
    response = client().post(TOKEN_URL, json={'username': email, 'password': password})
    assert response.status_code == 200, response.text
    return response.json()['access_token']


def problem(response: Response, status: int) -> dict[str, Any]:
    """Assert a problem-detail answer with ``status``; returns its body."""
    assert response.status_code == status, response.text
    assert response.headers['content-type'] == PROBLEM_JSON
    body = response.json()
    assert {'type', 'title', 'status', 'detail'} <= body.keys(), body
    assert body['status'] == status and body['title'] and body['detail'], body
    return body


def error_fields(response: Response) -> list[str]:
    """Assert a 422 problem whose errors each have a message; returns the fields they name, in order."""
    errors = problem(response, 422)['errors']
    assert all(e['message'] for e in errors), errors
    return [e['field'] for e in errors]
