"""Organisation isolation: another organisation's rows are 'not found' and never show up in lists or filters."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.core.enums import Role
from tests.support.api import bearer, client, log_in, problem
from tests.support.organizations import (
    for_each_backend,
    make_api_key,
    make_org,
    make_site,
    new_password,
    unique,
    unique_email,
)
from tests.support.snapshots import CORE, snapshot


@dataclass
class Tenant:
    id: int
    site_id: int
    site_name: str
    user_ids: list[int]
    emails: list[str]
    api_key_id: int
    credentials: dict[str, str]  # 'jwt' / 'api_key' of an admin


@dataclass
class Tenants:
    a: Tenant
    b: Tenant


@pytest.fixture(scope='module')
def all_tenants(database_urls: dict[str, str]) -> dict[str, Tenants]:
    def tenant() -> Tenant:
        org = make_org(roles=[Role.ADMIN, Role.TECHNICIAN], sites=0)
        admin = org.members[Role.ADMIN]
        api_key_id, api_key = make_api_key(org, Role.ADMIN)
        site = make_site(org, latitude=1.0, longitude=2.0)
        # Logging in and writing leave audit entries that must stay private to the organisation.
        token = log_in(admin.user.email, admin.password)
        client().patch(f'/api/v1/sites/{site.id}', json={'address': unique('Street')}, headers=bearer(token))
        return Tenant(
            id=org.id,
            site_id=site.id,
            site_name=site.name,
            user_ids=[m.user.id for m in org.members.values()],
            emails=[m.user.email for m in org.members.values()],
            api_key_id=api_key_id,
            credentials={'jwt': token, 'api_key': api_key},
        )

    return for_each_backend(database_urls, lambda: Tenants(tenant(), tenant()))


@pytest.fixture
def tenants(backend: str, all_tenants: dict[str, Tenants]) -> Tenants:
    return all_tenants[backend]


CREDENTIALS = ['jwt', 'api_key']


def _other_tenant_requests(b: Tenant) -> list[tuple[str, str, dict | None]]:
    return [
        ('GET', f'/api/v1/sites/{b.site_id}', None),
        ('PATCH', f'/api/v1/sites/{b.site_id}', {'name': unique('Hijacked')}),
        ('GET', f'/api/v1/users/{b.user_ids[1]}', None),
        ('PATCH', f'/api/v1/users/{b.user_ids[1]}', {'active': False, 'role': 'admin'}),
        ('POST', f'/api/v1/users/{b.user_ids[1]}/password', {'password': new_password()}),
        ('DELETE', f'/api/v1/api-keys/{b.api_key_id}', None),
    ]


@pytest.mark.parametrize('credential', CREDENTIALS)
def test_other_organisations_objects_are_not_found_and_untouched(tenants: Tenants, credential: str) -> None:
    headers = bearer(tenants.a.credentials[credential])
    before = snapshot(tenants.b.id, CORE)
    for method, path, body in _other_tenant_requests(tenants.b):
        problem(client().request(method, path, json=body, headers=headers), 404)
    assert snapshot(tenants.b.id, CORE) == before
    # B's own key still works: the DELETE from A revoked nothing.
    assert client().get('/api/v1/sites', headers=bearer(tenants.b.credentials['api_key'])).status_code == 200


@pytest.mark.parametrize('credential', CREDENTIALS)
def test_lists_show_only_the_callers_organisation(tenants: Tenants, credential: str) -> None:
    a, b = tenants.a, tenants.b
    headers = bearer(a.credentials[credential])

    sites = client().get('/api/v1/sites', params={'limit': 500}, headers=headers).json()
    assert [s['id'] for s in sites['items']] == [a.site_id]
    assert sites['total'] == 1

    users = client().get('/api/v1/users', params={'limit': 500}, headers=headers).json()
    assert sorted(u['id'] for u in users['items']) == sorted(a.user_ids)
    searched = client().get('/api/v1/users', params={'q': b.emails[0]}, headers=headers).json()
    assert searched['items'] == []

    keys = client().get('/api/v1/api-keys', params={'limit': 500}, headers=headers).json()
    assert b.api_key_id not in {k['id'] for k in keys['items']}
    assert a.api_key_id in {k['id'] for k in keys['items']}

    audit = client().get('/api/v1/audit', params={'limit': 500}, headers=headers).json()
    assert audit['total'] > 0
    assert not {(e['entity_type'], e['entity_id']) for e in audit['items']} & {
        ('site', str(b.site_id)),
        ('api_key', str(b.api_key_id)),
    }
    assert not any(email in e['actor_label'] or email in e['summary'] for e in audit['items'] for email in b.emails)


def test_filters_cannot_reach_into_another_organisation(tenants: Tenants) -> None:
    headers = bearer(tenants.a.credentials['api_key'])
    b = tenants.b
    for params in ({'entity_type': 'site', 'entity_id': str(b.site_id)}, {'actor': b.emails[0]}, {'q': b.site_name}):
        response = client().get('/api/v1/audit', params=params, headers=headers)
        assert response.status_code == 200
        assert response.json()['items'] == [], params


def test_a_user_cannot_be_placed_at_another_organisations_site(tenants: Tenants) -> None:
    headers = bearer(tenants.a.credentials['jwt'])
    body = {'email': unique_email(), 'name': 'Wanderer', 'role': 'viewer', 'password': new_password()}
    created = client().post('/api/v1/users', json={**body, 'site_id': tenants.b.site_id}, headers=headers)
    assert created.status_code == 422
    assert [e['field'] for e in created.json()['errors']] == ['site_id']

    moved = client().patch(
        f'/api/v1/users/{tenants.a.user_ids[1]}', json={'site_id': tenants.b.site_id}, headers=headers
    )
    assert moved.status_code == 422
    assert client().get(f'/api/v1/users/{tenants.a.user_ids[1]}', headers=headers).json()['site_id'] is None


@pytest.mark.parametrize(
    ('object_id', 'status'),
    [
        ('987654321', 404),  # could be a row: not found
        ('9223372036854775807', 404),
        ('-1', 404),  # not digits: the path names no endpoint
        ('0', 422),  # digits that cannot be a row (ids are 1 … 2^63 − 1): bad input naming the field
        ('9223372036854775808', 422),
        ('99999999999999999999999', 422),
    ],
)
def test_unknown_ids_are_404_and_impossible_ones_422_never_a_server_error(
    tenants: Tenants, object_id: str, status: int
) -> None:
    headers = bearer(tenants.a.credentials['api_key'])
    for method, path in [('GET', '/api/v1/sites/{}'), ('GET', '/api/v1/users/{}'), ('DELETE', '/api/v1/api-keys/{}')]:
        response = client().request(method, path.format(object_id), headers=headers)
        assert response.status_code == status, f'{method} {path.format(object_id)}: {response.text}'
