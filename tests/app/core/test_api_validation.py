"""Bad input on every core endpoint: 422 problem details naming the field, 409 for duplicates, nothing written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from app.core.enums import Role
from app.core.users import EMAIL_TAKEN
from tests.support.api import client, error_fields, problem
from tests.support.organizations import Org, make_org, new_password, unique, unique_email
from tests.support.snapshots import CORE, row_counts, snapshot


@dataclass
class Organization:
    id: int
    headers: dict[str, str]
    site_id: int
    site_name: str
    other_site_name: str
    user_id: int
    user_email: str


@pytest.fixture(scope='module')
def org_options() -> dict[str, Any]:
    return {'roles': [Role.ADMIN, Role.TECHNICIAN], 'api_keys': True}


@pytest.fixture
def organization(org: Org) -> Organization:
    """The admin's API key, the organisation's two sites and its technician, as the bad requests below name them."""
    technician = org.members[Role.TECHNICIAN].user
    return Organization(
        id=org.id,
        headers=org.headers(Role.ADMIN),
        site_id=org.site_id,
        site_name=org.sites[0].name,
        other_site_name=org.sites[1].name,
        user_id=technician.id,
        user_email=technician.email,
    )


def _new_user(**overrides: Any) -> dict[str, Any]:
    return {'email': unique_email(), 'name': 'Nina New', 'role': 'technician', 'password': new_password(), **overrides}


def _new_site(**overrides: Any) -> dict[str, Any]:
    return {'name': unique('Plant'), **overrides}


def _without(body: dict[str, Any], name: str) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != name}


# (method, path, body, the field the error must name); {site}/{user} are the organisation's own objects.
BAD_BODIES = [
    # POST /sites
    ('POST', '/sites', {}, 'name'),
    ('POST', '/sites', _new_site(colour='red'), 'colour'),
    ('POST', '/sites', _new_site(name=''), 'name'),
    ('POST', '/sites', _new_site(name=42), 'name'),
    ('POST', '/sites', _new_site(name='x' * 201), 'name'),
    ('POST', '/sites', _new_site(timezone='Mars/Olympus_Mons'), 'timezone'),
    ('POST', '/sites', _new_site(latitude=91, longitude=10), 'latitude'),
    ('POST', '/sites', _new_site(latitude=-90.5, longitude=10), 'latitude'),
    ('POST', '/sites', _new_site(latitude=10, longitude=181), 'longitude'),
    ('POST', '/sites', _new_site(latitude='north', longitude=10), 'latitude'),
    ('POST', '/sites', _new_site(latitude=50.1), 'longitude'),
    ('POST', '/sites', _new_site(longitude=8.6), 'latitude'),
    ('POST', '/sites', _new_site(name='Nul\x00Plant'), 'name'),
    # PATCH /sites/{id}
    ('PATCH', '/sites/{site}', {'colour': 'red'}, 'colour'),
    ('PATCH', '/sites/{site}', {'timezone': 'Europe/Atlantis'}, 'timezone'),
    ('PATCH', '/sites/{site}', {'latitude': 91}, 'latitude'),
    ('PATCH', '/sites/{site}', {'latitude': 48.1}, 'longitude'),
    ('PATCH', '/sites/{site}', {'name': ''}, 'name'),
    ('PATCH', '/sites/{site}', {'name': None}, 'name'),
    ('PATCH', '/sites/{site}', {'timezone': None}, 'timezone'),
    ('PATCH', '/sites/{site}', {'address': None}, 'address'),
    ('PATCH', '/sites/{site}', {'address': ['a', 'list']}, 'address'),
    # POST /users
    ('POST', '/users', _without(_new_user(), 'email'), 'email'),
    ('POST', '/users', _new_user(email='not-an-email'), 'email'),
    ('POST', '/users', _new_user(email='two@@example.com'), 'email'),
    ('POST', '/users', _new_user(password='short-pw'), 'password'),
    ('POST', '/users', _new_user(password='x' * 11), 'password'),
    ('POST', '/users', _new_user(password='x' * 257), 'password'),
    ('POST', '/users', _without(_new_user(), 'role'), 'role'),
    ('POST', '/users', _new_user(role='superuser'), 'role'),
    ('POST', '/users', _new_user(is_superuser=True), 'is_superuser'),
    ('POST', '/users', _new_user(name=['Nina']), 'name'),
    ('POST', '/users', _new_user(site_id='the big one'), 'site_id'),
    ('POST', '/users', _new_user(site_id=987654321), 'site_id'),
    ('POST', '/users', _new_user(site_id=99999999999999999999999), 'site_id'),
    ('POST', '/users', _new_user(name='Nul\x00Name'), 'name'),
    # PATCH /users/{id}
    ('PATCH', '/users/{user}', {'role': 'owner'}, 'role'),
    ('PATCH', '/users/{user}', {'active': 'maybe'}, 'active'),
    ('PATCH', '/users/{user}', {'email': 'new@example.com'}, 'email'),
    ('PATCH', '/users/{user}', {'site_id': 987654321}, 'site_id'),
    ('PATCH', '/users/{user}', {'name': ''}, 'name'),
    # POST /users/{id}/password
    ('POST', '/users/{user}/password', {}, 'password'),
    ('POST', '/users/{user}/password', {'password': 'too-short'}, 'password'),
    ('POST', '/users/{user}/password', {'password': 123456789012345}, 'password'),
    ('POST', '/users/{user}/password', {'password': new_password(), 'notify': True}, 'notify'),
    # POST /api-keys
    ('POST', '/api-keys', {}, 'name'),
    ('POST', '/api-keys', {'name': 'sensor gateway'}, 'role'),
    ('POST', '/api-keys', {'name': 'sensor gateway', 'role': 'root'}, 'role'),
    ('POST', '/api-keys', {'name': 'sensor gateway', 'role': 'viewer', 'scopes': ['all']}, 'scopes'),
    # POST /auth/token
    ('POST', '/auth/token', {'username': 'someone@example.com'}, 'password'),
    ('POST', '/auth/token', {'password': 'whatever-password'}, 'username'),
    ('POST', '/auth/token', {'username': 'a@example.com', 'password': 'whatever-password', 'remember': 1}, 'remember'),
    ('POST', '/auth/token', {'username': 'nul\x00@example.com', 'password': 'whatever-password'}, 'username'),
]

BAD_QUERIES = [
    ('/sites', {'limit': 501}, 'limit'),
    ('/sites', {'limit': 0}, 'limit'),
    ('/sites', {'offset': -1}, 'offset'),
    ('/sites', {'offset': 10**20}, 'offset'),
    ('/users', {'limit': 'all'}, 'limit'),
    ('/users', {'q': 'nul\x00byte'}, 'q'),
    ('/audit', {'action': 'explode'}, 'action'),
    ('/audit', {'since': 'yesterday'}, 'since'),
    ('/audit', {'since': '2026-01-01T00:00:00'}, 'since'),
    ('/audit', {'since': '0001-01-01T00:00:00+05:00'}, 'since'),
    ('/audit', {'until': '9999-12-31T23:59:59-05:00'}, 'until'),
    ('/audit', {'q': 'nul\x00byte'}, 'q'),
    ('/users/0', {}, 'user_id'),  # /users/not-a-number names no endpoint at all: a 404
]


def _path(template: str, organization: Organization) -> str:
    return '/api/v1' + template.format(site=organization.site_id, user=organization.user_id)


@pytest.mark.parametrize(
    ('method', 'path', 'body', 'field'),
    BAD_BODIES,
    ids=[f'{m} {p} {f} #{i}' for i, (m, p, _b, f) in enumerate(BAD_BODIES)],
)
def test_bad_body_is_422_naming_the_field_and_writes_nothing(
    organization: Organization, method: str, path: str, body: dict, field: str
) -> None:
    counts, state = row_counts(), snapshot(organization.id, CORE)
    response = client().request(method, _path(path, organization), json=body, headers=organization.headers)
    assert field in error_fields(response)
    assert row_counts() == counts
    assert snapshot(organization.id, CORE) == state


@pytest.mark.parametrize(
    ('path', 'params', 'field'), BAD_QUERIES, ids=[f'{p} {f} #{i}' for i, (p, _q, f) in enumerate(BAD_QUERIES)]
)
def test_bad_query_is_422_naming_the_parameter(organization: Organization, path: str, params: dict, field: str) -> None:
    response = client().get('/api/v1' + path, params=params, headers=organization.headers)
    assert field in error_fields(response)


@pytest.mark.parametrize(
    ('method', 'path'),
    [
        ('POST', '/sites'),
        ('PATCH', '/sites/{site}'),
        ('POST', '/users'),
        ('POST', '/api-keys'),
        ('POST', '/auth/token'),
    ],
)
@pytest.mark.parametrize('payload', ['{"name": ', 'not json at all', '[1, 2]', '"just a string"', ''])
def test_malformed_json_is_a_problem_not_a_crash(
    organization: Organization, method: str, path: str, payload: str
) -> None:
    counts = row_counts()
    headers = {**organization.headers, 'Content-Type': 'application/json'}
    response = client().request(method, _path(path, organization), content=payload, headers=headers)
    assert 400 <= response.status_code < 500, response.text
    assert response.headers['content-type'] == 'application/problem+json'
    assert response.json()['detail']
    assert row_counts() == counts


def test_duplicate_site_name_is_409_on_create_and_rename(organization: Organization) -> None:
    counts, state = row_counts(), snapshot(organization.id, CORE)
    created = client().post('/api/v1/sites', json={'name': organization.site_name}, headers=organization.headers)
    problem(created, 409)
    assert organization.site_name in created.json()['detail']
    renamed = client().patch(
        f'/api/v1/sites/{organization.site_id}',
        json={'name': organization.other_site_name},
        headers=organization.headers,
    )
    problem(renamed, 409)
    assert row_counts() == counts
    assert snapshot(organization.id, CORE) == state


def test_same_site_name_is_fine_in_another_organisation(organization: Organization) -> None:
    other_headers = make_org(roles=[], sites=0, api_keys=True).headers(Role.ADMIN)
    response = client().post('/api/v1/sites', json={'name': organization.site_name}, headers=other_headers)
    assert response.status_code == 201
    assert response.json()['name'] == organization.site_name


@pytest.mark.parametrize('spelling', [str.lower, str.upper])
def test_duplicate_email_is_409_whatever_its_case(organization: Organization, spelling) -> None:
    counts = row_counts()
    body = _new_user(email=spelling(organization.user_email))
    response = client().post('/api/v1/users', json=body, headers=organization.headers)
    problem(response, 409)
    assert response.json()['detail'] == EMAIL_TAKEN  # neutral: names neither the address nor its organisation
    assert row_counts() == counts


def test_valid_input_is_stored_as_given(organization: Organization) -> None:
    # The counterpart of the refusals above: the same endpoints accept good input and normalise it.
    site = client().post(
        '/api/v1/sites',
        json={'name': f'  {unique("Lyon")}  ', 'timezone': 'Europe/Paris', 'latitude': 45.76, 'longitude': 4.84},
        headers=organization.headers,
    )
    assert site.status_code == 201
    assert site.json()['name'] == site.json()['name'].strip()
    assert (site.json()['timezone'], site.json()['latitude'], site.json()['longitude']) == ('Europe/Paris', 45.76, 4.84)
    cleared = client().patch(
        f'/api/v1/sites/{site.json()["id"]}', json={'latitude': None, 'longitude': None}, headers=organization.headers
    )
    assert cleared.status_code == 200
    assert (cleared.json()['latitude'], cleared.json()['longitude']) == (None, None)

    email = unique_email('Mixed.Case')
    user = client().post(
        '/api/v1/users', json=_new_user(email=email, site_id=organization.site_id), headers=organization.headers
    )
    assert user.status_code == 201
    assert user.json()['email'] == email.lower()
    assert user.json()['site_id'] == organization.site_id
