"""Every work-order endpoint × every role against the permission table, without credentials (401), with unknown or
another organisation's ids in the path (404) or the body (422) — and a refused request never changes anything."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from app.core.enums import Role
from app.core.permissions import ROLE_PERMISSIONS, Permission
from app.work_orders import comments, photos, steps
from app.work_orders.enums import WorkOrderStatus
from app.work_orders.schemas import CommentCreate, StepCompletion
from tests.app.work_orders.wo_support import (
    PNG,
    Org,
    call,
    client,
    make_asset,
    make_template,
    make_work_order,
    new_org,
    state,
)
from tests.app.work_orders.wo_support import steps as step_defs
from tests.factories import for_each_backend, unique

pytestmark = pytest.mark.usefixtures('backend')
UNKNOWN = 2**62
S = WorkOrderStatus
READ, REQUEST = Permission.WORK_ORDERS_READ, Permission.WORK_ORDERS_REQUEST
EXECUTE, MANAGE = Permission.WORK_ORDERS_EXECUTE, Permission.WORK_ORDERS_MANAGE
CHECKLIST = [('Lock out', 'checkbox'), {'title': 'Pressure', 'kind': 'number', 'max_value': 6}]


@dataclass
class World:
    org: Org
    ids: dict[str, int]


def new_world() -> World:
    """An organisation with an in-progress work order: a checklist (one step failed), a comment and a photo."""
    org = new_org()
    asset = make_asset(org)
    work_order = make_work_order(org, status=S.IN_PROGRESS, asset_id=asset.id, steps=step_defs(*CHECKLIST))
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


def fresh_in_progress(world: World) -> dict[str, int]:
    """A new in-progress work order of its own, so a granted write always has something to change."""
    work_order = make_work_order(world.org, status=S.IN_PROGRESS, steps=step_defs(*CHECKLIST))
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
    return {
        **world.ids,
        'work_order_id': work_order.id,
        'step_id': work_order.steps[0].id,
        'failed_step_id': work_order.steps[1].id,
    }


def current_version(ids: dict[str, int], world: World) -> int:
    return (
        client()
        .get(f'/api/v1/work-orders/{ids["work_order_id"]}', headers=world.org.headers(Role.ADMIN))
        .json()['version']
    )


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    permission: Permission
    body: Callable[[dict[str, int], World], dict[str, Any]] | None = None
    success: int = 200
    changes_data: bool = False
    upload: bool = False
    fresh: bool = False  # a write that needs a work order of its own

    def __str__(self) -> str:
        return f'{self.method} {self.path}'


WO = '/work-orders/{work_order_id}'
ENDPOINTS = [
    Endpoint('POST', '/work-orders', REQUEST, lambda ids, w: {'title': unique('Leak')}, 201, True),
    Endpoint('GET', '/work-orders', READ),
    Endpoint('GET', '/work-orders/board', READ),
    Endpoint('GET', WO, READ),
    Endpoint('PATCH', WO, MANAGE, lambda ids, w: {'version': current_version(ids, w), 'title': unique('T')}, 200, True),
    Endpoint('PUT', WO + '/status', EXECUTE, lambda ids, w: {'status': 'on_hold'}, 200, True, fresh=True),
    Endpoint('GET', WO + '/timeline', READ),
    Endpoint('POST', WO + '/steps/{step_id}/reopen', EXECUTE, None, 200, True, fresh=True),
    Endpoint(
        'POST', WO + '/steps/{failed_step_id}/complete', EXECUTE, lambda ids, w: {'value': 1}, 200, True, fresh=True
    ),
    Endpoint('POST', WO + '/steps/{failed_step_id}/follow-up', REQUEST, None, 200, True, fresh=True),
    Endpoint('GET', WO + '/comments', READ),
    Endpoint('POST', WO + '/comments', EXECUTE, lambda ids, w: {'body': unique('Note')}, 201, True),
    Endpoint('GET', WO + '/photos', READ),
    Endpoint('POST', WO + '/photos', EXECUTE, None, 201, True, upload=True),
    Endpoint('GET', WO + '/photos/{photo_id}', READ),
]


@pytest.fixture(scope='module')
def worlds(database_urls: dict[str, str]) -> dict[str, tuple[World, World]]:
    """Two organisations per backend, made once: each test compares the state around its own request."""
    return for_each_backend(database_urls, lambda: (new_world(), new_world()))


@pytest.fixture
def world(backend: str, worlds: dict[str, tuple[World, World]]) -> World:
    return worlds[backend][0]


@pytest.fixture
def other(backend: str, worlds: dict[str, tuple[World, World]]) -> World:
    return worlds[backend][1]


def send(endpoint: Endpoint, world: World, ids: dict[str, int], headers: dict[str, str] | None = None):
    path = '/api/v1' + endpoint.path.format(**ids)
    kwargs: dict[str, Any] = {}
    if endpoint.body:
        kwargs['json'] = endpoint.body(ids, world)
    if endpoint.upload:
        kwargs['files'] = {'file': ('photo.png', PNG, 'image/png')}
    return client().request(endpoint.method, path, headers=headers or {}, **kwargs)


@pytest.mark.parametrize('role', list(Role), ids=str)
@pytest.mark.parametrize('endpoint', ENDPOINTS, ids=str)
def test_role_gets_exactly_what_the_permission_table_grants(world: World, endpoint: Endpoint, role: Role):
    ids = fresh_in_progress(world) if endpoint.fresh else world.ids
    before = state(world.org.id)
    response = send(endpoint, world, ids, world.org.headers(role))
    after = state(world.org.id)
    if endpoint.permission in ROLE_PERMISSIONS[role]:
        assert response.status_code == endpoint.success, response.text
        assert (after != before) is endpoint.changes_data, 'a granted write changes data, a read changes nothing'
    else:
        assert response.status_code == 403, response.text
        assert response.headers['content-type'] == 'application/problem+json'
        assert role.value in response.json()['detail']
        assert after == before, 'a refused request must change nothing'


@pytest.mark.parametrize('endpoint', ENDPOINTS, ids=str)
def test_no_or_bad_credentials_are_401(world: World, endpoint: Endpoint):
    before = state(world.org.id)
    for headers in ({}, {'Authorization': 'Bearer cmms_nope_nope'}, {'Authorization': 'Basic abc'}):
        response = send(endpoint, world, world.ids, headers)
        assert response.status_code == 401, response.text
        assert response.headers['content-type'] == 'application/problem+json'
    assert state(world.org.id) == before


@pytest.mark.parametrize('endpoint', [e for e in ENDPOINTS if '{work_order_id}' in e.path], ids=str)
def test_unknown_and_other_organisations_ids_are_404_and_change_nothing(world: World, other: World, endpoint: Endpoint):
    before, other_before = state(world.org.id), state(other.org.id)
    attempts = [{**world.ids, 'work_order_id': UNKNOWN}, {**world.ids, 'work_order_id': other.ids['work_order_id']}]
    attempts.append(other.ids)
    for key in ('step_id', 'failed_step_id', 'photo_id'):
        if f'{{{key}}}' in endpoint.path:
            attempts += [{**world.ids, key: UNKNOWN}, {**world.ids, key: other.ids[key]}]
    for ids in attempts:
        body = {'version': 1, 'title': 'x'} if endpoint.method == 'PATCH' else None
        response = client().request(
            endpoint.method,
            '/api/v1' + endpoint.path.format(**ids),
            headers=world.org.headers(Role.ADMIN),
            json=body if body else (endpoint.body(world.ids, world) if endpoint.body else None),
            files={'file': ('photo.png', PNG, 'image/png')} if endpoint.upload else None,
        )
        assert response.status_code == 404, (ids, response.text)
        assert response.headers['content-type'] == 'application/problem+json'
    assert state(world.org.id) == before
    assert state(other.org.id) == other_before


@pytest.mark.parametrize(
    'field', ['asset_id', 'assignee_id', 'template_id', 'site_id'], ids=lambda f: f'another organisations {f}'
)
def test_another_organisations_ids_in_a_new_work_order_are_422_naming_the_field(world: World, other: World, field):
    foreign = {
        'asset_id': other.ids['asset_id'],
        'assignee_id': other.org.user_id(Role.TECHNICIAN),
        'template_id': make_template(other.org).id,
        'site_id': other.org.site_id,
    }[field]
    before, other_before = state(world.org.id), state(other.org.id)
    response = client().post(
        '/api/v1/work-orders', json={'title': 'x', field: foreign}, headers=world.org.headers(Role.ADMIN)
    )
    assert response.status_code == 422, response.text
    assert [e['field'] for e in response.json()['errors']] == [field]
    assert (state(world.org.id), state(other.org.id)) == (before, other_before)


@pytest.mark.parametrize('field', ['asset_id', 'assignee_id'])
def test_another_organisations_ids_in_a_plan_change_are_422_naming_the_field(world: World, other: World, field):
    foreign = other.ids['asset_id'] if field == 'asset_id' else other.org.user_id(Role.TECHNICIAN)
    ids = world.ids
    before = state(world.org.id)
    response = client().patch(
        f'/api/v1/work-orders/{ids["work_order_id"]}',
        json={'version': current_version(ids, world), field: foreign},
        headers=world.org.headers(Role.SUPERVISOR),
    )
    assert response.status_code == 422, response.text
    assert response.json()['errors'][0]['field'] == field
    assert state(world.org.id) == before


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

    routes = {(method, route.path) for route in router.routes for method in route.methods}
    assert routes == {(e.method, e.path.replace('{failed_step_id}', '{step_id}')) for e in ENDPOINTS}
