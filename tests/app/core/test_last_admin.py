"""The last active admin of an organisation cannot be demoted or deactivated, whether a person or an API key asks."""

from __future__ import annotations

import pytest

from app.core.enums import Role
from tests.support.api import client, error_fields
from tests.support.organizations import Org, make_member, make_org


@pytest.fixture
def org(backend: str) -> Org:
    """One admin only, and an admin API key (made by the system, so no person stands behind it)."""
    return make_org(roles=[Role.ADMIN, Role.TECHNICIAN], sites=0, api_keys=True)


@pytest.mark.parametrize(('change', 'field'), [({'role': 'supervisor'}, 'role'), ({'active': False}, 'active')])
def test_an_admin_api_key_cannot_remove_the_last_admin(org: Org, change: dict, field: str) -> None:
    admin = org.users[Role.ADMIN]
    response = client().patch(f'/api/v1/users/{admin.id}', json=change, headers=org.headers(Role.ADMIN))

    assert error_fields(response) == [field]
    assert 'at least one active admin' in response.json()['errors'][0]['message']
    after = client().get(f'/api/v1/users/{admin.id}', headers=org.headers(Role.ADMIN)).json()
    assert (after['role'], after['active']) == ('admin', True)


def test_with_a_second_admin_the_first_may_be_demoted_and_then_the_second_is_kept(org: Org) -> None:
    second = make_member(org, Role.ADMIN)
    first = org.users[Role.ADMIN]
    headers = org.headers(Role.ADMIN)

    demoted = client().patch(f'/api/v1/users/{first.id}', json={'role': 'supervisor'}, headers=headers)
    assert demoted.status_code == 200, demoted.text
    refused = client().patch(f'/api/v1/users/{second.user.id}', json={'active': False}, headers=headers)
    assert error_fields(refused) == ['active']


def test_an_inactive_admin_does_not_count_as_the_one_kept(org: Org) -> None:
    dormant = make_member(org, Role.ADMIN)
    headers = org.headers(Role.ADMIN)
    deactivated = client().patch(f'/api/v1/users/{dormant.user.id}', json={'active': False}, headers=headers)
    assert deactivated.status_code == 200

    response = client().patch(f'/api/v1/users/{org.users[Role.ADMIN].id}', json={'active': False}, headers=headers)
    assert error_fields(response) == ['active']
