"""Every role × every core endpoint, with a JWT and with an API key, against the permission table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.api_app import create_api_app
from app.core.enums import Role
from app.core.permissions import ROLE_PERMISSIONS, Permission
from tests.factories import (
    add_member,
    bearer,
    create_api_key,
    create_organization,
    create_site,
    for_each_backend,
    get_token,
    new_password,
    organization_state,
    unique,
    unique_email,
)


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    permission: Permission
    body: Callable[[], dict[str, Any]] | None = None
    success: int = 200
    changes_data: bool = field(default=False)

    def __str__(self) -> str:
        return f'{self.method} {self.path}'


ENDPOINTS = [
    Endpoint('GET', '/organization', Permission.ORGANIZATION_READ),
    Endpoint('GET', '/sites', Permission.SITES_READ),
    Endpoint('GET', '/sites/{site_id}', Permission.SITES_READ),
    Endpoint('POST', '/sites', Permission.SITES_MANAGE, lambda: {'name': unique('Plant')}, 201, True),
    Endpoint('PATCH', '/sites/{site_id}', Permission.SITES_MANAGE, lambda: {'address': unique('Dock')}, 200, True),
    Endpoint('GET', '/users', Permission.USERS_READ),
    Endpoint(
        'POST',
        '/users',
        Permission.USERS_MANAGE,
        lambda: {'email': unique_email('new'), 'name': 'New Person', 'role': 'viewer', 'password': new_password()},
        201,
        True,
    ),
    Endpoint('GET', '/users/{user_id}', Permission.USERS_READ),
    Endpoint('PATCH', '/users/{user_id}', Permission.USERS_MANAGE, lambda: {'name': unique('Renamed')}, 200, True),
    Endpoint(
        'POST', '/users/{user_id}/password', Permission.USERS_MANAGE, lambda: {'password': new_password()}, 200, True
    ),
    Endpoint('GET', '/api-keys', Permission.API_KEYS_MANAGE),
    Endpoint(
        'POST', '/api-keys', Permission.API_KEYS_MANAGE, lambda: {'name': unique('key'), 'role': 'viewer'}, 201, True
    ),
    Endpoint('DELETE', '/api-keys/{api_key_id}', Permission.API_KEYS_MANAGE, None, 200, True),
    Endpoint('GET', '/audit', Permission.AUDIT_READ),
]


@dataclass
class Organization:
    id: int
    site_id: int
    target_user_id: int
    tokens: dict[Role, str]
    api_keys: dict[Role, str]


@pytest.fixture(scope='module')
def client() -> TestClient:
    return TestClient(create_api_app())


@pytest.fixture(scope='module')
def organizations(database_urls: dict[str, str], client: TestClient) -> dict[str, Organization]:
    """One organisation per backend with a JWT and an API key per role (logins are slow: made once)."""

    def build() -> Organization:
        organization_id, members = create_organization()
        # Password resets end the target's sessions, so the target is never one of the callers.
        target = add_member(organization_id, Role.TECHNICIAN, password_hash=members[Role.ADMIN].user.password_hash)
        return Organization(
            id=organization_id,
            site_id=create_site(organization_id).id,
            target_user_id=target.user.id,
            tokens={role: get_token(client, m.user.email, m.password) for role, m in members.items()},
            api_keys={role: create_api_key(organization_id, role)[1] for role in Role},
        )

    return for_each_backend(database_urls, build)


@pytest.mark.parametrize('credential', ['jwt', 'api_key'])
@pytest.mark.parametrize('role', list(Role), ids=str)
@pytest.mark.parametrize('endpoint', ENDPOINTS, ids=str)
def test_role_gets_exactly_what_the_permission_table_grants(
    backend: str,
    client: TestClient,
    organizations: dict[str, Organization],
    endpoint: Endpoint,
    role: Role,
    credential: str,
) -> None:
    organization = organizations[backend]
    api_key_id = create_api_key(organization.id, Role.VIEWER)[0] if '{api_key_id}' in endpoint.path else None
    path = '/api/v1' + endpoint.path.format(
        site_id=organization.site_id, user_id=organization.target_user_id, api_key_id=api_key_id
    )
    token = organization.tokens[role] if credential == 'jwt' else organization.api_keys[role]
    before = organization_state(organization.id)

    response = client.request(
        endpoint.method, path, headers=bearer(token), json=endpoint.body() if endpoint.body else None
    )

    after = organization_state(organization.id)
    if endpoint.permission in ROLE_PERMISSIONS[role]:
        assert response.status_code == endpoint.success, response.text
        assert (after != before) is endpoint.changes_data, 'a granted write changes data, a read changes nothing'
    else:
        assert response.status_code == 403, response.text
        assert response.headers['content-type'] == 'application/problem+json'
        assert role.value in response.json()['detail']
        assert after == before, 'a refused request must change nothing'


def test_permission_table_matches_the_documented_roles() -> None:
    # The table above is derived from ROLE_PERMISSIONS; this pins the product decision it encodes.
    assert ROLE_PERMISSIONS[Role.ADMIN] == frozenset(Permission)
    assert Permission.USERS_READ in ROLE_PERMISSIONS[Role.SUPERVISOR]
    for role in (Role.SUPERVISOR, Role.TECHNICIAN, Role.VIEWER):
        assert (
            not {Permission.USERS_MANAGE, Permission.API_KEYS_MANAGE, Permission.AUDIT_READ, Permission.SITES_MANAGE}
            & ROLE_PERMISSIONS[role]
        )
    assert Permission.USERS_READ not in ROLE_PERMISSIONS[Role.TECHNICIAN] | ROLE_PERMISSIONS[Role.VIEWER]


def test_every_core_route_is_in_the_permission_matrix() -> None:
    from app.core.api import router

    routes = {(method, route.path) for route in router.routes for method in route.methods}
    routes.discard(('POST', '/auth/token'))  # the one unauthenticated route
    assert routes == {(e.method, e.path) for e in ENDPOINTS}
