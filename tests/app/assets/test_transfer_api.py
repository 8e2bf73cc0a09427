"""POST /assets/import, GET /assets/export and GET /assets/{id}/qr.svg over HTTP, every role, both backends."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from app.api_app import create_api_app
from app.core.enums import Role
from app.core.permissions import ROLE_PERMISSIONS, Permission
from tests.app.assets.test_transfer_helpers import assets_of, csv_file, pump, read_csv, read_xlsx
from tests.factories import bearer, create_api_key, create_organization, for_each_backend, organization_state

IMPORT = '/api/v1/assets/import'
EXPORT = '/api/v1/assets/export'


@dataclass
class Org:
    id: int
    keys: dict[Role, str]


@pytest.fixture(scope='module')
def client() -> TestClient:
    return TestClient(create_api_app())


@pytest.fixture(scope='module')
def orgs(database_urls: dict[str, str]) -> dict[str, tuple[Org, Org]]:
    """Two organisations per backend, each with an API key per role."""

    def build() -> tuple[Org, Org]:
        made = []
        for _ in range(2):
            organization_id, _members = create_organization(roles=(Role.ADMIN,))
            made.append(Org(organization_id, {role: create_api_key(organization_id, role)[1] for role in Role}))
        return made[0], made[1]

    return for_each_backend(database_urls, build)


def upload(client: TestClient, key: str, content: bytes, name: str = 'assets.csv', **params):
    files = {'file': (name, content, 'text/csv')}
    return client.post(IMPORT, params=params, files=files, headers=bearer(key))


@pytest.mark.parametrize('role', list(Role), ids=str)
def test_import_needs_the_import_permission(backend, client, orgs, role):
    org, _ = orgs[backend]
    before = organization_state(org.id)
    response = upload(client, org.keys[role], csv_file(pump(f'ROLE-{role.value}')), dry_run='false')
    if Permission.ASSETS_IMPORT in ROLE_PERMISSIONS[role]:
        assert response.status_code == 200, response.text
        assert response.json()['created'] == 1
    else:
        assert response.status_code == 403 and role in (Role.TECHNICIAN, Role.VIEWER)
        assert response.headers['content-type'] == 'application/problem+json'
        assert organization_state(org.id) == before


def test_dry_run_reports_and_writes_nothing(backend, client, orgs):
    org, _ = orgs[backend]
    response = upload(client, org.keys[Role.SUPERVISOR], csv_file(pump('DRY-1'), pump('DRY-2', condition='shiny')))
    assert response.status_code == 200
    body = response.json()
    assert body | {'errors': None} == {
        'dry_run': True,
        'rows': 2,
        'valid_rows': 1,
        'created': 1,
        'updated': 0,
        'errors': None,
    }
    assert body['errors'] == [{'row': 3, 'field': 'condition', 'message': body['errors'][0]['message']}]
    assert 'DRY-1' not in assets_of(org.id)


def test_strict_import_with_errors_is_a_422_problem_naming_rows(backend, client, orgs):
    org, _ = orgs[backend]
    content = csv_file(pump('S-1'), pump('S-2', parent_code='MISSING'), pump('S-3', latitude='100', longitude='1'))
    response = upload(client, org.keys[Role.ADMIN], content, dry_run='false')
    assert response.status_code == 422
    problem = response.json()
    assert response.headers['content-type'] == 'application/problem+json'
    assert [e['field'] for e in problem['errors']] == ['row 3: parent_code', 'row 4: latitude']
    assert 'nothing imported' in problem['detail']
    assert not {'S-1', 'S-2', 'S-3'} & set(assets_of(org.id))


def test_valid_rows_mode_imports_the_valid_rows(backend, client, orgs):
    org, _ = orgs[backend]
    content = csv_file(pump('V-1'), pump('V-2', install_date='yesterday'))
    response = upload(client, org.keys[Role.ADMIN], content, dry_run='false', mode='valid_rows')
    assert response.status_code == 200
    assert (response.json()['created'], len(response.json()['errors'])) == (1, 1)
    assert 'V-1' in assets_of(org.id) and 'V-2' not in assets_of(org.id)


def test_missing_or_unreadable_file_is_a_field_error(backend, client, orgs):
    org, _ = orgs[backend]
    response = client.post(IMPORT, headers=bearer(org.keys[Role.ADMIN]))
    assert response.status_code == 422 and response.json()['errors'][0]['field'] == 'file'
    response = upload(client, org.keys[Role.ADMIN], b'PK\x03\x04garbage', name='a.xlsx', dry_run='false')
    assert response.status_code == 422 and response.json()['errors'][0]['field'] == 'row 1: file'


@pytest.mark.parametrize('role', list(Role), ids=str)
def test_export_round_trip_over_http(backend, client, orgs, role):
    org, other = orgs[backend]
    admin = org.keys[Role.ADMIN]
    assert upload(client, admin, csv_file(pump(f'EXP-{role.value}', room='R1')), dry_run='false').status_code == 200
    upload(client, other.keys[Role.ADMIN], csv_file(pump('FOREIGN-EXP')), dry_run='false')
    response = client.get(EXPORT, params={'q': f'EXP-{role.value}'}, headers=bearer(org.keys[role]))
    assert response.status_code == 200 and response.headers['content-type'].startswith('text/csv')
    assert 'attachment; filename="assets-' in response.headers['content-disposition']
    rows = read_csv(response.content)
    assert [row['code'] for row in rows] == [f'EXP-{role.value}']
    rows[0]['name'] = 'Renamed over HTTP'
    report = upload(client, admin, csv_file(*rows, columns=list(rows[0])), dry_run='false').json()
    assert (report['created'], report['updated']) == (0, 1)
    everything = read_csv(client.get(EXPORT, headers=bearer(org.keys[role])).content)
    assert 'FOREIGN-EXP' not in {row['code'] for row in everything}


def test_xlsx_export(backend, client, orgs):
    org, _ = orgs[backend]
    upload(client, org.keys[Role.ADMIN], csv_file(pump('XL-1', purchase_cost='12.50')), dry_run='false')
    response = client.get(EXPORT, params={'format': 'xlsx', 'q': 'XL-1'}, headers=bearer(org.keys[Role.VIEWER]))
    assert response.status_code == 200 and 'spreadsheetml' in response.headers['content-type']
    [row] = read_xlsx(response.content)
    assert (row['code'], row['purchase_cost']) == ('XL-1', 12.5)
    bad = client.get(EXPORT, params={'format': 'pdf'}, headers=bearer(org.keys[Role.VIEWER]))
    assert bad.status_code == 422 and bad.json()['errors'][0]['field'] == 'format'
