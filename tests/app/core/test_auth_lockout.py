"""Login lockout after 5 wrong passwords, unlock by an admin's reset, and the per-address throttle."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.api_app import create_api_app
from app.core.auth import LOCKOUT, MAX_FAILED_ATTEMPTS, MAX_FAILURES_PER_ADDRESS
from app.core.db import session_scope
from app.core.enums import AuditAction, Role
from app.core.models import AuditEntry
from tests.factories import (
    TOKEN_URL,
    Member,
    add_member,
    bearer,
    create_api_key,
    create_organization,
    for_each_backend,
    new_password,
    unique_email,
)


@dataclass
class Organization:
    id: int
    admin_headers: dict[str, str]
    password: str
    password_hash: str

    def new_member(self) -> Member:
        return add_member(self.id, Role.TECHNICIAN, password=self.password, password_hash=self.password_hash)


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
    return TestClient(app, client=(address, 50000))


@pytest.fixture(scope='module')
def organizations(database_urls: dict[str, str]) -> dict[str, Organization]:
    def build() -> Organization:
        organization_id, members = create_organization(roles=[Role.ADMIN])
        admin = members[Role.ADMIN]
        admin_headers = bearer(create_api_key(organization_id, Role.ADMIN)[1])
        return Organization(organization_id, admin_headers, admin.password, admin.user.password_hash)

    return for_each_backend(database_urls, build)


@pytest.fixture
def organization(backend: str, organizations: dict[str, Organization]) -> Organization:
    return organizations[backend]


def login(client: TestClient, email: str, password: str):
    return client.post(TOKEN_URL, json={'username': email, 'password': password})


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(
    client: TestClient, address: str, organization: Organization
) -> None:
    member = organization.new_member()
    for _ in range(MAX_FAILED_ATTEMPTS):
        response = login(client, member.user.email, 'wrong-password-guess')
        assert response.status_code == 401
        assert response.json()['detail'] == 'wrong email or password'

    locked = login(client, member.user.email, member.password)

    assert locked.status_code == 429, locked.text
    assert locked.headers['content-type'] == 'application/problem+json'
    assert 0 < int(locked.headers['retry-after']) <= LOCKOUT.total_seconds() + 1
    assert 'locked' in locked.json()['detail']
    account = organization_admin_get(client, organization, f'/api/v1/users/{member.user.id}')
    assert account['locked_until'] is not None
    entries = organization_admin_get(
        client, organization, '/api/v1/audit', action='account_locked', entity_id=str(member.user.id)
    )['items']
    assert len(entries) == 1
    assert entries[0]['entity_type'] == 'user'
    assert member.user.email in entries[0]['summary']
    assert entries[0]['client_address'] == address
    failures = organization_admin_get(client, organization, '/api/v1/audit', action='login_failed', q=member.user.email)
    assert failures['total'] == MAX_FAILED_ATTEMPTS + 1  # the refused right password counts as a failure too


def test_admin_password_reset_unlocks_the_account(client: TestClient, organization: Organization) -> None:
    member = organization.new_member()
    for _ in range(MAX_FAILED_ATTEMPTS):
        login(client, member.user.email, 'wrong-password-guess')
    assert login(client, member.user.email, member.password).status_code == 429

    password = new_password()
    reset = client.post(
        f'/api/v1/users/{member.user.id}/password', json={'password': password}, headers=organization.admin_headers
    )

    assert reset.status_code == 200
    assert reset.json()['locked_until'] is None
    response = login(client, member.user.email, password)
    assert response.status_code == 200, response.text
    assert client.get('/api/v1/sites', headers=bearer(response.json()['access_token'])).status_code == 200


def test_a_successful_login_clears_earlier_failures(client: TestClient, organization: Organization) -> None:
    member = organization.new_member()
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        assert login(client, member.user.email, 'wrong-password-guess').status_code == 401
    assert login(client, member.user.email, member.password).status_code == 200
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        assert login(client, member.user.email, 'wrong-password-guess').status_code == 401
    assert login(client, member.user.email, member.password).status_code == 200


def test_many_failures_from_one_address_throttle_it_for_every_account(
    app: FastAPI, client: TestClient, address: str, organization: Organization
) -> None:
    member = organization.new_member()
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


def organization_admin_get(client: TestClient, organization: Organization, path: str, **params: str) -> dict:
    response = client.get(path, params=params, headers=organization.admin_headers)
    assert response.status_code == 200, response.text
    return response.json()
