"""API keys may expire: refused (401) from their expiry on, even from the principal cache; without an expiry a key
works until revoked, and it outlives the admin who created it."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from app.core.db import utcnow
from app.core.enums import Role
from tests.support.api import bearer, client, error_fields, log_in
from tests.support.organizations import Org, make_member, make_org

SITES = '/api/v1/sites'
KEYS = '/api/v1/api-keys'


@pytest.fixture
def org(backend: str) -> Org:
    return make_org(roles=[Role.ADMIN], sites=0)


def create_key(org: Org, headers: dict[str, str] | None = None, **fields) -> dict:
    body = {'name': 'Meter gateway', 'role': 'viewer', **fields}
    response = client().post(KEYS, json=body, headers=headers or org.headers(Role.ADMIN))
    assert response.status_code == 201, response.text
    return response.json()


def test_a_key_stops_working_at_its_expiry_even_while_it_is_cached(org: Org) -> None:
    expires_at = utcnow() + timedelta(seconds=2)
    created = create_key(org, expires_at=expires_at.isoformat())
    assert created['expires_at'] is not None
    assert client().get(SITES, headers=bearer(created['key'])).status_code == 200  # now in the principal cache

    time.sleep(max(0.0, (expires_at - utcnow()).total_seconds()) + 0.2)

    refused = client().get(SITES, headers=bearer(created['key']))
    assert refused.status_code == 401
    assert 'expired' in refused.json()['detail']
    listed = client().get(KEYS, headers=org.headers(Role.ADMIN)).json()['items']
    assert [key['expires_at'] for key in listed if key['id'] == created['id']] != [None]


def test_an_expiry_in_the_past_is_refused_naming_the_field(org: Org) -> None:
    response = client().post(
        KEYS,
        json={'name': 'Late', 'role': 'viewer', 'expires_at': (utcnow() - timedelta(minutes=1)).isoformat()},
        headers=org.headers(Role.ADMIN),
    )
    assert error_fields(response) == ['expires_at']


def test_a_key_without_expiry_outlives_the_admin_who_created_it(org: Org) -> None:
    creator = make_member(org, Role.ADMIN)
    created = create_key(org, headers=bearer(log_in(creator.user.email, creator.password)))
    assert created['expires_at'] is None

    deactivated = client().patch(
        f'/api/v1/users/{creator.user.id}', json={'active': False}, headers=org.headers(Role.ADMIN)
    )
    assert deactivated.status_code == 200, deactivated.text

    assert client().get(SITES, headers=bearer(created['key'])).status_code == 200
