"""Every parts, stock and labour route × every role against the permission table, without credentials (401), with
unknown or another organisation's ids in paths (404) and bodies (422), conflicts (409) and bad input (422) — and a
refused request never changes anything."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from app.core.enums import Role
from app.core.permissions import ROLE_PERMISSIONS, Permission
from app.work_orders.enums import WorkOrderStatus
from tests.app.work_orders.parts_support import Shop, client, make_part, make_work_order, new_shop, on_hand, state
from tests.factories import for_each_backend, unique

pytestmark = pytest.mark.usefixtures('backend')
UNKNOWN = 2**62
_levels = itertools.count(1)


@dataclass
class World:
    shop: Shop
    ids: dict[str, int]


def new_world() -> World:
    """A shop with a well-stocked part and an open work order at its first site."""
    shop = new_shop()
    part = make_part(shop, {shop.site_id: 100_000})
    return World(shop, {'part_id': part.id, 'work_order_id': make_work_order(shop), 'site_id': shop.site_id})


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    permission: Permission
    body: Callable[[World], dict[str, Any]] | None = None
    success: int = 200
    changes_data: bool = False

    def __str__(self) -> str:
        return f'{self.method} {self.path}'


READ, MANAGE, EXECUTE = Permission.WORK_ORDERS_READ, Permission.PARTS_MANAGE, Permission.WORK_ORDERS_EXECUTE
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
    Endpoint(
        'POST',
        '/work-orders/{work_order_id}/parts',
        EXECUTE,
        lambda w: {'part_id': w.ids['part_id'], 'quantity': '1'},
        200,
        True,
    ),
    Endpoint('GET', '/work-orders/{work_order_id}/parts', READ),
    Endpoint('POST', '/work-orders/{work_order_id}/time-logs', EXECUTE, lambda w: {'hours': '0.5'}, 201, True),
    Endpoint('GET', '/work-orders/{work_order_id}/time-logs', READ),
    Endpoint('GET', '/me/timer', READ),
]


@pytest.fixture(scope='module')
def worlds(database_urls: dict[str, str]) -> dict[str, tuple[World, World]]:
    """Two shops per backend, made once: each test compares the state around its own request."""
    return for_each_backend(database_urls, lambda: (new_world(), new_world()))


@pytest.fixture
def world(backend: str, worlds: dict[str, tuple[World, World]]) -> World:
    return worlds[backend][0]


@pytest.fixture
def other(backend: str, worlds: dict[str, tuple[World, World]]) -> World:
    return worlds[backend][1]


def send(endpoint: Endpoint, world: World, ids: dict[str, int], headers: dict[str, str]):
    path = '/api/v1' + endpoint.path.format(**ids)
    body = endpoint.body(world) if endpoint.body else None
    return client().request(endpoint.method, path, headers=headers, json=body)


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers['content-type'] == 'application/problem+json'
    return response.json()


@pytest.mark.parametrize('role', list(Role), ids=str)
@pytest.mark.parametrize('endpoint', ENDPOINTS, ids=str)
def test_role_gets_exactly_what_the_permission_table_grants(world: World, endpoint: Endpoint, role: Role):
    before = state(world.shop.id)
    response = send(endpoint, world, world.ids, world.shop.headers(role))
    after = state(world.shop.id)
    if endpoint.permission in ROLE_PERMISSIONS[role]:
        assert response.status_code == endpoint.success, response.text
        assert (after != before) is endpoint.changes_data, 'a granted write changes data, a read changes nothing'
    else:
        assert role.value in problem(response, 403)['detail']
        assert after == before, 'a refused request must change nothing'


@pytest.mark.parametrize('endpoint', ENDPOINTS, ids=str)
def test_no_or_bad_credentials_are_401(world: World, endpoint: Endpoint):
    before = state(world.shop.id)
    for headers in ({}, {'Authorization': 'Bearer cmms_nope_nope'}, {'Authorization': 'Basic abc'}):
        problem(send(endpoint, world, world.ids, headers), 401)
    assert state(world.shop.id) == before


@pytest.mark.parametrize('endpoint', [e for e in ENDPOINTS if '_id}' in e.path], ids=str)
def test_unknown_and_other_organisations_ids_in_paths_are_404(world: World, other: World, endpoint: Endpoint):
    before, other_before = state(world.shop.id), state(other.shop.id)
    key = 'part_id' if '{part_id}' in endpoint.path else 'work_order_id'
    for value in (UNKNOWN, other.ids[key]):
        response = send(endpoint, world, {**world.ids, key: value}, world.shop.headers(Role.ADMIN))
        problem(response, 404)
    assert state(world.shop.id) == before and state(other.shop.id) == other_before


def test_other_organisations_ids_in_bodies_and_filters_never_succeed(world: World, other: World):
    before, other_before = state(world.shop.id), state(other.shop.id)
    headers = world.shop.headers(Role.ADMIN)
    base, theirs = '/api/v1', other.ids
    cases = [
        (
            'POST',
            f'/work-orders/{world.ids["work_order_id"]}/parts',
            {'part_id': theirs['part_id'], 'quantity': '1'},
            'part_id',
        ),
        (
            'POST',
            f'/work-orders/{world.ids["work_order_id"]}/parts',
            {'part_id': world.ids['part_id'], 'quantity': '1', 'site_id': theirs['site_id']},
            'site_id',
        ),
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
        (
            'POST',
            f'/work-orders/{world.ids["work_order_id"]}/time-logs',
            {'hours': '1', 'user_id': other.shop.users[Role.TECHNICIAN].id},
            'user_id',
        ),
    ]
    for method, path, body, field in cases:
        response = client().request(method, base + path, headers=headers, json=body)
        assert [e['field'] for e in problem(response, 422)['errors']] == [field], path
    for params in ({'work_order_id': theirs['work_order_id']}, {'part_id': theirs['part_id']}):
        problem(client().get(base + '/stock-movements', headers=headers, params=params), 404)
    listed = client().get(base + '/parts', headers=headers, params={'site_id': theirs['site_id']}).json()
    assert listed['total'] == 0
    assert state(world.shop.id) == before and state(other.shop.id) == other_before


def test_conflicts_are_409_with_a_clear_detail_and_change_nothing(world: World):
    headers = world.shop.headers(Role.TECHNICIAN)
    shop = world.shop
    part = make_part(shop, {shop.site_id: 1}, name='Coupling insert')
    order_id = make_work_order(shop)
    closed = make_work_order(shop, status=WorkOrderStatus.COMPLETED)
    taken = client().get(f'/api/v1/parts/{world.ids["part_id"]}', headers=headers).json()['part_number']
    before = state(shop.id)
    cases = [
        (f'/work-orders/{order_id}/parts', {'part_id': part.id, 'quantity': '2'}, 'only 1 pcs of Coupling insert left'),
        (f'/work-orders/{order_id}/parts', {'part_id': part.id, 'quantity': '1', 'kind': 'return'}, 'used 0 pcs'),
        (f'/work-orders/{closed}/parts', {'part_id': part.id, 'quantity': '1'}, 'is completed'),
        (f'/work-orders/{closed}/time-logs', {'hours': '1'}, 'is completed'),
        (f'/work-orders/{order_id}/time-logs', {'action': 'stop'}, 'no timer of yours'),
    ]
    for path, body, detail in cases:
        assert detail in problem(client().post('/api/v1' + path, headers=headers, json=body), 409)['detail']
    admin = shop.headers(Role.ADMIN)
    response = client().post('/api/v1/parts', headers=admin, json={'part_number': taken, 'name': 'Twin'})
    assert taken in problem(response, 409)['detail']
    response = client().patch(f'/api/v1/parts/{part.id}', headers=admin, json={'part_number': taken})
    problem(response, 409)
    assert state(shop.id) == before and on_hand(part.id, shop.site_id) == 1


def test_bad_input_is_422_naming_the_field_and_changes_nothing(world: World):
    headers = world.shop.headers(Role.ADMIN)
    part_path, order_path = f'/parts/{world.ids["part_id"]}', f'/work-orders/{world.ids["work_order_id"]}'
    before = state(world.shop.id)
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
        ('POST', order_path + '/parts', {'part_id': world.ids['part_id'], 'quantity': '0'}, 'quantity'),
        ('POST', order_path + '/parts', {'part_id': world.ids['part_id'], 'quantity': '1.0001'}, 'quantity'),
        ('POST', order_path + '/parts', {'part_id': UNKNOWN, 'quantity': '1'}, 'part_id'),
        (
            'POST',
            order_path + '/parts',
            {'part_id': world.ids['part_id'], 'quantity': '1', 'kind': 'adjustment'},
            'kind',
        ),
        ('POST', order_path + '/time-logs', {'hours': '25'}, 'hours'),
        ('POST', order_path + '/time-logs', {'hours': '1', 'action': 'pause'}, 'action'),
        ('POST', order_path + '/time-logs', {}, 'hours'),
        ('POST', order_path + '/parts', {'part_id': 2**70, 'quantity': '1'}, 'part_id'),
        (
            'POST',
            order_path + '/parts',
            {'part_id': world.ids['part_id'], 'quantity': '1', 'site_id': 2**70},
            'site_id',
        ),
        ('POST', order_path + '/time-logs', {'hours': '1', 'user_id': 2**70}, 'user_id'),
        ('POST', order_path + '/time-logs', {'hours': '1', 'started_at': '0001-01-01T00:00:00+14:00'}, 'started_at'),
        ('POST', order_path + '/time-logs', {'hours': '1', 'started_at': '9999-12-31T23:59:59-14:00'}, 'started_at'),
        ('POST', order_path + '/time-logs', {'hours': 'NaN'}, 'hours'),
        ('POST', part_path + '/stock', {'site_id': 2**70, 'quantity': '1'}, 'site_id'),
        ('GET', '/parts?site_id=99999999999999999999', None, 'site_id'),
        ('GET', '/stock-movements?work_order_id=99999999999999999999', None, 'work_order_id'),
        ('GET', '/parts?limit=501', None, 'limit'),
        ('GET', '/parts?q=a%00b', None, 'q'),
    ]
    for method, path, body, field in cases:
        response = client().request(method, '/api/v1' + path, headers=headers, json=body)
        assert field in [e['field'] for e in problem(response, 422)['errors']], (path, body, response.text)
    problem(client().get('/api/v1/parts/0', headers=headers), 422)
    assert state(world.shop.id) == before


def test_the_parts_page_data_flags_low_stock_and_the_ledger_pages():
    world = new_world()
    shop, headers = world.shop, world.shop.headers(Role.SUPERVISOR)
    low = make_part(shop, {shop.site_id: 1}, min_stock={shop.site_id: 4})
    listed = client().get('/api/v1/parts', headers=headers, params={'low_only': 'true'}).json()
    assert [p['id'] for p in listed['items']] == [low.id] and listed['items'][0]['is_low'] is True
    part_path = f'/api/v1/parts/{low.id}'
    assert (
        client()
        .post(part_path + '/stock', headers=headers, json={'site_id': shop.site_id, 'quantity': '5'})
        .json()['is_low']
        is False
    )
    counted = client().post(
        part_path + '/stock', headers=headers, json={'kind': 'adjustment', 'site_id': shop.site_id, 'quantity': '2'}
    )
    assert counted.status_code == 200 and counted.json()['stock'][0]['on_hand'] == '2.000'
    ledger = client().get(part_path + '/movements', headers=headers, params={'limit': 2}).json()
    assert ledger['total'] == 3 and [m['kind'] for m in ledger['items']] == ['adjustment', 'receipt']
    assert [m['balance_after'] for m in ledger['items']] == ['2.000', '6.000']


def test_every_route_is_in_the_matrix():
    from app.inventory.api import router as inventory_router
    from app.work_orders.usage_api import router as usage_router

    routes = {
        (method, route.path)
        for router in (inventory_router, usage_router)
        for route in router.routes
        for method in route.methods
    }
    assert routes == {(e.method, e.path) for e in ENDPOINTS}
