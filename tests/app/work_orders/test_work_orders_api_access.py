"""Every work-order endpoint × every role against the permission table, without credentials (401), with unknown or
another organisation's ids in the path (404) or the body (422) — and a refused request never changes anything."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.core.enums import Role
from app.core.permissions import Permission
from app.work_orders import comments, photos, steps
from app.work_orders.enums import WorkOrderStatus
from app.work_orders.schemas import CommentCreate, StepCompletion
from tests.support.access import Endpoint, World, assert_not_found, permission_matrix, routes_in, routes_of
from tests.support.api import client, error_fields
from tests.support.files import PNG
from tests.support.organizations import make_org, unique
from tests.support.services import call, make_asset, make_template, make_work_order, step_definitions
from tests.support.snapshots import WORK_ORDERS, snapshot

pytestmark = pytest.mark.usefixtures('backend')
S = WorkOrderStatus
READ, REQUEST = Permission.WORK_ORDERS_READ, Permission.WORK_ORDERS_REQUEST
EXECUTE, MANAGE = Permission.WORK_ORDERS_EXECUTE, Permission.WORK_ORDERS_MANAGE
CHECKLIST = [('Lock out', 'checkbox'), {'title': 'Pressure', 'kind': 'number', 'max_value': 6}]


def new_world() -> World:
    """An organisation with an in-progress work order: a checklist (one step failed), a comment and a photo."""
    org = make_org()
    asset = make_asset(org, site_id=org.site_id)
    work_order = make_work_order(org, status=S.IN_PROGRESS, asset_id=asset.id, steps=step_definitions(*CHECKLIST))
    failed = work_order.steps[1]
    call(
        steps.complete_step,
        principal=org.technician,
        work_order_id=work_order.id,
        step_id=failed.id,
        data=StepCompletion(value=9),
    )
    call(comments.add_comment, principal=org.technician, work_order_id=work_order.id, data=CommentCreate(body='Hi'))
    photo = call(
        photos.add_photo, principal=org.technician, work_order_id=work_order.id, file_name='p.png', content=PNG
    )
    ids = {
        'work_order_id': work_order.id,
        'step_id': work_order.steps[0].id,
        'failed_step_id': failed.id,
        'photo_id': photo.id,
        'asset_id': asset.id,
    }
    return World(org, ids)


@pytest.fixture(scope='module')
def world_factory() -> Callable[[], World]:
    return new_world


def fresh_in_progress(world: World) -> World:
    """A new in-progress work order of its own, so a granted write always has something to change."""
    work_order = make_work_order(world.org, status=S.IN_PROGRESS, steps=step_definitions(*CHECKLIST))
    call(
        steps.complete_step,
        principal=world.org.technician,
        work_order_id=work_order.id,
        step_id=work_order.steps[0].id,
        data=StepCompletion(done=True),
    )
    call(
        steps.complete_step,
        principal=world.org.technician,
        work_order_id=work_order.id,
        step_id=work_order.steps[1].id,
        data=StepCompletion(value=9),
    )
    ids = {'work_order_id': work_order.id, 'step_id': work_order.steps[0].id, 'failed_step_id': work_order.steps[1].id}
    return World(world.org, {**world.ids, **ids})


def with_fresh_work_order(world: World, endpoint: Endpoint) -> World:
    return fresh_in_progress(world) if endpoint.fresh else world


def current_version(world: World) -> int:
    """The version of the world's work order, as a PATCH must send it."""
    path = f'/api/v1/work-orders/{world.ids["work_order_id"]}'
    return client().get(path, headers=world.org.headers(Role.ADMIN)).json()['version']


