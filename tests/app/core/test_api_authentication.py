"""401 for every kind of missing, bad or outdated credential; and the credentials that work keep working."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import jwt
import pytest
from sqlalchemy import event, update

from app.core import api_keys, principal_cache, security
from app.core.db import get_engine, session_scope, utcnow
from app.core.enums import Role
from app.core.models import ApiKey, User
from tests.support.api import bearer, client, log_in, problem
from tests.support.organizations import Org, make_api_key, make_member, new_password

SITES = '/api/v1/sites'


@pytest.fixture(scope='module')
def org_options() -> dict[str, Any]:
    return {'roles': [Role.ADMIN], 'api_keys': True}


def assert_unauthorized(response) -> None:
    problem(response, 401)
    assert response.headers['www-authenticate'] == 'Bearer'
    assert response.json()['title'] == 'Unauthorized'


def test_no_authorization_header_is_401_and_says_how_to_authenticate(org: Org) -> None:
    response = client().get(SITES)
    assert_unauthorized(response)
    assert 'Bearer' in response.json()['detail']


@pytest.mark.parametrize(
    'header',
    [
        'Bearer garbage',
        'Bearer cmms_deadbeef_not-a-real-secret',
        'Bearer cmms_',
        'Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl',
        'Basic YWRtaW46cGFzc3dvcmQ=',
        'Bearer',
    ],
)
def test_garbage_credentials_are_401(org: Org, header: str) -> None:
    assert_unauthorized(client().get(SITES, headers={'Authorization': header}))


def test_api_key_with_a_known_prefix_but_wrong_secret_is_401(org: Org) -> None:
    key = make_api_key(org, Role.ADMIN)[1]
    prefix, _secret = security.split_api_key(key)
    assert client().get(SITES, headers=bearer(key)).status_code == 200
    assert_unauthorized(client().get(SITES, headers=bearer(f'{security.API_KEY_PREFIX}{prefix}_{"x" * 43}')))


def test_revoked_api_key_is_refused_at_once(org: Org) -> None:
    key_id, key = make_api_key(org, Role.VIEWER)
    assert client().get(SITES, headers=bearer(key)).status_code == 200

    revoked = client().delete(f'/api/v1/api-keys/{key_id}', headers=org.headers(Role.ADMIN))
    assert revoked.status_code == 200
    assert revoked.json()['revoked_at'] is not None

    response = client().get(SITES, headers=bearer(key))
    assert_unauthorized(response)
    assert 'revoked' in response.json()['detail']
    again = client().delete(f'/api/v1/api-keys/{key_id}', headers=org.headers(Role.ADMIN))
    assert again.status_code == 409


def test_expired_jwt_is_401(org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    member = make_member(org)
    monkeypatch.setattr(security, 'utcnow', lambda: utcnow() - timedelta(hours=3))
    expired, _ttl = security.issue_access_token(member.user.id, member.user.session_version)
    monkeypatch.undo()
    fresh, _ttl = security.issue_access_token(member.user.id, member.user.session_version)

    assert client().get(SITES, headers=bearer(fresh)).status_code == 200
    assert_unauthorized(client().get(SITES, headers=bearer(expired)))


@pytest.mark.parametrize('forgery', ['other key', 'no expiry', 'alg none', 'tampered'])
def test_forged_or_tampered_jwt_is_401(org: Org, forgery: str) -> None:
    member = make_member(org, Role.ADMIN)
    claims = {'sub': str(member.user.id), 'sv': member.user.session_version, 'exp': utcnow() + timedelta(hours=1)}
    if forgery == 'other key':
        token = jwt.encode(claims, 'a-secret-the-server-never-had-0123456789', algorithm='HS256')
    elif forgery == 'no expiry':
        token = jwt.encode({k: v for k, v in claims.items() if k != 'exp'}, security._derived_key(b'jwt'), 'HS256')
    elif forgery == 'alg none':
        token = jwt.encode(claims, None, algorithm='none')
    else:
        genuine, _ttl = security.issue_access_token(member.user.id, member.user.session_version)
        assert client().get(SITES, headers=bearer(genuine)).status_code == 200
        header, payload, signature = genuine.split('.')
        token = f'{header}.{payload}.{signature[:-4]}AAAA'
    assert_unauthorized(client().get(SITES, headers=bearer(token)))


@pytest.mark.parametrize(
    ('subject', 'session_version'), [(str(2**70), 0), ('0', 0), ('-5', 0), ('1', 2**70), ('one', 0)]
)
def test_a_signed_jwt_naming_an_impossible_user_or_version_is_401_not_a_server_error(
    org: Org, subject: str, session_version: int
) -> None:
    claims = {'sub': subject, 'sv': session_version, 'exp': utcnow() + timedelta(hours=1)}
    token = jwt.encode(claims, security._derived_key(b'jwt'), 'HS256')  # signed with the server's own key
    assert_unauthorized(client().get(SITES, headers=bearer(token)))


def test_jwt_stops_working_when_the_user_is_deactivated(org: Org) -> None:
    member = make_member(org)
    token = log_in(member.user.email, member.password)
    assert client().get(SITES, headers=bearer(token)).status_code == 200

    deactivate = client().patch(
        f'/api/v1/users/{member.user.id}', json={'active': False}, headers=org.headers(Role.ADMIN)
    )
    assert deactivate.status_code == 200
    assert_unauthorized(client().get(SITES, headers=bearer(token)))
    login = client().post('/api/v1/auth/token', json={'username': member.user.email, 'password': member.password})
    assert login.status_code == 401
    assert 'deactivated' in login.json()['detail']

    # Reactivation lets the person log in again, but the token from before stays dead.
    client().patch(f'/api/v1/users/{member.user.id}', json={'active': True}, headers=org.headers(Role.ADMIN))
    assert_unauthorized(client().get(SITES, headers=bearer(token)))
    new_token = log_in(member.user.email, member.password)
    assert client().get(SITES, headers=bearer(new_token)).status_code == 200


def test_jwt_stops_working_after_a_password_reset(org: Org) -> None:
    member = make_member(org)
    token = log_in(member.user.email, member.password)
    assert client().get(SITES, headers=bearer(token)).status_code == 200

    password = new_password()
    reset = client().post(
        f'/api/v1/users/{member.user.id}/password', json={'password': password}, headers=org.headers(Role.ADMIN)
    )
    assert reset.status_code == 200

    assert_unauthorized(client().get(SITES, headers=bearer(token)))
    old = client().post('/api/v1/auth/token', json={'username': member.user.email, 'password': member.password})
    assert old.status_code == 401
    assert client().get(SITES, headers=bearer(log_in(member.user.email, password))).status_code == 200


def test_token_endpoint_answers_the_documented_shape(org: Org) -> None:
    member = make_member(org, Role.VIEWER)
    response = client().post(
        '/api/v1/auth/token', json={'username': member.user.email.upper(), 'password': member.password}
    )
    assert response.status_code == 200
    body = response.json()
    assert body['token_type'] == 'bearer'
    assert body['expires_in'] > 0
    me = client().get('/api/v1/organization', headers=bearer(body['access_token']))
    assert me.status_code == 200
    assert me.json()['id'] == org.id


def test_a_recently_seen_api_key_is_answered_without_a_database_look_up(org: Org) -> None:
    _key_id, key = make_api_key(org, Role.VIEWER)
    assert client().get(SITES, headers=bearer(key)).status_code == 200
    with count_statements() as statements:
        assert client().get(SITES, headers=bearer(key)).status_code == 200
    assert not [s for s in statements if 'api_keys' in s], 'the key was looked up again'


def test_a_role_change_applies_to_the_next_request(org: Org) -> None:
    member = make_member(org, Role.ADMIN)
    token = log_in(member.user.email, member.password)
    assert client().get('/api/v1/users', headers=bearer(token)).status_code == 200

    demote = client().patch(f'/api/v1/users/{member.user.id}', json={'role': 'viewer'}, headers=org.headers(Role.ADMIN))
    assert demote.status_code == 200
    assert client().get('/api/v1/users', headers=bearer(token)).status_code == 403


def test_bulk_changes_to_users_and_keys_apply_to_the_next_request(org: Org) -> None:
    """Statements that bypass the ORM's unit of work (admin tools, scripts) empty the cache as well."""
    member = make_member(org)
    token = log_in(member.user.email, member.password)
    key_id, key = make_api_key(org, Role.VIEWER)
    assert client().get(SITES, headers=bearer(token)).status_code == 200
    assert client().get(SITES, headers=bearer(key)).status_code == 200

    with session_scope() as session:
        session.execute(update(User).where(User.id == member.user.id).values(active=False))
        session.execute(update(ApiKey).where(ApiKey.id == key_id).values(revoked_at=utcnow()))
    assert_unauthorized(client().get(SITES, headers=bearer(token)))
    assert_unauthorized(client().get(SITES, headers=bearer(key)))


