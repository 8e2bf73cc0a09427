"""Login lockout after 5 wrong passwords, unlock by an admin's reset, and the per-address throttle."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.api_app import create_api_app
from app.core.auth import LOCKOUT, MAX_FAILED_ATTEMPTS, MAX_FAILURES_PER_ADDRESS
from app.core.db import session_scope
from app.core.enums import AuditAction, Role
from app.core.models import AuditEntry
from tests.support.api import TOKEN_URL, bearer
from tests.support.organizations import Org, make_member, new_password, unique_email


@pytest.fixture(scope='module')
def org_options() -> dict[str, Any]:
    return {'roles': [Role.ADMIN], 'api_keys': True}


@pytest.fixture(scope='module')
def app() -> FastAPI:
    return create_api_app()


@pytest.fixture
def address() -> str:
    """An address of this test's own: the throttle counts failures per address across the whole backend."""
    octets = uuid.uuid4().bytes[:3]
    return f'10.{octets[0]}.{octets[1]}.{octets[2]}'


@pytest.fixture
def client(app: FastAPI, address: str) -> TestClient:
    """A client of its own address (the API's shared client would pool every test's failures in one address)."""
    return TestClient(app, client=(address, 50000))


def login(client: TestClient, email: str, password: str):
    return client.post(TOKEN_URL, json={'username': email, 'password': password})


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(
    client: TestClient, address: str, org: Org
) -> None:
    member = make_member(org)
    for _ in range(MAX_FAILED_ATTEMPTS):
        response = login(client, member.user.email, 'wrong-password-guess')
        assert response.status_code == 401
        assert response.json()['detail'] == 'wrong email or password'

    locked = login(client, member.user.email, member.password)

    assert locked.status_code == 429, locked.text
    assert locked.headers['content-type'] == 'application/problem+json'
    assert 0 < int(locked.headers['retry-after']) <= LOCKOUT.total_seconds() + 1
    assert 'locked' in locked.json()['detail']
    account = organization_admin_get(client, org, f'/api/v1/users/{member.user.id}')
    assert account['locked_until'] is not None
    entries = organization_admin_get(
        client, org, '/api/v1/audit', action='account_locked', entity_id=str(member.user.id)
    )['items']
    assert len(entries) == 1
    assert entries[0]['entity_type'] == 'user'
    assert member.user.email in entries[0]['summary']
    assert entries[0]['client_address'] == address
    failures = organization_admin_get(client, org, '/api/v1/audit', action='login_failed', q=member.user.email)
    assert failures['total'] == MAX_FAILED_ATTEMPTS + 1  # the refused right password counts as a failure too


def test_admin_password_reset_unlocks_the_account(client: TestClient, org: Org) -> None:
    member = make_member(org)
    for _ in range(MAX_FAILED_ATTEMPTS):
        login(client, member.user.email, 'wrong-password-guess')
    assert login(client, member.user.email, member.password).status_code == 429

    password = new_password()
    reset = client.post(
        f'/api/v1/users/{member.user.id}/password', json={'password': password}, headers=org.headers(Role.ADMIN)
    )

    assert reset.status_code == 200
    assert reset.json()['locked_until'] is None
    response = login(client, member.user.email, password)
    assert response.status_code == 200, response.text
    assert client.get('/api/v1/sites', headers=bearer(response.json()['access_token'])).status_code == 200


def test_a_successful_login_clears_earlier_failures(client: TestClient, org: Org) -> None:
    member = make_member(org)
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        assert login(client, member.user.email, 'wrong-password-guess').status_code == 401
    assert login(client, member.user.email, member.password).status_code == 200
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        assert login(client, member.user.email, 'wrong-password-guess').status_code == 401
    assert login(client, member.user.email, member.password).status_code == 200


def test_many_failures_from_one_address_throttle_it_for_every_account(
    app: FastAPI, client: TestClient, address: str, org: Org
) -> None:
    member = make_member(org)
    for _ in range(MAX_FAILURES_PER_ADDRESS):
        assert login(client, unique_email('guess'), 'wrong-password-guess').status_code == 401

    throttled = login(client, member.user.email, member.password)

    assert throttled.status_code == 429, throttled.text
    assert int(throttled.headers['retry-after']) > 0
    assert 'address' in throttled.json()['detail']
    with session_scope() as session:
        throttle_entries = session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == AuditAction.LOGIN_THROTTLED, AuditEntry.client_address == address
            )
        ).all()
    assert len(throttle_entries) == 1
    # The account itself is fine: the same person from another address gets in.
    other_client = TestClient(app, client=('10.255.255.254', 50000))
    assert login(other_client, member.user.email, member.password).status_code == 200


def organization_admin_get(client: TestClient, org: Org, path: str, **params: str) -> dict:
    response = client.get(path, params=params, headers=org.headers(Role.ADMIN))
    assert response.status_code == 200, response.text
    return response.json()
