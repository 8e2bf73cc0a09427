"""Search text is literal (no LIKE wildcards), and explicit nulls on required user fields are refused."""

from __future__ import annotations

import pytest

from app.core.enums import Role
from tests.support.api import client
from tests.support.organizations import Org, make_org


@pytest.fixture
def org(backend: str) -> Org:
    """A fresh organisation per test, with only these two people: the search below counts them."""
    return make_org(roles=[Role.ADMIN, Role.TECHNICIAN], sites=0, api_keys=True)


def test_percent_and_underscore_in_search_are_literal(org: Org) -> None:
    headers = org.headers(Role.ADMIN)
    everyone = client().get('/api/v1/users', headers=headers).json()['total']
    assert everyone == len(org.members)
    assert client().get('/api/v1/users', params={'q': '%'}, headers=headers).json()['total'] == 0
    assert client().get('/api/v1/users', params={'q': '_'}, headers=headers).json()['total'] == 0
    assert client().get('/api/v1/audit', params={'actor': '%'}, headers=headers).json()['total'] == 0


@pytest.mark.parametrize('field', ['name', 'role', 'active'])
def test_explicit_null_on_a_required_user_field_is_refused(org: Org, field: str) -> None:
    headers, technician = org.headers(Role.ADMIN), org.users[Role.TECHNICIAN]
    response = client().patch(f'/api/v1/users/{technician.id}', json={field: None}, headers=headers)
    assert response.status_code == 422
    assert response.json()['errors'][0]['field'] == field
    after = client().get(f'/api/v1/users/{technician.id}', headers=headers).json()
    assert (after['name'], after['role'], after['active']) == (technician.name, 'technician', True)


def test_null_home_site_means_organisation_wide(org: Org) -> None:
    headers, technician = org.headers(Role.ADMIN), org.users[Role.TECHNICIAN]
    response = client().patch(f'/api/v1/users/{technician.id}', json={'site_id': None}, headers=headers)
    assert response.status_code == 200
    assert response.json()['site_id'] is None
