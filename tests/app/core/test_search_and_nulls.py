"""Search text is literal (no LIKE wildcards), and explicit nulls on required user fields are refused."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.api_app import create_api_app
from app.core.enums import Role
from tests.factories import create_api_key, create_organization


@pytest.fixture
def admin_client(backend: str) -> tuple[TestClient, dict[str, str], dict]:
    organization_id, members = create_organization(roles=[Role.ADMIN, Role.TECHNICIAN])
    _key_id, key = create_api_key(organization_id, Role.ADMIN)
    return TestClient(create_api_app()), {'Authorization': f'Bearer {key}'}, members


def test_percent_and_underscore_in_search_are_literal(admin_client) -> None:
    client, headers, members = admin_client
    everyone = client.get('/api/v1/users', headers=headers).json()['total']
    assert everyone == len(members)
    assert client.get('/api/v1/users', params={'q': '%'}, headers=headers).json()['total'] == 0
    assert client.get('/api/v1/users', params={'q': '_'}, headers=headers).json()['total'] == 0
    assert client.get('/api/v1/audit', params={'actor': '%'}, headers=headers).json()['total'] == 0


@pytest.mark.parametrize('field', ['name', 'role', 'active'])
def test_explicit_null_on_a_required_user_field_is_refused(admin_client, field: str) -> None:
    client, headers, members = admin_client
    technician = members[Role.TECHNICIAN].user
    response = client.patch(f'/api/v1/users/{technician.id}', json={field: None}, headers=headers)
    assert response.status_code == 422
    assert response.json()['errors'][0]['field'] == field
    after = client.get(f'/api/v1/users/{technician.id}', headers=headers).json()
    assert (after['name'], after['role'], after['active']) == (technician.name, 'technician', True)


def test_null_home_site_means_organisation_wide(admin_client) -> None:
    client, headers, members = admin_client
    technician = members[Role.TECHNICIAN].user
    response = client.patch(f'/api/v1/users/{technician.id}', json={'site_id': None}, headers=headers)
    assert response.status_code == 200
    assert response.json()['site_id'] is None
