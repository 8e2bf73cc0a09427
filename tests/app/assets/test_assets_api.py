"""The asset JSON API on SQLite and PostgreSQL: the contract's shapes, list parameters, problem details for
409 and 422 naming the field, attachments as multipart upload and download — and failed requests change nothing."""

from __future__ import annotations

import pytest

from app.assets.enums import END_OF_LIFE_STATUSES as END_OF_LIFE
from app.assets.events import AssetStatusChanged
from app.core import events
from app.core.enums import Role
from tests.support.api import api_call, error_fields, problem
from tests.support.files import PDF
from tests.support.organizations import Org, make_org, unique
from tests.support.services import make_asset
from tests.support.snapshots import ASSETS, snapshot

pytestmark = pytest.mark.usefixtures('backend')


@pytest.fixture
def org() -> Org:
    """A fresh organisation per test, acting with API keys: these tests count what it holds."""
    return make_org(api_keys=True)


def test_create_read_update_move_assess_and_history_through_the_api(org):
    body = {
        'code': unique('P'),
        'name': 'Feed pump',
        'asset_type': 'equipment',
        'criticality': 'high',
        'site_id': org.site_id,
        'location': {'building': 'A', 'floor': '2', 'latitude': 53.54, 'longitude': 9.99},
        'purchase_cost': '1500.00',
        'install_date': '2024-02-01',
        'attributes': {'kW': 7.5},
    }
    created = api_call(org, 'POST', '/assets', json=body)
    assert created.status_code == 201, created.text
    asset = created.json()
    assert {k: asset[k] for k in ('code', 'status', 'condition', 'criticality', 'version')} == {
        'code': body['code'],
        'status': 'operational',
        'condition': 'good',
        'criticality': 'high',
        'version': 1,
    }
    assert asset['location']['latitude'] == 53.54 and asset['purchase_cost'] == '1500.00'
    path = f'/assets/{asset["id"]}'
    assert api_call(org, 'GET', path, Role.VIEWER).json() == asset
    patched = api_call(org, 'PATCH', path, json={'name': 'Feed pump 1', 'version': 1, 'note': 'renamed'}).json()
    assert (patched['name'], patched['version']) == ('Feed pump 1', 2)
    moved = api_call(org, 'POST', f'{path}/location', json={'room': '201', 'note': 'new room'}).json()
    assert (moved['location']['building'], moved['location']['room']) == ('A', '201')
    assessed = api_call(
        org,
        'POST',
        f'{path}/condition',
        Role.TECHNICIAN,
        json={'condition': 'poor', 'status': 'repair', 'score': 20, 'note': 'leaking'},
    ).json()
    assert (assessed['condition'], assessed['status'], assessed['version']) == ('poor', 'repair', 4)
    history = api_call(org, 'GET', f'{path}/history', Role.VIEWER, params={'limit': 3}).json()
    assert history['total'] == 5 and history['limit'] == 3
    assert [e['kind'] for e in history['items']] == ['status', 'condition', 'location']
    status, condition, location = history['items']
    assert (status['from_value'], status['to_value']) == ('operational', 'repair')
    assert (condition['to_value'], condition['score'], condition['note']) == ('poor', 20, 'leaking')
    assert location['from_value'].endswith('Building A / Floor 2 (53.54, 9.99)')
    assert location['to_value'].endswith('Building A / Floor 2 / Room 201 (53.54, 9.99)')
    assert location['note'] == 'new room' and location['actor_label'].startswith('API key')


def test_list_takes_repeated_and_comma_separated_values_and_pages(org):
    for status in ('operational', 'repair', 'spare', 'standby'):
        make_asset(org, status=status, name=f'{status} unit')
    repeated = api_call(org, 'GET', '/assets?status=repair&status=spare', Role.VIEWER).json()
    comma = api_call(org, 'GET', '/assets?status=repair,spare&sort=name&descending=true', Role.VIEWER).json()
    assert sorted(a['status'] for a in repeated['items']) == ['repair', 'spare']
    assert [a['status'] for a in comma['items']] == ['spare', 'repair']
    page = api_call(org, 'GET', '/assets', Role.VIEWER, params={'limit': 3, 'offset': 0, 'q': 'UNIT'}).json()
    assert (page['total'], page['limit'], page['offset'], len(page['items'])) == (4, 3, 0, 3)


@pytest.mark.parametrize(
    ('query', 'field'),
    [
        ('status=bogus', 'status'),
        ('limit=501', 'limit'),
        ('sort=colour', 'sort'),
        ('site_id=x', 'site_id'),
        ('offset=-1', 'offset'),
        ('parent_id=99999999999999999999', 'parent_id'),
        ('q=a%00b', 'q'),
    ],
)
def test_bad_list_parameters_are_422_naming_them(org, query, field):
    assert any(f.split('.')[0] == field for f in error_fields(api_call(org, 'GET', f'/assets?{query}', Role.VIEWER)))


