"""POST /assets/import, GET /assets/export and GET /assets/{id}/qr.svg over HTTP, every role, both backends."""

from __future__ import annotations

from typing import Any

import pytest

from app.core.enums import Role
from app.core.permissions import ROLE_PERMISSIONS, Permission
from tests.support.api import client
from tests.support.files import csv_file, pump, read_csv, read_xlsx
from tests.support.organizations import Org
from tests.support.rows import assets_of
from tests.support.snapshots import CORE, snapshot

IMPORT = '/api/v1/assets/import'
EXPORT = '/api/v1/assets/export'


@pytest.fixture(scope='module')
def org_options() -> dict[str, Any]:
    return {'roles': [Role.ADMIN], 'sites': 0, 'api_keys': True}


def upload(org: Org, role: Role, content: bytes, name: str = 'assets.csv', **params):
    files = {'file': (name, content, 'text/csv')}
    return client().post(IMPORT, params=params, files=files, headers=org.headers(role))


@pytest.mark.parametrize('role', list(Role), ids=str)
def test_import_needs_the_import_permission(org, role):
    before = snapshot(org.id, CORE)
    response = upload(org, role, csv_file(pump(f'ROLE-{role.value}')), dry_run='false')
    if Permission.ASSETS_IMPORT in ROLE_PERMISSIONS[role]:
        assert response.status_code == 200, response.text
        assert response.json()['created'] == 1
    else:
        assert response.status_code == 403 and role in (Role.TECHNICIAN, Role.VIEWER)
        assert response.headers['content-type'] == 'application/problem+json'
        assert snapshot(org.id, CORE) == before


def test_dry_run_reports_and_writes_nothing(org):
    response = upload(org, Role.SUPERVISOR, csv_file(pump('DRY-1'), pump('DRY-2', condition='shiny')))
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


def test_strict_import_with_errors_is_a_422_problem_naming_rows(org):
    content = csv_file(pump('S-1'), pump('S-2', parent_code='MISSING'), pump('S-3', latitude='100', longitude='1'))
    response = upload(org, Role.ADMIN, content, dry_run='false')
    assert response.status_code == 422
    problem = response.json()
    assert response.headers['content-type'] == 'application/problem+json'
    assert [e['field'] for e in problem['errors']] == ['row 3: parent_code', 'row 4: latitude']
    assert 'nothing imported' in problem['detail']
    assert not {'S-1', 'S-2', 'S-3'} & set(assets_of(org.id))


def test_valid_rows_mode_imports_the_valid_rows(org):
    content = csv_file(pump('V-1'), pump('V-2', install_date='yesterday'))
    response = upload(org, Role.ADMIN, content, dry_run='false', mode='valid_rows')
    assert response.status_code == 200
    assert (response.json()['created'], len(response.json()['errors'])) == (1, 1)
    assert 'V-1' in assets_of(org.id) and 'V-2' not in assets_of(org.id)


def test_missing_or_unreadable_file_is_a_field_error(org):
    response = client().post(IMPORT, headers=org.headers(Role.ADMIN))
    assert response.status_code == 422 and response.json()['errors'][0]['field'] == 'file'
    response = upload(org, Role.ADMIN, b'PK\x03\x04garbage', name='a.xlsx', dry_run='false')
    assert response.status_code == 422 and response.json()['errors'][0]['field'] == 'row 1: file'


@pytest.mark.parametrize('role', list(Role), ids=str)
def test_export_round_trip_over_http(org, other, role):
    assert upload(org, Role.ADMIN, csv_file(pump(f'EXP-{role.value}', room='R1')), dry_run='false').status_code == 200
    upload(other, Role.ADMIN, csv_file(pump('FOREIGN-EXP')), dry_run='false')
    response = client().get(EXPORT, params={'q': f'EXP-{role.value}'}, headers=org.headers(role))
    assert response.status_code == 200 and response.headers['content-type'].startswith('text/csv')
    assert 'attachment; filename="assets-' in response.headers['content-disposition']
    rows = read_csv(response.content)
    assert [row['code'] for row in rows] == [f'EXP-{role.value}']
    rows[0]['name'] = 'Renamed over HTTP'
    report = upload(org, Role.ADMIN, csv_file(*rows, columns=list(rows[0])), dry_run='false').json()
    assert (report['created'], report['updated']) == (0, 1)
    everything = read_csv(client().get(EXPORT, headers=org.headers(role)).content)
    assert 'FOREIGN-EXP' not in {row['code'] for row in everything}


def test_xlsx_export(org):
    upload(org, Role.ADMIN, csv_file(pump('XL-1', purchase_cost='12.50')), dry_run='false')
    response = client().get(EXPORT, params={'format': 'xlsx', 'q': 'XL-1'}, headers=org.headers(Role.VIEWER))
    assert response.status_code == 200 and 'spreadsheetml' in response.headers['content-type']
    [row] = read_xlsx(response.content)
    assert (row['code'], row['purchase_cost']) == ('XL-1', 12.5)
    bad = client().get(EXPORT, params={'format': 'pdf'}, headers=org.headers(Role.VIEWER))
    assert bad.status_code == 422 and bad.json()['errors'][0]['field'] == 'format'


def test_import_takes_a_column_mapping_and_refuses_a_bad_one_by_name(org):
    content = csv_file({'Asset No.': 'APIMAP-1', 'Title': 'Mapped pump', 'Kind': 'equipment', 'Notes': 'x'})
    mapping = '{"Asset No.": "code", "Title": "name", "Kind": "asset_type", "Notes": ""}'
    files = {'file': ('other.csv', content, 'text/csv')}
    response = client().post(
        IMPORT, params={'dry_run': 'false'}, files=files, data={'mapping': mapping}, headers=org.headers(Role.ADMIN)
    )
    assert response.status_code == 200, response.text
    assert response.json()['created'] == 1 and assets_of(org.id)['APIMAP-1'].name == 'Mapped pump'
    bad = client().post(IMPORT, files=files, data={'mapping': '{"Kind": "colour"}'}, headers=org.headers(Role.ADMIN))
    assert bad.status_code == 422 and bad.json()['errors'][0]['field'] == 'mapping.Kind'
