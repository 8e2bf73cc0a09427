"""Every template route × every role against the permission table, 401 without credentials, 404 for unknown or
another organisation's templates, 409 for a taken name, 422 for bad input — and a refused request changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from app.core.enums import Role
from app.core.permissions import ROLE_PERMISSIONS, Permission
from app.work_orders import templates
from app.work_orders.template_schemas import TemplateCreate
from tests.app.work_orders.parts_support import Shop, call, client, make_part, new_shop, state
from tests.factories import for_each_backend, unique

pytestmark = pytest.mark.usefixtures('backend')
UNKNOWN = 2**62


@dataclass
class World:
    shop: Shop
    template_id: int
    part_id: int


def new_world() -> World:
    shop = new_shop()
    part = make_part(shop)
    data = TemplateCreate(name=unique('Filter change'), title='Change the filter', work_type='preventive')
    return World(shop, call(templates.create_template, principal=shop.admin, data=data).id, part.id)


def new_template_body(world: World) -> dict[str, Any]:
    return {
        'name': unique('Quarterly HVAC PM'),
        'title': 'HVAC inspection',
        'work_type': 'preventive',
        'priority': 'high',
        'estimated_hours': '2.5',
        'steps': [{'title': 'Filter pressure drop', 'kind': 'number', 'min_value': 0, 'max_value': 250, 'unit': 'Pa'}],
        'parts': [{'part_id': world.part_id, 'quantity': '2'}],
    }


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


READ, MANAGE = Permission.WORK_ORDERS_READ, Permission.TEMPLATES_MANAGE
ENDPOINTS = [
    Endpoint('GET', '/work-order-templates', READ),
    Endpoint('POST', '/work-order-templates', MANAGE, new_template_body, 201, True),
    Endpoint('GET', '/work-order-templates/{template_id}', READ),
    Endpoint('PATCH', '/work-order-templates/{template_id}', MANAGE, lambda w: {'title': unique('T')}, 200, True),
    Endpoint('DELETE', '/work-order-templates/{template_id}', MANAGE, None, 204, True),
]


@pytest.fixture(scope='module')
def worlds(database_urls: dict[str, str]) -> dict[str, tuple[World, World]]:
    return for_each_backend(database_urls, lambda: (new_world(), new_world()))


@pytest.fixture
def world(backend: str, worlds: dict[str, tuple[World, World]]) -> World:
    return worlds[backend][0]


@pytest.fixture
def other(backend: str, worlds: dict[str, tuple[World, World]]) -> World:
    return worlds[backend][1]


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers['content-type'] == 'application/problem+json'
    return response.json()


@pytest.mark.parametrize('role', list(Role), ids=str)
@pytest.mark.parametrize('endpoint', ENDPOINTS, ids=str)
def test_role_gets_exactly_what_the_permission_table_grants(world: World, endpoint: Endpoint, role: Role):
    if endpoint.method == 'DELETE':  # reactivate first, so that every DELETE has something to deactivate
        client().patch(
            f'/api/v1/work-order-templates/{world.template_id}',
            headers=world.shop.headers(Role.ADMIN),
            json={'active': True},
        )
    before = state(world.shop.id)
    path = '/api/v1' + endpoint.path.format(template_id=world.template_id)
    body = endpoint.body(world) if endpoint.body else None
    response = client().request(endpoint.method, path, headers=world.shop.headers(role), json=body)
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
        path = '/api/v1' + endpoint.path.format(template_id=world.template_id)
        problem(client().request(endpoint.method, path, headers=headers, json=None), 401)
    assert state(world.shop.id) == before


@pytest.mark.parametrize('endpoint', [e for e in ENDPOINTS if '{template_id}' in e.path], ids=str)
def test_unknown_and_other_organisations_templates_are_404(world: World, other: World, endpoint: Endpoint):
    before, other_before = state(world.shop.id), state(other.shop.id)
    for template_id in (UNKNOWN, other.template_id):
        path = '/api/v1' + endpoint.path.format(template_id=template_id)
        body = endpoint.body(world) if endpoint.body else None
        problem(client().request(endpoint.method, path, headers=world.shop.headers(Role.ADMIN), json=body), 404)
    assert state(world.shop.id) == before and state(other.shop.id) == other_before


def test_create_read_list_update_and_deactivate_round_trip():
    world = new_world()
    headers = world.shop.headers(Role.SUPERVISOR)
    base = '/api/v1/work-order-templates'
    created = client().post(base, headers=headers, json=new_template_body(world))
    assert created.status_code == 201, created.text
    body = created.json()
    assert body['estimated_hours'] == '2.50' and body['parts'] == [{'part_id': world.part_id, 'quantity': '2'}]
    assert body['steps'][0]['kind'] == 'number' and body['steps'][0]['max_value'] == 250
    assert client().get(f'{base}/{body["id"]}', headers=headers).json() == body
    patched = client().patch(f'{base}/{body["id"]}', headers=headers, json={'priority': 'low', 'parts': []}).json()
    assert patched['priority'] == 'low' and patched['parts'] == [] and patched['title'] == body['title']
    assert client().delete(f'{base}/{body["id"]}', headers=headers).status_code == 204
    listed = client().get(base, headers=headers).json()
    assert [t['id'] for t in listed['items']] == [world.template_id] and listed['total'] == 1
    everything = client().get(base, headers=headers, params={'include_inactive': 'true'}).json()
    assert {t['id']: t['active'] for t in everything['items']} == {world.template_id: True, body['id']: False}


def test_conflicts_and_bad_input_change_nothing(world: World, other: World):
    headers = world.shop.headers(Role.ADMIN)
    base = '/api/v1/work-order-templates'
    taken = client().get(f'{base}/{world.template_id}', headers=headers).json()['name']
    before = state(world.shop.id)
    assert (
        taken
        in problem(client().post(base, headers=headers, json={**new_template_body(world), 'name': taken}), 409)[
            'detail'
        ]
    )
    second = call(
        templates.create_template,
        principal=world.shop.admin,
        data=TemplateCreate(name=unique('Second'), title='T', work_type='cleaning'),
    )
    before = state(world.shop.id)
    problem(client().patch(f'{base}/{second.id}', headers=headers, json={'name': taken}), 409)
    good = new_template_body(world)
    cases = [
        ({**good, 'work_type': 'magic'}, 'work_type'),
        ({**good, 'name': ''}, 'name'),
        ({**good, 'estimated_hours': '-1'}, 'estimated_hours'),
        ({**good, 'steps': [{'title': 'X', 'kind': 'checkbox', 'min_value': 1}]}, 'steps.0'),
        ({**good, 'parts': [{'part_id': other.part_id, 'quantity': '1'}]}, 'parts.0.part_id'),
        ({**good, 'parts': [{'part_id': world.part_id, 'quantity': '0'}]}, 'parts.0.quantity'),
        ({**good, 'owner': 'me'}, 'owner'),
        ({**good, 'parts': [{'part_id': 2**70, 'quantity': '1'}]}, 'parts.0.part_id'),
    ]
    for body, field in cases:
        errors = problem(client().post(base, headers=headers, json=body), 422)['errors']
        assert field in [e['field'] for e in errors], (body, errors)
    for body, field in (({'title': None}, 'title'), ({'steps': None}, 'steps'), ({'active': 'maybe'}, 'active')):
        errors = problem(client().patch(f'{base}/{second.id}', headers=headers, json=body), 422)['errors']
        assert [e['field'] for e in errors] == [field]
    problem(client().get(base, headers=headers, params={'q': 'a\x00b'}), 422)
    assert state(world.shop.id) == before


def test_every_route_is_in_the_matrix():
    from app.work_orders.templates_api import router

    routes = {(method, route.path) for route in router.routes for method in route.methods}
    assert routes == {(e.method, e.path) for e in ENDPOINTS}