def test_statistics_is_not_taken_for_an_asset_id(org):
    make_asset(org, site_id=org.site_id)
    stats = api_call(org, 'GET', '/assets/statistics', Role.VIEWER, params={'site_id': org.site_id}).json()
    assert stats['total'] == 1 and stats['by_site'] == {str(org.site_id): 1}


@pytest.mark.parametrize(
    ('body', 'field'),
    [
        ({'asset_type': 'spaceship'}, 'asset_type'),
        ({'location': {'latitude': 95, 'longitude': 10}}, 'location.latitude'),
        ({'location': {'latitude': 10}}, 'location.longitude'),
        ({'serial': 'x'}, 'serial'),
        ({'code': ''}, 'code'),
        ({'purchase_cost': '-1'}, 'purchase_cost'),
        ({'parent_id': 0}, 'parent_id'),
    ],
)
def test_bad_asset_bodies_are_422_naming_the_field_and_change_nothing(org, body, field):
    before = snapshot(org.id, ASSETS)
    response = api_call(org, 'POST', '/assets', json={'code': unique('A'), 'name': 'x', 'asset_type': 'tool', **body})
    assert any(f == field or f.startswith(f'{field}.') for f in error_fields(response))
    assert snapshot(org.id, ASSETS) == before


def test_non_finite_numbers_are_422_not_a_database_error(org):
    before = snapshot(org.id, ASSETS)
    raw = b'{"code": "NAN-1", "name": "x", "asset_type": "tool", "attributes": {"x": NaN}}'
    response = api_call(org, 'POST', '/assets', content=raw, headers={'Content-Type': 'application/json'})
    assert any(f.startswith('attributes') for f in error_fields(response))
    assert snapshot(org.id, ASSETS) == before


def test_other_organisations_parent_or_site_in_a_body_is_refused(org):
    other = make_org(api_keys=True)
    foreign = make_asset(other)
    asset = make_asset(org)
    before = snapshot(org.id, ASSETS)
    for method, path, body, field in (
        (
            'POST',
            '/assets',
            {'code': unique('A'), 'name': 'x', 'asset_type': 'tool', 'parent_id': foreign.id},
            'parent_id',
        ),
        (
            'POST',
            '/assets',
            {'code': unique('A'), 'name': 'x', 'asset_type': 'tool', 'site_id': other.site_id},
            'site_id',
        ),
        ('PATCH', f'/assets/{asset.id}', {'parent_id': foreign.id}, 'parent_id'),
        ('POST', f'/assets/{asset.id}/location', {'site_id': other.site_id}, 'site_id'),
    ):
        assert error_fields(api_call(org, method, path, json=body)) == [field]
    assert snapshot(org.id, ASSETS) == before


def test_cycle_bad_move_and_bad_assessment_are_422(org):
    root = make_asset(org)
    child = make_asset(org, parent_id=root.id)
    before = snapshot(org.id, ASSETS)
    response = api_call(org, 'PATCH', f'/assets/{root.id}', json={'parent_id': child.id})
    assert error_fields(response) == ['parent_id'] and 'cycle' in response.json()['errors'][0]['message']
    assert error_fields(
        api_call(org, 'POST', f'/assets/{root.id}/location', json={'latitude': 95, 'longitude': 0})
    ) == ['latitude']
    assert error_fields(api_call(org, 'POST', f'/assets/{root.id}/condition', json={'condition': 'meh'})) == [
        'condition'
    ]
    assert error_fields(
        api_call(org, 'POST', f'/assets/{root.id}/condition', json={'condition': 'fair', 'score': 101})
    ) == ['score']
    assert error_fields(api_call(org, 'PATCH', f'/assets/{root.id}', json={'name': None})) == ['name']
    assert snapshot(org.id, ASSETS) == before


def test_conflicts_are_409_and_change_nothing(org):
    first, second = make_asset(org), make_asset(org)
    child = make_asset(org, parent_id=second.id)
    api_call(org, 'PATCH', f'/assets/{first.id}', json={'name': 'Changed'})
    meter = api_call(org, 'POST', f'/assets/{first.id}/meters', json={'name': 'Hours', 'unit': 'h'}).json()
    open_work = events.guard(
        AssetStatusChanged, lambda _, event: 'it has 1 open work order' if event.to_status in END_OF_LIFE else None
    )
    before = snapshot(org.id, ASSETS)
    cases = [
        ('POST', '/assets', {'code': first.code, 'name': 'x', 'asset_type': 'tool'}, first.code),
        ('PATCH', f'/assets/{second.id}', {'code': first.code}, first.code),
        ('PATCH', f'/assets/{first.id}', {'name': 'Mine', 'version': 1}, 'current version is 2'),
        ('PATCH', f'/assets/{second.id}', {'status': 'retired'}, '1 child asset'),
        ('PATCH', f'/assets/{child.id}', {'status': 'retired'}, 'open work order'),
        ('POST', f'/assets/{child.id}/condition', {'condition': 'critical', 'status': 'decommissioned'}, 'work order'),
        ('POST', f'/assets/{first.id}/meters', {'name': 'hours', 'unit': 'h'}, 'Hours'),
    ]
    with events.subscribed(open_work):
        for method, path, body, message in cases:
            assert message in problem(api_call(org, method, path, Role.ADMIN, json=body), 409)['detail']
    assert snapshot(org.id, ASSETS) == before
    low = api_call(org, 'POST', f'/assets/{first.id}/meters/{meter["id"]}/readings', Role.TECHNICIAN, json={'value': 5})
    assert low.status_code == 201
    assert error_fields(
        api_call(org, 'POST', f'/assets/{first.id}/meters/{meter["id"]}/readings', Role.TECHNICIAN, json={'value': 4})
    ) == ['value']


