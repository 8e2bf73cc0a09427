"""Every route of what is used on a work order (parts from stock, time logged, the running timer) × every role
against the permission table, without credentials (401), with unknown or another organisation's ids in paths (404)
and bodies (422), conflicts (409) and bad input (422) — and a refused request never changes anything."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.core.enums import Role
from app.core.permissions import Permission
from app.work_orders.enums import WorkOrderStatus
from tests.support.access import (
    UNKNOWN_ID,
    Endpoint,
    World,
    assert_not_found,
    permission_matrix,
    routes_in,
    routes_of,
    stocked_world,
)
from tests.support.api import client, error_fields, problem
from tests.support.rows import on_hand
from tests.support.services import make_job, make_part
from tests.support.snapshots import PARTS_AND_LABOUR, snapshot

pytestmark = pytest.mark.usefixtures('backend')


@pytest.fixture(scope='module')
def world_factory() -> Callable[[], World]:
    return stocked_world


READ, EXECUTE = Permission.WORK_ORDERS_READ, Permission.WORK_ORDERS_EXECUTE
ENDPOINTS = [
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


test_role_gets_exactly_what_the_permission_table_grants, test_no_or_bad_credentials_are_401 = permission_matrix(
    ENDPOINTS, PARTS_AND_LABOUR
)


@pytest.mark.parametrize('endpoint', [e for e in ENDPOINTS if '_id}' in e.path], ids=str)
def test_unknown_and_other_organisations_ids_in_paths_are_404(world: World, other_world: World, endpoint: Endpoint):
    assert_not_found(endpoint, world, other_world, PARTS_AND_LABOUR, ('work_order_id',))


def test_other_organisations_ids_in_bodies_never_succeed(world: World, other_world: World):
    other = other_world
    before, other_before = snapshot(world.org.id, PARTS_AND_LABOUR), snapshot(other.org.id, PARTS_AND_LABOUR)
    headers = world.org.headers(Role.ADMIN)
    order_path, theirs = f'/api/v1/work-orders/{world.ids["work_order_id"]}', other.ids
    cases = [
        ('/parts', {'part_id': theirs['part_id'], 'quantity': '1'}, 'part_id'),
        ('/parts', {'part_id': world.ids['part_id'], 'quantity': '1', 'site_id': theirs['site_id']}, 'site_id'),
        ('/time-logs', {'hours': '1', 'user_id': other.org.users[Role.TECHNICIAN].id}, 'user_id'),
    ]
    for path, body, field in cases:
        response = client().post(order_path + path, headers=headers, json=body)
        assert [e['field'] for e in problem(response, 422)['errors']] == [field], path
    assert snapshot(world.org.id, PARTS_AND_LABOUR) == before
    assert snapshot(other.org.id, PARTS_AND_LABOUR) == other_before


def test_conflicts_are_409_with_a_clear_detail_and_change_nothing(world: World):
    headers = world.org.headers(Role.TECHNICIAN)
    org = world.org
    part = make_part(org, {org.site_id: 1}, name='Coupling insert')
    order_id = make_job(org)
    closed = make_job(org, status=WorkOrderStatus.COMPLETED)
    before = snapshot(org.id, PARTS_AND_LABOUR)
    cases = [
        (f'/work-orders/{order_id}/parts', {'part_id': part.id, 'quantity': '2'}, 'only 1 pcs of Coupling insert left'),
        (f'/work-orders/{order_id}/parts', {'part_id': part.id, 'quantity': '1', 'kind': 'return'}, 'used 0 pcs'),
        (f'/work-orders/{closed}/parts', {'part_id': part.id, 'quantity': '1'}, 'is completed'),
        (f'/work-orders/{closed}/time-logs', {'hours': '1'}, 'is completed'),
        (f'/work-orders/{order_id}/time-logs', {'action': 'stop'}, 'no timer of yours'),
    ]
    for path, body, detail in cases:
        assert detail in problem(client().post('/api/v1' + path, headers=headers, json=body), 409)['detail']
    assert snapshot(org.id, PARTS_AND_LABOUR) == before and on_hand(part.id, org.site_id) == 1


def test_bad_input_is_422_naming_the_field_and_changes_nothing(world: World):
    headers = world.org.headers(Role.ADMIN)
    order_path = f'/work-orders/{world.ids["work_order_id"]}'
    before = snapshot(world.org.id, PARTS_AND_LABOUR)
    cases = [
        ('POST', order_path + '/parts', {'part_id': world.ids['part_id'], 'quantity': '0'}, 'quantity'),
        ('POST', order_path + '/parts', {'part_id': world.ids['part_id'], 'quantity': '1.0001'}, 'quantity'),
        ('POST', order_path + '/parts', {'part_id': UNKNOWN_ID, 'quantity': '1'}, 'part_id'),
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
    ]
    for method, path, body, field in cases:
        response = client().request(method, '/api/v1' + path, headers=headers, json=body)
        assert field in error_fields(response), (path, body, response.text)
    assert snapshot(world.org.id, PARTS_AND_LABOUR) == before


def test_every_route_is_in_the_matrix():
    from app.work_orders.usage_api import router

    assert routes_of(router) == routes_in(ENDPOINTS)
