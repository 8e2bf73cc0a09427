"""Nothing tells whether an email has an account: unknown emails lock like real accounts, and a taken address is
refused with the same words whoever holds it."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.api_app import create_api_app
from app.core.auth import LOCKOUT, MAX_FAILED_ATTEMPTS
from app.core.db import session_scope
from app.core.enums import Role
from app.core.models import LoginFailure
from app.core.users import EMAIL_TAKEN
from tests.support.api import TOKEN_URL, client
from tests.support.organizations import Org, make_member, make_org, unique_email


@pytest.fixture(scope='module')
def org_options() -> dict[str, Any]:
    return {'roles': [Role.ADMIN], 'api_keys': True}


@pytest.fixture(scope='module')
def app() -> FastAPI:
    return create_api_app()


def own_client(app: FastAPI) -> TestClient:
    """A client of a fresh address, so the per-address throttle (20 failures) stays out of the way."""
    octets = uuid.uuid4().bytes[:3]
    return TestClient(app, client=(f'10.{octets[0]}.{octets[1]}.{octets[2]}', 50000))


def login(client: TestClient, email: str, password: str = 'wrong-password-guess'):
    return client.post(TOKEN_URL, json={'username': email, 'password': password})


def test_an_unknown_email_locks_after_five_failures_exactly_like_a_real_account(app: FastAPI, org: Org) -> None:
    member = make_member(org)
    answers: dict[str, list] = {}
    for label, email in (('real', member.user.email), ('unknown', unique_email('nobody'))):
        address = own_client(app)
        answers[label] = [login(address, email) for _ in range(MAX_FAILED_ATTEMPTS + 2)]

    for real, unknown in zip(answers['real'], answers['unknown'], strict=True):
        assert (real.status_code, real.json()) == (unknown.status_code, unknown.json())
        assert real.headers['content-type'] == unknown.headers['content-type']
        assert ('retry-after' in real.headers) == ('retry-after' in unknown.headers)
        if 'retry-after' in real.headers:
            assert abs(int(real.headers['retry-after']) - int(unknown.headers['retry-after'])) <= 2
    assert [r.status_code for r in answers['unknown']] == [401] * MAX_FAILED_ATTEMPTS + [429, 429]
    assert 'locked' in answers['unknown'][-1].json()['detail']


def test_the_lock_of_an_unknown_email_ends_like_an_account_lock(app: FastAPI) -> None:
    email = unique_email('nobody')
    address = own_client(app)
    for _ in range(MAX_FAILED_ATTEMPTS):
        login(address, email)
    assert login(address, email).status_code == 429
    # Attempts during the lock do not extend it: once LOCKOUT has passed since the 5th failure, 401 again.
    move_failures_back(email, LOCKOUT)
    assert login(address, email).status_code == 401
    move_failures_back(email, timedelta(hours=25))
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        assert login(address, email).status_code == 401  # failures older than a day are forgotten


def move_failures_back(email: str, by: timedelta) -> None:
    with session_scope() as session:
        for failure in session.scalars(select(LoginFailure).where(LoginFailure.email == email)):
            failure.at -= by


def test_a_taken_email_is_refused_with_the_same_words_whoever_holds_it(org: Org) -> None:
    other = make_org(roles=[Role.ADMIN], sites=0)

    def create(email: str):
        body = {'email': email, 'name': 'New person', 'role': 'viewer', 'password': 'a-long-enough-password'}
        return client().post('/api/v1/users', json=body, headers=org.headers(Role.ADMIN))

    theirs = create(other.users[Role.ADMIN].email.upper())
    ours = create(org.users[Role.ADMIN].email)

    assert theirs.status_code == ours.status_code == 409
    assert theirs.json() == ours.json()
    assert theirs.json()['detail'] == EMAIL_TAKEN
    assert other.users[Role.ADMIN].email not in theirs.text
