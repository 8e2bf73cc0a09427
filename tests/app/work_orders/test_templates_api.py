"""Every template route × every role against the permission table, 401 without credentials, 404 for unknown or
another organisation's templates, 409 for a taken name, 422 for bad input — and a refused request changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.core.enums import Role
from app.core.permissions import Permission
from app.work_orders import templates
from app.work_orders.template_schemas import TemplateCreate
from tests.support.access import Endpoint, World, assert_not_found, permission_matrix, routes_in, routes_of
from tests.support.api import client, problem
from tests.support.organizations import make_org, unique
from tests.support.services import call, make_part
from tests.support.snapshots import PARTS_AND_LABOUR, snapshot

pytestmark = pytest.mark.usefixtures('backend')


def new_world() -> World:
    """An organisation with a part and an active template."""
    org = make_org()
    part = make_part(org)
    data = TemplateCreate(name=unique('Filter change'), title='Change the filter', work_type='preventive')
    template = call(templates.create_template, principal=org.admin, data=data)
    return World(org, {'template_id': template.id, 'part_id': part.id})


@pytest.fixture(scope='module')
def world_factory() -> Callable[[], World]:
    return new_world


def new_template_body(world: World) -> dict[str, Any]:
    return {
        'name': unique('Quarterly HVAC PM'),
        'title': 'HVAC inspection',
        'work_type': 'preventive',
        'priority': 'high',
        'estimated_hours': '2.5',
        'steps': [{'title': 'Filter pressure drop', 'kind': 'number', 'min_value': 0, 'max_value': 250, 'unit': 'Pa'}],
        'parts': [{'part_id': world.ids['part_id'], 'quantity': '2'}],
    }


READ, MANAGE = Permission.WORK_ORDERS_READ, Permission.TEMPLATES_MANAGE
ENDPOINTS = [
    Endpoint('GET', '/work-order-templates', READ),
    Endpoint('POST', '/work-order-templates', MANAGE, new_template_body, 201, True),
    Endpoint('GET', '/work-order-templates/{template_id}', READ),
    Endpoint('PATCH', '/work-order-templates/{template_id}', MANAGE, lambda w: {'title': unique('T')}, 200, True),
    Endpoint('DELETE', '/work-order-templates/{template_id}', MANAGE, None, 204, True),
]


def with_active_template(world: World, endpoint: Endpoint) -> World:
    """The world; before a DELETE its template is reactivated, so that every DELETE has something to deactivate."""
    if endpoint.method == 'DELETE':
        client().patch(
            f'/api/v1/work-order-templates/{world.ids["template_id"]}',
            headers=world.org.headers(Role.ADMIN),
            json={'active': True},
        )
    return world


test_role_gets_exactly_what_the_permission_table_grants, test_no_or_bad_credentials_are_401 = permission_matrix(
    ENDPOINTS, PARTS_AND_LABOUR, setup=with_active_template
)


@pytest.mark.parametrize('endpoint', [e for e in ENDPOINTS if '{template_id}' in e.path], ids=str)
def test_unknown_and_other_organisations_templates_are_404(world: World, other_world: World, endpoint: Endpoint):
    assert_not_found(endpoint, world, other_world, PARTS_AND_LABOUR, ('template_id',))


def test_create_read_list_update_and_deactivate_round_trip():
    world = new_world()
    headers = world.org.headers(Role.SUPERVISOR)
    base = '/api/v1/work-order-templates'
    created = client().post(base, headers=headers, json=new_template_body(world))
    assert created.status_code == 201, created.text
    body = created.json()
    assert body['estimated_hours'] == '2.50' and body['parts'] == [{'part_id': world.ids['part_id'], 'quantity': '2'}]
    assert body['steps'][0]['kind'] == 'number' and body['steps'][0]['max_value'] == 250
    assert client().get(f'{base}/{body["id"]}', headers=headers).json() == body
    patched = client().patch(f'{base}/{body["id"]}', headers=headers, json={'priority': 'low', 'parts': []}).json()
    assert patched['priority'] == 'low' and patched['parts'] == [] and patched['title'] == body['title']
    assert client().delete(f'{base}/{body["id"]}', headers=headers).status_code == 204
    listed = client().get(base, headers=headers).json()
    assert [t['id'] for t in listed['items']] == [world.ids['template_id']] and listed['total'] == 1
    everything = client().get(base, headers=headers, params={'include_inactive': 'true'}).json()
    assert {t['id']: t['active'] for t in everything['items']} == {world.ids['template_id']: True, body['id']: False}


def test_conflicts_and_bad_input_change_nothing(world: World, other_world: World):
    other = other_world
    headers = world.org.headers(Role.ADMIN)
    base = '/api/v1/work-order-templates'
    taken = client().get(f'{base}/{world.ids["template_id"]}', headers=headers).json()['name']
    before = snapshot(world.org.id, PARTS_AND_LABOUR)
    assert (
        taken
        in problem(client().post(base, headers=headers, json={**new_template_body(world), 'name': taken}), 409)[
            'detail'
        ]
    )
    second = call(
        templates.create_template,
        principal=world.org.admin,
        data=TemplateCreate(name=unique('Second'), title='T', work_type='cleaning'),
    )
    before = snapshot(world.org.id, PARTS_AND_LABOUR)
    problem(client().patch(f'{base}/{second.id}', headers=headers, json={'name': taken}), 409)
    good = new_template_body(world)
    cases = [
        ({**good, 'work_type': 'magic'}, 'work_type'),
        ({**good, 'name': ''}, 'name'),
        ({**good, 'estimated_hours': '-1'}, 'estimated_hours'),
        ({**good, 'steps': [{'title': 'X', 'kind': 'checkbox', 'min_value': 1}]}, 'steps.0'),
        ({**good, 'parts': [{'part_id': other.ids['part_id'], 'quantity': '1'}]}, 'parts.0.part_id'),
        ({**good, 'parts': [{'part_id': world.ids['part_id'], 'quantity': '0'}]}, 'parts.0.quantity'),
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
    assert snapshot(world.org.id, PARTS_AND_LABOUR) == before


def test_every_route_is_in_the_matrix():
    from app.work_orders.templates_api import router

    assert routes_of(router) == routes_in(ENDPOINTS)
