"""The audit log: who changed what with before/after, logins, filters, and no way to rewrite history — neither
through the ORM nor past it (database triggers)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from app.core.audit import AuditLogIsAppendOnly
from app.core.db import session_scope
from app.core.enums import Role
from app.core.models import AuditEntry
from tests.support.api import TOKEN_URL, bearer, client, log_in
from tests.support.organizations import Member, Org, make_api_key, make_org, new_password, unique, unique_email


@dataclass
class Organization:
    org: Org
    headers: dict[str, str]

    @property
    def id(self) -> int:
        return self.org.id

    @property
    def admin(self) -> Member:
        return self.org.members[Role.ADMIN]

    def audit(self, **params: str) -> list[dict]:
        response = client().get('/api/v1/audit', params={'limit': 500, **params}, headers=self.headers)
        assert response.status_code == 200, response.text
        return response.json()['items']


@pytest.fixture
def organization(backend: str) -> Organization:
    """A fresh organisation per test, so its audit log holds exactly what the test did (plus the login)."""
    org = make_org(roles=[Role.ADMIN], sites=0)
    admin = org.members[Role.ADMIN]
    return Organization(org, bearer(log_in(admin.user.email, admin.password)))


def test_creating_and_changing_a_site_records_actor_and_before_after(organization: Organization) -> None:
    name = unique('Hamburg')
    site = (
        client()
        .post('/api/v1/sites', json={'name': name, 'timezone': 'Europe/Berlin'}, headers=organization.headers)
        .json()
    )
    client().patch(
        f'/api/v1/sites/{site["id"]}', json={'name': name, 'address': 'Am Sandtorkai 1'}, headers=organization.headers
    )
    client().patch(f'/api/v1/sites/{site["id"]}', json={'address': 'Am Sandtorkai 1'}, headers=organization.headers)

    update, create = organization.audit(entity_type='site', entity_id=str(site['id']))
    admin = organization.admin.user
    assert (create['action'], update['action']) == ('create', 'update'), 'newest first; a no-op change is not logged'
    for entry in (create, update):
        assert (entry['actor_kind'], entry['actor_id'], entry['actor_label']) == ('user', admin.id, admin.email)
        assert entry['client_address'] == 'testclient'
    assert create['changes']['name'] == [None, name]
    assert create['changes']['timezone'] == [None, 'Europe/Berlin']
    assert update['changes'] == {'address': ['', 'Am Sandtorkai 1']}, 'only the changed field, before and after'


def test_creating_and_changing_a_user_records_before_after(organization: Organization) -> None:
    email = unique_email('audited')
    user = (
        client()
        .post(
            '/api/v1/users',
            json={'email': email, 'name': 'Ann Audit', 'role': 'technician', 'password': new_password()},
            headers=organization.headers,
        )
        .json()
    )
    client().patch(
        f'/api/v1/users/{user["id"]}', json={'role': 'supervisor', 'active': False}, headers=organization.headers
    )

    update, create = organization.audit(entity_type='user', entity_id=str(user['id']))
    assert create['action'] == 'create'
    assert create['changes']['email'] == [None, email]
    assert create['changes']['role'] == [None, 'technician']
    assert 'password' not in create['changes']
    assert update['action'] == 'update'
    assert update['changes'] == {'role': ['technician', 'supervisor'], 'active': [True, False]}
    assert update['actor_label'] == organization.admin.user.email


def test_changes_made_with_an_api_key_name_the_key(organization: Organization) -> None:
    key_name = unique('erp bridge')
    _key_id, key = make_api_key(organization.org, Role.ADMIN, name=key_name)
    site = client().post('/api/v1/sites', json={'name': unique('Depot')}, headers=bearer(key)).json()

    [entry] = organization.audit(entity_type='site', entity_id=str(site['id']))
    assert entry['actor_kind'] == 'api_key'
    assert key_name in entry['actor_label']


def test_logins_that_succeed_and_fail_are_logged(organization: Organization) -> None:
    email = organization.admin.user.email
    assert client().post(TOKEN_URL, json={'username': email, 'password': 'not-my-password'}).status_code == 401
    log_in(email, organization.admin.password)

    succeeded = organization.audit(action='login_succeeded')
    failed = organization.audit(action='login_failed')
    assert len(succeeded) == 2  # the fixture's login and this one
    assert all(e['actor_label'] == email and e['entity_type'] == 'session' for e in succeeded)
    assert len(failed) == 1
    assert email in failed[0]['summary']
    assert 'not-my-password' not in failed[0]['summary']


def test_filters_by_actor_entity_type_and_action(organization: Organization) -> None:
    key_name = unique('filter key')
    _key_id, key = make_api_key(organization.org, Role.ADMIN, name=key_name)
    by_user = client().post('/api/v1/sites', json={'name': unique('A')}, headers=organization.headers).json()
    by_key = client().post('/api/v1/sites', json={'name': unique('B')}, headers=bearer(key)).json()
    client().patch(f'/api/v1/sites/{by_key["id"]}', json={'address': 'Dock 9'}, headers=organization.headers)

    by_actor = organization.audit(actor=key_name)
    assert [(e['action'], e['entity_id']) for e in by_actor] == [('create', str(by_key['id']))]

    sites = organization.audit(entity_type='site')
    assert {e['entity_id'] for e in sites} == {str(by_user['id']), str(by_key['id'])}

    updates = organization.audit(entity_type='site', action='update')
    assert [(e['entity_id'], e['changes']) for e in updates] == [(str(by_key['id']), {'address': ['', 'Dock 9']})]

    creates = organization.audit(action='create')
    assert {e['entity_type'] for e in creates} == {'site', 'api_key'}  # the factory's key creation counts

    page = client().get('/api/v1/audit', params={'limit': 1, 'offset': 1}, headers=organization.headers).json()
    assert (page['limit'], page['offset'], len(page['items'])) == (1, 1, 1)
    assert page['total'] == len(organization.audit())


@pytest.mark.parametrize('method', ['PATCH', 'PUT', 'DELETE', 'POST'])
def test_there_is_no_route_to_change_the_audit_log(organization: Organization, method: str) -> None:
    client().post('/api/v1/sites', json={'name': unique('Kept')}, headers=organization.headers)
    before = organization.audit()
    entry_id = before[0]['id']

    for path in (f'/api/v1/audit/{entry_id}', '/api/v1/audit'):
        response = client().request(method, path, json={'summary': 'nothing happened'}, headers=organization.headers)
        assert response.status_code in (404, 405), f'{method} {path}: {response.status_code}'

    assert organization.audit() == before


def test_the_orm_refuses_to_change_or_delete_an_audit_entry(organization: Organization) -> None:
    with session_scope() as session:
        entry_id = session.scalar(select(func.max(AuditEntry.id)).where(AuditEntry.organization_id == organization.id))
        original = session.get(AuditEntry, entry_id).summary

    with pytest.raises(AuditLogIsAppendOnly), session_scope() as session:
        session.get(AuditEntry, entry_id).summary = 'nothing to see here'
    with pytest.raises(AuditLogIsAppendOnly), session_scope() as session:
        session.delete(session.get(AuditEntry, entry_id))

    with session_scope() as session:
        assert session.get(AuditEntry, entry_id).summary == original


@pytest.mark.parametrize(
    'statement',
    [
        lambda entry_id: update(AuditEntry).where(AuditEntry.id == entry_id).values(summary='nothing to see here'),
        lambda entry_id: delete(AuditEntry).where(AuditEntry.id == entry_id),
        lambda entry_id: text('UPDATE audit_entries SET actor_label = :label WHERE id = :id').bindparams(
            label='x', id=entry_id
        ),
        lambda entry_id: text('DELETE FROM audit_entries WHERE id = :id').bindparams(id=entry_id),
    ],
    ids=['orm-bulk-update', 'orm-bulk-delete', 'sql-update', 'sql-delete'],
)
def test_the_database_refuses_bulk_and_raw_rewrites_of_the_audit_log(organization: Organization, statement) -> None:
    with session_scope() as session:
        entry_id = session.scalar(select(func.max(AuditEntry.id)).where(AuditEntry.organization_id == organization.id))
        original = session.get(AuditEntry, entry_id).summary

    with pytest.raises(DBAPIError, match='audit entries are append-only'), session_scope() as session:
        session.execute(statement(entry_id))

    with session_scope() as session:
        entry = session.get(AuditEntry, entry_id)
        assert entry is not None and entry.summary == original
