"""The failure-code catalogue through the API, and completion asking for its codes: every route × role, 404 for
another organisation's entries, 409 for a taken code, and completing repair work (or work with a failed step)
refused with a 422 naming each missing field until the codes of the asset's type are given."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.core.enums import Role
from app.core.permissions import Permission
from app.work_orders import failure_codes
from app.work_orders.enums import WorkOrderStatus as S
from app.work_orders.models import FailureCode
from app.work_orders.schemas import FailureCodeCreate
from tests.support.access import Endpoint, World, assert_not_found, permission_matrix, routes_in, routes_of
from tests.support.api import client, problem
from tests.support.organizations import Org, make_org, unique
from tests.support.services import call, make_asset, make_work_order, step_definitions
from tests.support.snapshots import WORK_ORDERS, Holdings, snapshot

pytestmark = pytest.mark.usefixtures('backend')
CATALOGUE = Holdings((FailureCode, *WORK_ORDERS.models))
BASE = '/api/v1/failure-codes'


def add_code(org: Org, kind: str, code: str, label: str, asset_type: str = 'equipment') -> int:
    data = FailureCodeCreate(asset_type=asset_type, kind=kind, code=code, label=label)
    return call(failure_codes.create_failure_code, principal=org.admin, data=data).id


def seed(org: Org) -> None:
    """A small pump catalogue (type equipment), and one code of another type that a pump may not use."""
    add_code(org, 'problem', 'LEAK', 'Seal leaking')
    add_code(org, 'problem', 'NOISE', 'Abnormal noise')
    add_code(org, 'cause', 'WEAR', 'Seal face wear')
    add_code(org, 'remedy', 'SEAL', 'Replaced seal')
    add_code(org, 'problem', 'FLAT', 'Tyre flat', asset_type='vehicle')


def new_world() -> World:
    org = make_org()
    return World(org, {'code_id': add_code(org, 'problem', unique('P')[:30].upper(), 'Some problem')})


@pytest.fixture(scope='module')
def world_factory() -> Callable[[], World]:
    return new_world


READ, MANAGE = Permission.WORK_ORDERS_READ, Permission.WORK_ORDERS_MANAGE
ENDPOINTS = [
    Endpoint('GET', '/failure-codes', READ),
    Endpoint(
        'POST',
        '/failure-codes',
        MANAGE,
        lambda _: {'asset_type': 'tool', 'kind': 'cause', 'code': unique('c')[:30], 'label': 'Blunt'},
        201,
        True,
    ),
    Endpoint('PATCH', '/failure-codes/{code_id}', MANAGE, lambda _: {'label': unique('Renamed')}, 200, True),
    Endpoint('DELETE', '/failure-codes/{code_id}', MANAGE, None, 204, True),
]


def with_active_code(world: World, endpoint: Endpoint) -> World:
    """Before a DELETE the entry is offered again, so that every DELETE has something to deactivate."""
    if endpoint.method == 'DELETE':
        client().patch(f'{BASE}/{world.ids["code_id"]}', headers=world.org.headers(Role.ADMIN), json={'active': True})
    return world


test_role_gets_exactly_what_the_permission_table_grants, test_no_or_bad_credentials_are_401 = permission_matrix(
    ENDPOINTS, CATALOGUE, setup=with_active_code
)


@pytest.mark.parametrize('endpoint', [e for e in ENDPOINTS if '{code_id}' in e.path], ids=str)
def test_unknown_and_other_organisations_codes_are_404(world: World, other_world: World, endpoint: Endpoint):
    assert_not_found(endpoint, world, other_world, CATALOGUE, ('code_id',))


def test_every_route_is_in_the_matrix():
    from app.work_orders.failure_codes_api import router

    assert routes_of(router) == routes_in(ENDPOINTS)


def test_the_catalogue_round_trip_filters_by_type_and_kind_and_keeps_deactivated_entries():
    org = make_org()
    headers = org.headers(Role.SUPERVISOR)
    created = client().post(
        BASE, headers=headers, json={'asset_type': 'equipment', 'kind': 'problem', 'code': 'seal-leak', 'label': 'Leak'}
    )
    assert created.status_code == 201, created.text
    assert created.json()['code'] == 'SEAL-LEAK'  # codes are kept in capitals
    add_code(org, 'cause', 'WEAR', 'Wear')
    add_code(org, 'problem', 'FLAT', 'Flat tyre', asset_type='vehicle')
    listed = client().get(BASE, headers=headers, params={'asset_type': 'equipment', 'kind': 'problem'}).json()
    assert [c['code'] for c in listed] == ['SEAL-LEAK']
    assert client().delete(f'{BASE}/{created.json()["id"]}', headers=headers).status_code == 204
    assert [c['code'] for c in client().get(BASE, headers=headers, params={'asset_type': 'equipment'}).json()] == [
        'WEAR'
    ]
    everything = client().get(BASE, headers=headers, params={'include_inactive': True}).json()
    assert {c['code']: c['active'] for c in everything} == {'SEAL-LEAK': False, 'WEAR': True, 'FLAT': True}


def test_a_taken_code_is_409_and_bad_input_422_naming_the_field():
    org = make_org()
    headers = org.headers(Role.ADMIN)
    add_code(org, 'problem', 'LEAK', 'Leak')
    before = snapshot(org.id, CATALOGUE)
    body = {'asset_type': 'equipment', 'kind': 'problem', 'code': 'leak', 'label': 'Again'}
    assert 'LEAK' in problem(client().post(BASE, headers=headers, json=body), 409)['detail']
    for bad, field in (
        ({**body, 'code': 'LEAK 2'}, 'code'),
        ({**body, 'kind': 'symptom'}, 'kind'),
        ({**body, 'asset_type': 'spaceship'}, 'asset_type'),
        ({**body, 'label': ''}, 'label'),
    ):
        errors = problem(client().post(BASE, headers=headers, json=bad), 422)['errors']
        assert [e['field'] for e in errors] == [field], (bad, errors)
    assert snapshot(org.id, CATALOGUE) == before


def complete(org: Org, work_order_id: int, version: int, role: Role = Role.TECHNICIAN, **fields: str):
    body = {'status': 'completed', 'version': version, **fields}
    return client().put(f'/api/v1/work-orders/{work_order_id}/status', headers=org.headers(role), json=body)


def test_completing_corrective_work_asks_for_each_code_of_the_assets_catalogue_then_records_them():
    org = make_org()
    seed(org)
    pump = make_asset(org)
    job = make_work_order(org, asset_id=pump.id, work_type='corrective', status=S.IN_PROGRESS)
    before = snapshot(org.id, CATALOGUE)
    errors = problem(complete(org, job.id, job.version), 422)['errors']
    assert {e['field']: e['message'] for e in errors} == {
        'failure_problem': 'Choose what failed',
        'failure_cause': 'Choose why it failed',
        'failure_remedy': 'Choose what was done',
    }
    # A code of another asset type, or one not in the catalogue at all, is refused at its field.
    errors = problem(complete(org, job.id, job.version, failure_problem='FLAT', failure_cause='NOPE'), 422)['errors']
    assert {e['field'] for e in errors} == {'failure_problem', 'failure_cause', 'failure_remedy'}
    assert snapshot(org.id, CATALOGUE) == before  # nothing half-written
    done = complete(
        org,
        job.id,
        job.version,
        failure_problem='LEAK',
        failure_cause='WEAR',
        failure_remedy='SEAL',
        failure_note='Seal was dry: check the flush line',
    )
    assert done.status_code == 200, done.text
    read = client().get(f'/api/v1/work-orders/{job.id}', headers=org.headers(Role.VIEWER)).json()
    assert (read['status'], read['failure_problem'], read['failure_cause'], read['failure_remedy']) == (
        'completed',
        'LEAK',
        'WEAR',
        'SEAL',
    )
    assert read['failure_note'] == 'Seal was dry: check the flush line'


def test_a_failed_step_makes_the_codes_required_on_preventive_work_too():
    org = make_org()
    seed(org)
    pump = make_asset(org)
    steps = step_definitions(('Seal dry?', 'pass_fail'))
    job = make_work_order(org, asset_id=pump.id, work_type='preventive', steps=steps, status=S.IN_PROGRESS)
    step_id = job.steps[0].id if job.steps else None
    if step_id is None:
        step_id = (
            client().get(f'/api/v1/work-orders/{job.id}', headers=org.headers(Role.ADMIN)).json()['steps'][0]['id']
        )
    answer = client().post(
        f'/api/v1/work-orders/{job.id}/steps/{step_id}/complete',
        headers=org.headers(Role.TECHNICIAN),
        json={'passed': False},
    )
    assert answer.status_code == 200, answer.text
    current = client().get(f'/api/v1/work-orders/{job.id}', headers=org.headers(Role.ADMIN)).json()
    assert problem(complete(org, job.id, current['version']), 422)['errors'][0]['field'] == 'failure_problem'
    done = complete(
        org, job.id, current['version'], failure_problem='NOISE', failure_cause='WEAR', failure_remedy='SEAL'
    )
    assert done.status_code == 200, done.text


def test_preventive_work_without_failures_completes_without_codes_and_codes_belong_to_completion():
    org = make_org()
    seed(org)
    pump = make_asset(org)
    job = make_work_order(org, asset_id=pump.id, work_type='preventive', status=S.IN_PROGRESS)
    paused = client().put(
        f'/api/v1/work-orders/{job.id}/status',
        headers=org.headers(Role.TECHNICIAN),
        json={'status': 'on_hold', 'version': job.version, 'failure_problem': 'LEAK'},
    )
    assert problem(paused, 422)['errors'][0]['field'] == 'failure_problem'
    assert complete(org, job.id, job.version).status_code == 200


def test_an_organisation_without_a_catalogue_completes_repair_work_as_before():
    org = make_org()
    job = make_work_order(org, asset_id=make_asset(org).id, work_type='corrective', status=S.IN_PROGRESS)
    assert complete(org, job.id, job.version).status_code == 200


def test_editing_the_codes_later_keeps_to_the_catalogue():
    org = make_org()
    seed(org)
    job = make_work_order(org, asset_id=make_asset(org).id, work_type='corrective', status=S.IN_PROGRESS)
    patch = client().patch(
        f'/api/v1/work-orders/{job.id}',
        headers=org.headers(Role.TECHNICIAN),
        json={'version': job.version, 'failure_problem': 'Something else'},
    )
    assert problem(patch, 422)['errors'] == [
        {'field': 'failure_problem', 'message': 'Choose one of the codes in the list'}
    ]
