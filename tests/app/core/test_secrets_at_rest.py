"""Passwords and API keys never appear in plain text: not in any table, not in the logs, not in the audit log."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import select

from app.core.db import session_scope
from app.core.enums import Role
from app.core.models import ApiKey, User
from app.core.security import split_api_key
from app.domains import Base
from tests.support.api import TOKEN_URL, bearer, client, log_in
from tests.support.organizations import make_org, new_password, unique, unique_email


def test_secrets_are_never_stored_or_logged_in_plain_text(backend: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger='sqlalchemy.engine')  # every SQL statement with its parameters
    admin = make_org(roles=[Role.ADMIN], sites=0).members[Role.ADMIN]
    headers = bearer(log_in(admin.user.email, admin.password))

    password, reset_password, wrong_password = new_password(), new_password(), unique('wrong-guess-secret')
    email = unique_email('secretive')
    created = client().post(
        '/api/v1/users',
        json={'email': email, 'name': 'Sec Retive', 'role': 'technician', 'password': password},
        headers=headers,
    )
    assert created.status_code == 201
    assert 'password' not in json.dumps(created.json())
    key_response = client().post(
        '/api/v1/api-keys', json={'name': unique('gateway'), 'role': 'technician'}, headers=headers
    )
    assert key_response.status_code == 201
    full_key = key_response.json()['key']
    _prefix, key_secret = split_api_key(full_key)
    assert client().get('/api/v1/sites', headers=bearer(full_key)).status_code == 200
    assert client().post(TOKEN_URL, json={'username': email, 'password': wrong_password}).status_code == 401
    assert client().post(TOKEN_URL, json={'username': email, 'password': password}).status_code == 200
    user_id = created.json()['id']
    reset = client().post(f'/api/v1/users/{user_id}/password', json={'password': reset_password}, headers=headers)
    assert reset.status_code == 200

    secrets = {
        'initial password': password,
        'reset password': reset_password,
        'mistyped password': wrong_password,
        'admin password': admin.password,
        'full API key': full_key,
        'API key secret': key_secret,
    }
    stored = _every_stored_value()
    for label, secret in secrets.items():
        assert not [where for where, text in stored if secret in text], f'{label} stored in plain text'
        assert secret not in caplog.text, f'{label} logged'
        assert not any(secret in str(record.args) for record in caplog.records), f'{label} logged'
    assert any(r.name.startswith('sqlalchemy.engine') for r in caplog.records), 'SQL and its parameters were logged'
    with session_scope() as session:
        assert session.scalar(select(User.password_hash).where(User.id == user_id)).startswith('$argon2')
        assert session.scalar(select(ApiKey.secret_hash).where(ApiKey.id == key_response.json()['id'])) != key_secret


def test_the_full_api_key_is_shown_once_only(backend: str) -> None:
    admin = make_org(roles=[Role.ADMIN], sites=0).members[Role.ADMIN]
    headers = bearer(log_in(admin.user.email, admin.password))
    created = client().post('/api/v1/api-keys', json={'name': 'line sensor', 'role': 'viewer'}, headers=headers).json()

    listed = client().get('/api/v1/api-keys', headers=headers).json()['items']

    assert created['key'].startswith('cmms_')
    assert [k['id'] for k in listed] == [created['id']]
    assert 'key' not in listed[0]
    assert created['key'] not in json.dumps(listed)
    assert listed[0]['prefix'] in created['key']


def test_audit_of_a_password_reset_shows_stars_not_the_password(backend: str) -> None:
    members = make_org(roles=[Role.ADMIN, Role.VIEWER], sites=0).members
    admin, viewer = members[Role.ADMIN], members[Role.VIEWER]
    headers = bearer(log_in(admin.user.email, admin.password))
    password = new_password()

    client().post(f'/api/v1/users/{viewer.user.id}/password', json={'password': password}, headers=headers)

    entries = (
        client()
        .get('/api/v1/audit', params={'entity_type': 'user', 'entity_id': str(viewer.user.id)}, headers=headers)
        .json()['items']
    )
    assert len(entries) == 1
    assert entries[0]['changes'] == {'password': ['***', '***']}
    assert password not in json.dumps(entries)


def _every_stored_value() -> list[tuple[str, str]]:
    """(table.column, text) for every non-null value of every table, JSON columns as their JSON text."""
    values = []
    with session_scope() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)).mappings():
                for column, value in row.items():
                    if value is None:
                        continue
                    text = json.dumps(value, default=str) if isinstance(value, dict | list) else str(value)
                    values.append((f'{table.name}.{column}', text))
    assert values
    return values
