"""Every role × every core endpoint, with a JWT and with an API key, against the permission table."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from app.core.enums import Role
from app.core.permissions import ROLE_PERMISSIONS, Permission
from tests.support.access import Endpoint, World, assert_answer_follows_the_table, routes_in, routes_of
from tests.support.api import bearer
from tests.support.organizations import Org, make_api_key, make_member, new_password, unique, unique_email
from tests.support.snapshots import CORE

CURRENCIES = itertools.cycle(['USD', 'GBP', 'CHF', 'EUR'])  # each call a change, whatever the last one set
ENDPOINTS = [
    Endpoint('GET', '/organization', Permission.ORGANIZATION_READ),
    Endpoint(
        'PATCH', '/organization', Permission.ORGANIZATION_MANAGE, lambda _: {'currency': next(CURRENCIES)}, 200, True
    ),
    Endpoint('GET', '/sites', Permission.SITES_READ),
    Endpoint('GET', '/sites/{site_id}', Permission.SITES_READ),
    Endpoint('POST', '/sites', Permission.SITES_MANAGE, lambda _: {'name': unique('Plant')}, 201, True),
    Endpoint('PATCH', '/sites/{site_id}', Permission.SITES_MANAGE, lambda _: {'address': unique('Dock')}, 200, True),
    Endpoint('GET', '/users', Permission.USERS_READ),
    Endpoint(
        'POST',
        '/users',
        Permission.USERS_MANAGE,
        lambda _: {'email': unique_email('new'), 'name': 'New Person', 'role': 'viewer', 'password': new_password()},
        201,
        True,
    ),
    Endpoint('GET', '/users/{user_id}', Permission.USERS_READ),
    Endpoint('PATCH', '/users/{user_id}', Permission.USERS_MANAGE, lambda _: {'name': unique('Renamed')}, 200, True),
    Endpoint(
        'POST', '/users/{user_id}/password', Permission.USERS_MANAGE, lambda _: {'password': new_password()}, 200, True
    ),
    Endpoint('GET', '/api-keys', Permission.API_KEYS_MANAGE),
    Endpoint(
        'POST', '/api-keys', Permission.API_KEYS_MANAGE, lambda _: {'name': unique('key'), 'role': 'viewer'}, 201, True
    ),
    Endpoint('DELETE', '/api-keys/{api_key_id}', Permission.API_KEYS_MANAGE, None, 200, True),
    Endpoint('GET', '/audit', Permission.AUDIT_READ),
    Endpoint('GET', '/audit/subjects', Permission.AUDIT_READ),
]


@pytest.fixture(scope='module')
def org_options() -> dict[str, Any]:
    return {'api_keys': True}  # and a JWT per role, as every organisation has


@pytest.mark.parametrize('credential', ['jwt', 'api_key'])
@pytest.mark.parametrize('role', list(Role), ids=str)
@pytest.mark.parametrize('endpoint', ENDPOINTS, ids=str)
def test_role_gets_exactly_what_the_permission_table_grants(
    org: Org, endpoint: Endpoint, role: Role, credential: str
) -> None:
    # Password resets end the target's sessions, so the target is never one of the callers.
    ids = {'site_id': org.site_id, 'user_id': make_member(org).user.id}
    if '{api_key_id}' in endpoint.path:
        ids['api_key_id'] = make_api_key(org, Role.VIEWER)[0]
    token = org.tokens[role] if credential == 'jwt' else org.api_keys[role]
    assert_answer_follows_the_table(endpoint, role, World(org, ids), CORE, headers=bearer(token))


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

    routes = routes_of(router)
    routes.discard(('POST', '/auth/token'))  # the one unauthenticated route
    assert routes == routes_in(ENDPOINTS)
