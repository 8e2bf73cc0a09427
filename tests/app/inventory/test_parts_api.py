"""Every parts and stock route × every role against the permission table, without credentials (401), with unknown
or another organisation's ids in paths (404), bodies (422) and filters, conflicts (409) and bad input (422) — and a
refused request never changes anything."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from app.core.enums import Role
from app.core.permissions import Permission
from tests.support.access import (
    Endpoint,
    World,
    assert_not_found,
    permission_matrix,
    routes_in,
    routes_of,
    stocked_world,
)
from tests.support.api import client, error_fields, problem
from tests.support.organizations import unique
from tests.support.services import make_part
from tests.support.snapshots import PARTS_AND_LABOUR, snapshot

pytestmark = pytest.mark.usefixtures('backend')
_levels = itertools.count(1)


@pytest.fixture(scope='module')
def world_factory() -> Callable[[], World]:
    return stocked_world


READ, MANAGE = Permission.WORK_ORDERS_READ, Permission.PARTS_MANAGE
ENDPOINTS = [
    Endpoint('GET', '/parts', READ),
    Endpoint('POST', '/parts', MANAGE, lambda w: {'part_number': unique('P'), 'name': 'Filter'}, 201, True),
    Endpoint('GET', '/parts/{part_id}', READ),
    Endpoint('PATCH', '/parts/{part_id}', MANAGE, lambda w: {'name': unique('Renamed')}, 200, True),
    Endpoint(
        'POST', '/parts/{part_id}/stock', MANAGE, lambda w: {'site_id': w.ids['site_id'], 'quantity': '2'}, 200, True
    ),
    Endpoint(
        'PUT',
        '/parts/{part_id}/stock-levels',
        MANAGE,
        lambda w: {'site_id': w.ids['site_id'], 'min_stock': str(next(_levels))},
        200,
        True,
    ),
    Endpoint('GET', '/parts/{part_id}/movements', READ),
    Endpoint('GET', '/stock-movements', READ),
]


test_role_gets_exactly_what_the_permission_table_grants, test_no_or_bad_credentials_are_401 = permission_matrix(
    ENDPOINTS, PARTS_AND_LABOUR
)


@pytest.mark.parametrize('endpoint', [e for e in ENDPOINTS if '_id}' in e.path], ids=str)
def test_unknown_and_other_organisations_ids_in_paths_are_404(world: World, other_world: World, endpoint: Endpoint):
    assert_not_found(endpoint, world, other_world, PARTS_AND_LABOUR, ('part_id',))


def test_other_organisations_ids_in_bodies_and_filters_never_succeed(world: World, other_world: World):
    other = other_world
    before, other_before = snapshot(world.org.id, PARTS_AND_LABOUR), snapshot(other.org.id, PARTS_AND_LABOUR)
    headers = world.org.headers(Role.ADMIN)
    base, theirs = '/api/v1', other.ids
    cases = [
        (
            'POST',
            '/parts',
            {'part_number': unique('P'), 'name': 'X', 'stock': [{'site_id': theirs['site_id'], 'on_hand': '1'}]},
            'stock.0.site_id',
        ),
        ('POST', f'/parts/{world.ids["part_id"]}/stock', {'site_id': theirs['site_id'], 'quantity': '1'}, 'site_id'),
        (
            'PUT',
            f'/parts/{world.ids["part_id"]}/stock-levels',
            {'site_id': theirs['site_id'], 'min_stock': '1'},
            'site_id',
        ),
    ]
    for method, path, body, field in cases:
        response = client().request(method, base + path, headers=headers, json=body)
        assert [e['field'] for e in problem(response, 422)['errors']] == [field], path
    for params in ({'work_order_id': theirs['work_order_id']}, {'part_id': theirs['part_id']}):
        problem(client().get(base + '/stock-movements', headers=headers, params=params), 404)
    listed = client().get(base + '/parts', headers=headers, params={'site_id': theirs['site_id']}).json()
    assert listed['total'] == 0
    assert snapshot(world.org.id, PARTS_AND_LABOUR) == before
    assert snapshot(other.org.id, PARTS_AND_LABOUR) == other_before


def test_a_taken_part_number_is_409_with_a_clear_detail_and_changes_nothing(world: World):
    org, admin = world.org, world.org.headers(Role.ADMIN)
    part = make_part(org, {org.site_id: 1}, name='Coupling insert')
    taken = client().get(f'/api/v1/parts/{world.ids["part_id"]}', headers=admin).json()['part_number']
    before = snapshot(org.id, PARTS_AND_LABOUR)
    response = client().post('/api/v1/parts', headers=admin, json={'part_number': taken, 'name': 'Twin'})
    assert taken in problem(response, 409)['detail']
    response = client().patch(f'/api/v1/parts/{part.id}', headers=admin, json={'part_number': taken})
    problem(response, 409)
    assert snapshot(org.id, PARTS_AND_LABOUR) == before


def test_bad_input_is_422_naming_the_field_and_changes_nothing(world: World):
    headers = world.org.headers(Role.ADMIN)
    part_path = f'/parts/{world.ids["part_id"]}'
    before = snapshot(world.org.id, PARTS_AND_LABOUR)
    cases = [
        ('POST', '/parts', {'part_number': unique('P')}, 'name'),
        ('POST', '/parts', {'part_number': ' ', 'name': 'X'}, 'part_number'),
        ('POST', '/parts', {'part_number': unique('P'), 'name': 'X', 'colour': 'red'}, 'colour'),
        ('POST', '/parts', {'part_number': unique('P'), 'name': 'X', 'unit_cost': '-1'}, 'unit_cost'),
        ('PATCH', part_path, {'name': None}, 'name'),
        ('PATCH', part_path, {'unit_cost': '1.234'}, 'unit_cost'),
        ('POST', part_path + '/stock', {'site_id': world.ids['site_id'], 'quantity': '1', 'kind': 'issue'}, 'kind'),
        ('POST', part_path + '/stock', {'site_id': world.ids['site_id'], 'quantity': '0'}, 'quantity'),
        ('POST', part_path + '/stock', {'site_id': world.ids['site_id'], 'quantity': 'lots'}, 'quantity'),
        ('PUT', part_path + '/stock-levels', {'site_id': world.ids['site_id'], 'min_stock': '-2'}, 'min_stock'),
        ('POST', part_path + '/stock', {'site_id': 2**70, 'quantity': '1'}, 'site_id'),
        ('GET', '/parts?site_id=99999999999999999999', None, 'site_id'),
        ('GET', '/stock-movements?work_order_id=99999999999999999999', None, 'work_order_id'),
        ('GET', '/parts?limit=501', None, 'limit'),
        ('GET', '/parts?q=a%00b', None, 'q'),
    ]
    for method, path, body, field in cases:
        response = client().request(method, '/api/v1' + path, headers=headers, json=body)
        assert field in error_fields(response), (path, body, response.text)
    problem(client().get('/api/v1/parts/0', headers=headers), 422)
    assert snapshot(world.org.id, PARTS_AND_LABOUR) == before


def test_the_parts_page_data_flags_low_stock_and_the_ledger_pages():
    world = stocked_world()
    org, headers = world.org, world.org.headers(Role.SUPERVISOR)
    low = make_part(org, {org.site_id: 1}, min_stock={org.site_id: 4})
    listed = client().get('/api/v1/parts', headers=headers, params={'low_only': 'true'}).json()
    assert [p['id'] for p in listed['items']] == [low.id] and listed['items'][0]['is_low'] is True
    part_path = f'/api/v1/parts/{low.id}'
    assert (
        client()
        .post(part_path + '/stock', headers=headers, json={'site_id': org.site_id, 'quantity': '5'})
        .json()['is_low']
        is False
    )
    counted = client().post(
        part_path + '/stock', headers=headers, json={'kind': 'adjustment', 'site_id': org.site_id, 'quantity': '2'}
    )
    assert counted.status_code == 200 and counted.json()['stock'][0]['on_hand'] == '2.000'
    ledger = client().get(part_path + '/movements', headers=headers, params={'limit': 2}).json()
    assert ledger['total'] == 3 and [m['kind'] for m in ledger['items']] == ['adjustment', 'receipt']
    assert [m['balance_after'] for m in ledger['items']] == ['2.000', '6.000']


def test_every_route_is_in_the_matrix():
    from app.inventory.api import router

    assert routes_of(router) == routes_in(ENDPOINTS)