def test_a_cached_principal_expires(org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    _key_id, key = make_api_key(org, Role.VIEWER)
    assert client().get(SITES, headers=bearer(key)).status_code == 200
    later = time.monotonic() + principal_cache.CACHE_SECONDS + 1
    monkeypatch.setattr(principal_cache.time, 'monotonic', lambda: later)
    with count_statements() as statements:
        assert client().get(SITES, headers=bearer(key)).status_code == 200
    assert [s for s in statements if 'api_keys' in s], 'an expired entry must be resolved again'


@contextmanager
def count_statements() -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    engine = get_engine()
    event.listen(engine, 'before_cursor_execute', record)
    try:
        yield statements
    finally:
        event.remove(engine, 'before_cursor_execute', record)


# PostgreSQL only: there a reader sees the committed row while a revocation is flushed but not committed. On SQLite
# every transaction begins with BEGIN IMMEDIATE, so the request would wait for the revocation's commit instead.
@pytest.mark.parametrize('backend', ['postgresql'], indirect=True)
def test_a_key_resolved_between_its_revocations_flush_and_commit_is_not_remembered_past_the_commit(org: Org) -> None:
    key_id, key = make_api_key(org, Role.VIEWER)
    # One use first, so that the request below has no last-used time to write (it would wait for the row lock).
    assert client().get(SITES, headers=bearer(key)).status_code == 200
    principal_cache.forget_all()
    with session_scope() as session:
        revoked = api_keys.revoke_api_key(session=session, principal=org.admin, api_key_id=key_id)
        assert revoked.revoked_at is not None
        session.flush()
        # Another request, on another connection, still sees the committed (valid) key and caches it.
        assert client().get(SITES, headers=bearer(key)).status_code == 200
    assert_unauthorized(client().get(SITES, headers=bearer(key)))