WO = '/work-orders/{work_order_id}'
ENDPOINTS = [
    Endpoint('POST', '/work-orders', REQUEST, lambda w: {'title': unique('Leak')}, 201, True),
    Endpoint('GET', '/work-orders', READ),
    Endpoint('GET', '/work-orders/board', READ),
    Endpoint('GET', '/work-orders/export', READ),
    Endpoint('GET', WO, READ),
    Endpoint('PATCH', WO, MANAGE, lambda w: {'version': current_version(w), 'title': unique('T')}, 200, True),
    Endpoint('PUT', WO + '/status', EXECUTE, lambda w: {'status': 'on_hold'}, 200, True, fresh=True),
    Endpoint('POST', WO + '/take', EXECUTE, None, 200, True, fresh=True),
    Endpoint('GET', WO + '/timeline', READ),
    Endpoint('POST', WO + '/steps/{step_id}/reopen', EXECUTE, None, 200, True, fresh=True),
    Endpoint('POST', WO + '/steps/{failed_step_id}/complete', EXECUTE, lambda w: {'value': 1}, 200, True, fresh=True),
    Endpoint('POST', WO + '/steps/{failed_step_id}/follow-up', REQUEST, None, 200, True, fresh=True),
    Endpoint('GET', WO + '/comments', READ),
    Endpoint('POST', WO + '/comments', EXECUTE, lambda w: {'body': unique('Note')}, 201, True),
    Endpoint('GET', WO + '/photos', READ),
    Endpoint('POST', WO + '/photos', EXECUTE, None, 201, True, upload=True),
    Endpoint('GET', WO + '/photos/{photo_id}', READ),
]


test_role_gets_exactly_what_the_permission_table_grants, test_no_or_bad_credentials_are_401 = permission_matrix(
    ENDPOINTS, WORK_ORDERS, setup=with_fresh_work_order
)


@pytest.mark.parametrize('endpoint', [e for e in ENDPOINTS if '{work_order_id}' in e.path], ids=str)
def test_unknown_and_other_organisations_ids_are_404_and_change_nothing(
    world: World, other_world: World, endpoint: Endpoint
):
    keys = ('work_order_id', 'step_id', 'failed_step_id', 'photo_id')
    assert_not_found(endpoint, world, other_world, WORK_ORDERS, keys)


@pytest.mark.parametrize(
    'field', ['asset_id', 'assignee_id', 'template_id', 'site_id'], ids=lambda f: f'another organisations {f}'
)
def test_another_organisations_ids_in_a_new_work_order_are_422_naming_the_field(
    world: World, other_world: World, field
):
    other = other_world
    foreign = {
        'asset_id': other.ids['asset_id'],
        'assignee_id': other.org.user_id(Role.TECHNICIAN),
        'template_id': make_template(other.org).id,
        'site_id': other.org.site_id,
    }[field]
    before, other_before = snapshot(world.org.id, WORK_ORDERS), snapshot(other.org.id, WORK_ORDERS)
    response = client().post(
        '/api/v1/work-orders', json={'title': 'x', field: foreign}, headers=world.org.headers(Role.ADMIN)
    )
    assert error_fields(response) == [field]
    assert (snapshot(world.org.id, WORK_ORDERS), snapshot(other.org.id, WORK_ORDERS)) == (before, other_before)


@pytest.mark.parametrize('field', ['asset_id', 'assignee_id'])
def test_another_organisations_ids_in_a_plan_change_are_422_naming_the_field(world: World, other_world: World, field):
    other = other_world
    foreign = other.ids['asset_id'] if field == 'asset_id' else other.org.user_id(Role.TECHNICIAN)
    ids = world.ids
    before = snapshot(world.org.id, WORK_ORDERS)
    response = client().patch(
        f'/api/v1/work-orders/{ids["work_order_id"]}',
        json={'version': current_version(world), field: foreign},
        headers=world.org.headers(Role.SUPERVISOR),
    )
    assert response.status_code == 422, response.text
    assert response.json()['errors'][0]['field'] == field
    assert snapshot(world.org.id, WORK_ORDERS) == before


def test_other_organisations_work_orders_are_never_listed_counted_or_on_the_board():
    world, other = new_world(), new_world()  # fresh: the shared worlds gain work orders from other tests
    headers = world.org.headers(Role.VIEWER)
    listed = client().get('/api/v1/work-orders', headers=headers, params={'limit': 500}).json()
    assert listed['total'] == 1 and [w['id'] for w in listed['items']] == [world.ids['work_order_id']]
    by_asset = client().get('/api/v1/work-orders', headers=headers, params={'asset_id': other.ids['asset_id']})
    assert by_asset.json()['total'] == 0
    search = client().get('/api/v1/work-orders', headers=headers, params={'q': 'WO-000001'}).json()
    assert [w['id'] for w in search['items']] == [world.ids['work_order_id']]
    board = client().get('/api/v1/work-orders/board', headers=headers).json()
    assert sum(column['total'] for column in board.values()) == 1


def test_every_work_order_route_is_in_the_matrix():
    from app.work_orders.api import router

    assert routes_of(router) == {
        (method, path.replace('{failed_step_id}', '{step_id}')) for method, path in routes_in(ENDPOINTS)
    }
