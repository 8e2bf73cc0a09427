"""Rules pinned from outside the code that defines them: the lockout count and the role × permission table."""

from __future__ import annotations

import pytest

from app.core.enums import PrincipalKind, Role
from app.core.permissions import Permission, can
from app.core.principal import Principal
from tests.support.api import client
from tests.support.organizations import Org

TOKEN_URL = '/api/v1/auth/token'
A, SU, T, V = 'admin', 'supervisor', 'technician', 'viewer'
EVERYONE = {A, SU, T, V}
# Who holds each permission, written out here; the README's roles table says the same in words.
HOLDERS: dict[str, set[str]] = {
    'organization.read': EVERYONE,
    'organization.manage': {A},
    'sites.read': EVERYONE,
    'sites.manage': {A},
    'users.read': {A, SU},
    'users.manage': {A},
    'api_keys.manage': {A},
    'audit.read': {A},
    'outbox.manage': {A},
    'assets.read': EVERYONE,
    'assets.write': {A, SU},
    'assets.assess': {A, SU, T},
    'assets.import': {A, SU},
    'work_orders.read': EVERYONE,
    'work_orders.request': {A, SU, T},
    'work_orders.execute': {A, SU, T},
    'work_orders.manage': {A, SU},
    'templates.manage': {A, SU},
    'parts.manage': {A, SU},
}


def test_every_permission_is_in_the_table() -> None:
    assert {permission.value for permission in Permission} == set(HOLDERS)


@pytest.mark.parametrize('permission', list(Permission))
def test_each_role_holds_exactly_the_permissions_the_table_gives_it(permission: Permission) -> None:
    holders = {role.value for role in Role if can(_principal(role), permission)}
    assert holders == HOLDERS[permission.value]


@pytest.mark.parametrize('backend', ['sqlite'], indirect=True)
def test_four_wrong_passwords_leave_the_account_open_and_the_fifth_locks_it(org: Org) -> None:
    assert _wrong_then_right(org, Role.VIEWER, wrong=4) == 200
    assert _wrong_then_right(org, Role.TECHNICIAN, wrong=5) == 429  # locked: even the right password is refused


def _wrong_then_right(org: Org, role: Role, *, wrong: int) -> int:
    email = org.users[role].email
    for attempt in range(wrong):
        assert client().post(TOKEN_URL, json={'username': email, 'password': 'wrong'}).status_code == 401, attempt
    return client().post(TOKEN_URL, json={'username': email, 'password': org.members[role].password}).status_code


def _principal(role: Role) -> Principal:
    return Principal(PrincipalKind.USER, 1, 1, role, 'pinned')