def test_attachment_upload_download_and_delete(org):
    asset = make_asset(org)
    path = f'/assets/{asset.id}/attachments'
    uploaded = api_call(org, 'POST', path, Role.TECHNICIAN, files={'file': ('Handbuch Pumpe.pdf', PDF, 'image/png')})
    assert uploaded.status_code == 201, uploaded.text
    attachment = uploaded.json()
    assert (attachment['content_type'], attachment['kind'], attachment['size_bytes']) == (
        'application/pdf',
        'manual',
        len(PDF),
    )
    download = api_call(org, 'GET', f'{path}/{attachment["id"]}', Role.VIEWER)
    assert download.status_code == 200 and download.content == PDF
    assert download.headers['content-type'] == 'application/pdf'
    assert download.headers['content-disposition'].startswith('attachment;')
    assert 'Handbuch%20Pumpe.pdf' in download.headers['content-disposition']
    assert download.headers['x-content-type-options'] == 'nosniff'
    assert [a['id'] for a in api_call(org, 'GET', path, Role.VIEWER).json()] == [attachment['id']]
    assert api_call(org, 'DELETE', f'{path}/{attachment["id"]}').status_code == 204
    problem(api_call(org, 'GET', f'{path}/{attachment["id"]}', Role.VIEWER), 404)


@pytest.mark.parametrize(
    ('files', 'data', 'field'),
    [
        ({'file': ('manual.pdf', b'<html>not a pdf</html>', 'application/pdf')}, None, 'file'),
        ({'file': ('big.pdf', b'%PDF-' + b'0' * (20 * 1024 * 1024), 'application/pdf')}, None, 'file'),
        ({'file': ('manual.pdf', PDF, 'application/pdf')}, {'kind': 'selfie'}, 'kind'),
        ({'other': ('manual.pdf', PDF, 'application/pdf')}, None, 'file'),
    ],
)
def test_refused_uploads_are_422_naming_the_field_and_store_nothing(org, files, data, field):
    asset = make_asset(org)
    before = snapshot(org.id, ASSETS)
    response = api_call(org, 'POST', f'/assets/{asset.id}/attachments', Role.TECHNICIAN, files=files, data=data)
    assert error_fields(response) == [field]
    assert snapshot(org.id, ASSETS) == before


def test_a_warranty_before_the_installation_is_a_422_at_the_warranty_also_against_the_stored_date(org: Org):
    body = {'code': unique('W'), 'name': 'Pump', 'asset_type': 'equipment', 'install_date': '2026-05-01'}
    refused = api_call(org, 'POST', '/assets', Role.ADMIN, json=body | {'warranty_expires': '2026-01-31'})
    assert problem(refused, 422)['errors'] == [
        {'field': 'warranty_expires', 'message': 'The warranty cannot end before the installation date'}
    ]
    asset = api_call(org, 'POST', '/assets', Role.ADMIN, json=body).json()
    patch = {'warranty_expires': '2026-04-01', 'version': asset['version']}
    errors = problem(api_call(org, 'PATCH', f'/assets/{asset["id"]}', Role.ADMIN, json=patch), 422)['errors']
    assert [e['field'] for e in errors] == ['warranty_expires']
    negative = api_call(
        org, 'PATCH', f'/assets/{asset["id"]}', Role.ADMIN, json={'purchase_cost': '-1', 'version': asset['version']}
    )
    assert problem(negative, 422)['errors'] == [{'field': 'purchase_cost', 'message': 'Must be 0 or more'}]


def test_list_puts_the_exact_code_match_first(org):
    for code in ('ZX-10', 'ZX-1', 'AZX-1'):
        make_asset(org, code=code, name=f'unit {code}')
    page = api_call(org, 'GET', '/assets', Role.VIEWER, params={'q': 'zx-1'}).json()
    assert [a['code'] for a in page['items']] == ['ZX-1', 'AZX-1', 'ZX-10']
