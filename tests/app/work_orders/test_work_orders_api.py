"""The work-order JSON API end to end on SQLite and PostgreSQL: the contract's fields, problem details naming the
field, list filters as repeated or comma-separated parameters, the board, steps, timeline, comments and photos."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.core.enums import Role
from app.work_orders.enums import WorkOrderStatus
from app.work_orders.photos import photo_directory
from tests.support.api import API, api_call, client
from tests.support.files import PNG
from tests.support.organizations import Org, make_org
from tests.support.services import make_asset, make_template, make_work_order
from tests.support.snapshots import WORK_ORDERS, snapshot, stored_files

pytestmark = pytest.mark.usefixtures('backend')
S = WorkOrderStatus
CONTRACT_FIELDS = {
    *('id', 'number', 'title', 'description', 'asset_id', 'work_type', 'priority', 'status', 'is_overdue'),
    *('due_at', 'assignee_id', 'team', 'estimated_hours', 'actual_hours', 'estimated_cost', 'actual_cost'),
    *('steps', 'parts', 'schedule_id', 'version'),
}


def test_create_from_a_template_then_read_it_with_every_contract_field(org: Org):
    asset = make_asset(org, site_id=org.site_id)
    template = make_template(org)
    due = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    body = {
        'template_id': template.id,
        'asset_id': asset.id,
        'status': 'scheduled',
        'due_at': due.isoformat(),
        'assignee_id': org.user_id(Role.TECHNICIAN),
        'team': 'Mechanics',
    }
    created = api_call(org, 'POST', '/work-orders', json=body)
    assert created.status_code == 201, created.text
    data = created.json()
    assert set(data) >= CONTRACT_FIELDS
    assert (data['title'], data['work_type'], data['priority'], data['status']) == (
        'Monthly pump check',
        'preventive',
        'high',
        'scheduled',
    )
    assert data['number'].startswith('WO-') and data['asset_code'] == asset.code
    assert datetime.fromisoformat(data['due_at']) == due and data['is_overdue'] is False
    assert [s['kind'] for s in data['steps']] == ['checkbox', 'number'] and data['estimated_hours'] == '2.00'
    read = api_call(org, 'GET', f'/work-orders/{data["id"]}', Role.VIEWER)
    assert read.status_code == 200 and read.json() == data


@pytest.mark.parametrize(
    ('body', 'field'),
    [
        ({}, 'title'),
        ({'title': ''}, 'title'),
        ({'title': 'x', 'priority': 'urgent'}, 'priority'),
        ({'title': 'x', 'status': 'completed'}, 'status'),
        ({'title': 'x', 'due_at': '2030-01-01T08:00:00'}, 'due_at'),
        ({'title': 'x', 'asset_id': 2**63}, 'asset_id'),
        ({'title': 'x', 'asset_id': 0}, 'asset_id'),
        ({'title': 'x', 'asset_id': 2**62}, 'asset_id'),
        ({'title': 'x', 'estimated_hours': -1}, 'estimated_hours'),
        ({'title': 'x', 'steps': [{'title': 'T', 'kind': 'checkbox', 'min_value': 1}]}, 'steps.0'),
        ({'title': 'x', 'steps': [{'title': 'T', 'kind': 'number', 'min_value': 5, 'max_value': 1}]}, 'steps.0'),
        ({'title': 'x\x00'}, 'title'),
        ({'title': 'x', 'colour': 'red'}, 'colour'),
    ],
)
def test_bad_input_is_a_problem_naming_the_field_and_writes_nothing(org: Org, body: dict, field: str):
    before = snapshot(org.id, WORK_ORDERS)
    response = api_call(org, 'POST', '/work-orders', json=body)
    assert response.status_code == 422, response.text
    assert response.headers['content-type'] == 'application/problem+json'
    assert field in [e['field'] for e in response.json()['errors']]
    assert snapshot(org.id, WORK_ORDERS) == before


def test_a_technician_raising_a_request_with_an_assignee_is_403_naming_it(org: Org):
    before = snapshot(org.id, WORK_ORDERS)
    response = api_call(
        org, 'POST', '/work-orders', Role.TECHNICIAN, json={'title': 'x', 'assignee_id': org.user_id(Role.TECHNICIAN)}
    )
    assert response.status_code == 403 and 'assignee_id' in response.json()['detail']
    assert snapshot(org.id, WORK_ORDERS) == before
    assert api_call(org, 'POST', '/work-orders', Role.TECHNICIAN, json={'title': 'Noise'}).status_code == 201


def test_patch_needs_the_version_and_a_stale_one_is_409(org: Org):
    work_order = make_work_order(org)
    path = f'/work-orders/{work_order.id}'
    missing = api_call(org, 'PATCH', path, json={'title': 'No version'})
    assert missing.status_code == 422 and missing.json()['errors'][0]['field'] == 'version'
    ok = api_call(org, 'PATCH', path, json={'version': 1, 'title': 'Renamed', 'due_at': None})
    assert ok.status_code == 200 and (ok.json()['title'], ok.json()['version']) == ('Renamed', 2)
    stale = api_call(org, 'PATCH', path, json={'version': 1, 'title': 'Mine'})
    assert stale.status_code == 409 and 'current version is 2' in stale.json()['detail']
    assert api_call(org, 'GET', path).json()['title'] == 'Renamed'


def test_status_moves_and_an_invalid_one_is_409_with_the_reason(org: Org):
    work_order = make_work_order(org)
    path = f'/work-orders/{work_order.id}/status'
    invalid = api_call(org, 'PUT', path, json={'status': 'completed'})
    assert invalid.status_code == 409 and 'cannot become completed' in invalid.json()['detail']
    assert api_call(org, 'PUT', path, json={'status': 'scheduled', 'note': 'Monday'}).json()['status'] == 'scheduled'
    assert api_call(org, 'PUT', path, Role.TECHNICIAN, json={'status': 'in_progress'}).json()['started_at'] is not None
    assert api_call(org, 'PUT', path, json={'status': 'paused'}).status_code == 422
    timeline = api_call(org, 'GET', f'/work-orders/{work_order.id}/timeline', Role.VIEWER).json()
    assert [e['text'] for e in timeline if e['kind'] == 'status'] == [
        'scheduled → in progress',
        'requested → scheduled: Monday',
        'created as requested',
    ]


def test_steps_through_the_api_and_completion_names_the_pending_ones(org: Org):
    work_order = make_work_order(
        org,
        status=S.IN_PROGRESS,
        steps=[{'title': 'Lock out'}, {'title': 'Pressure', 'kind': 'number', 'min_value': 1, 'max_value': 5}],
    )
    lock_out, pressure = (f'/work-orders/{work_order.id}/steps/{s.id}' for s in work_order.steps)
    refused = api_call(org, 'PUT', f'/work-orders/{work_order.id}/status', json={'status': 'completed'})
    assert refused.status_code == 409 and '1. Lock out; 2. Pressure' in refused.json()['detail']
    wrong = api_call(org, 'POST', pressure + '/complete', Role.TECHNICIAN, json={'done': True})
    assert wrong.status_code == 422 and wrong.json()['errors'][0]['field'] == 'done'
    assert api_call(org, 'POST', lock_out + '/complete', Role.TECHNICIAN, json={'done': True}).json()['state'] == 'done'
    failed = api_call(org, 'POST', pressure + '/complete', Role.TECHNICIAN, json={'value': 7.5})
    assert (failed.json()['state'], failed.json()['value_number']) == ('failed', 7.5)
    follow_up = api_call(org, 'POST', pressure + '/follow-up', Role.TECHNICIAN)
    assert follow_up.status_code == 200 and follow_up.json()['follow_up_of_id'] == work_order.id
    assert api_call(org, 'POST', pressure + '/follow-up', Role.TECHNICIAN).json()['id'] == follow_up.json()['id']
    assert api_call(org, 'POST', lock_out + '/reopen', Role.TECHNICIAN).json()['state'] == 'pending'
    assert api_call(org, 'POST', lock_out + '/complete', Role.TECHNICIAN, json={'done': True}).status_code == 200
    done = api_call(org, 'PUT', f'/work-orders/{work_order.id}/status', Role.TECHNICIAN, json={'status': 'completed'})
    assert done.status_code == 200 and (done.json()['steps_total'], done.json()['steps_done']) == (2, 2)


def test_list_filters_take_repeated_or_comma_separated_values_and_page(org: Org):
    asset = make_asset(org, site_id=org.site_id)
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    made = {
        'overdue': make_work_order(org, asset_id=asset.id, due_at=past, priority='critical'),
        'scheduled': make_work_order(org, asset_id=asset.id, status=S.SCHEDULED, priority='low'),
        'done': make_work_order(org, asset_id=asset.id, status=S.COMPLETED, due_at=past, priority='critical'),
    }

    def ids(**params):
        response = api_call(org, 'GET', '/work-orders', Role.VIEWER, params={'asset_id': asset.id, **params})
        assert response.status_code == 200, response.text
        return [w['id'] for w in response.json()['items']]

    assert ids(status='overdue') == [made['overdue'].id]
    assert set(ids(status='open')) == {made['overdue'].id, made['scheduled'].id}
    assert (
        set(ids(status='completed,scheduled'))
        == set(ids(status=['completed', 'scheduled']))
        == {
            made['done'].id,
            made['scheduled'].id,
        }
    )
    assert ids(priority='critical', sort='number', descending='false') == [made['overdue'].id, made['done'].id]
    assert ids(sort='priority', descending='true')[-1] == made['scheduled'].id
    paged = api_call(org, 'GET', '/work-orders', Role.VIEWER, params={'asset_id': asset.id, 'limit': 2, 'offset': 2})
    assert (paged.json()['total'], len(paged.json()['items']), paged.json()['offset']) == (3, 1, 2)
    first = api_call(org, 'GET', f'/work-orders/{made["overdue"].id}', Role.VIEWER).json()
    assert first['is_overdue'] is True
    listed = api_call(
        org, 'GET', '/work-orders', Role.VIEWER, params={'asset_id': asset.id, 'status': 'overdue'}
    ).json()
    assert listed['items'][0]['steps'] == [] and listed['items'][0]['is_overdue'] is True


@pytest.mark.parametrize(
    'params',
    [
        {'status': 'late'},
        {'limit': 0},
        {'limit': 501},
        {'offset': -1},
        {'asset_id': 2**63},
        {'due_before': '2030-01-01'},
        {'sort': 'colour'},
        {'q': 'a\x00b'},
    ],
)
def test_bad_list_parameters_are_422(org: Org, params: dict):
    response = api_call(org, 'GET', '/work-orders', Role.VIEWER, params=params)
    assert response.status_code == 422, response.text
    assert response.headers['content-type'] == 'application/problem+json'


def test_the_board_has_a_column_per_status_with_totals(org: Org):
    fresh = make_org()
    for status in (S.REQUESTED, S.REQUESTED, S.IN_PROGRESS, S.COMPLETED, S.CANCELLED):
        make_work_order(fresh, status=status)
    board = client().get(f'{API}/work-orders/board', headers=fresh.headers(Role.VIEWER), params={'per_column': 1})
    assert board.status_code == 200
    columns = board.json()
    assert list(columns) == ['requested', 'scheduled', 'in_progress', 'on_hold', 'completed']
    assert {status: (c['total'], len(c['items'])) for status, c in columns.items()} == {
        'requested': (2, 1),
        'scheduled': (0, 0),
        'in_progress': (1, 1),
        'on_hold': (0, 0),
        'completed': (1, 1),
    }
    too_many = client().get(f'{API}/work-orders/board', headers=fresh.headers(Role.VIEWER), params={'per_column': 0})
    assert too_many.status_code == 422


def test_comments_and_photos_round_trip(org: Org):
    work_order = make_work_order(org)
    base = f'/work-orders/{work_order.id}'
    added = api_call(org, 'POST', base + '/comments', Role.TECHNICIAN, json={'body': 'Bearing is hot'})
    assert added.status_code == 201 and added.json()['author_label'] == org.technician.label
    assert [c['body'] for c in api_call(org, 'GET', base + '/comments', Role.VIEWER).json()] == ['Bearing is hot']
    assert api_call(org, 'POST', base + '/comments', json={'body': ''}).status_code == 422
    upload = api_call(org, 'POST', base + '/photos', Role.TECHNICIAN, files={'file': ('IMG_1.PNG', PNG, 'image/png')})
    assert upload.status_code == 201, upload.text
    photo = upload.json()
    assert (photo['file_name'], photo['content_type'], photo['size_bytes']) == ('IMG_1.PNG', 'image/png', len(PNG))
    assert [p['id'] for p in api_call(org, 'GET', base + '/photos', Role.VIEWER).json()] == [photo['id']]
    image = api_call(org, 'GET', f'{base}/photos/{photo["id"]}', Role.VIEWER)
    assert image.status_code == 200 and image.content == PNG and image.headers['content-type'] == 'image/png'
    files_before = stored_files(photo_directory())
    refused = api_call(org, 'POST', base + '/photos', files={'file': ('manual.pdf', b'%PDF-1.7 x', 'application/pdf')})
    assert refused.status_code == 422 and refused.json()['errors'][0]['field'] == 'file'
    assert stored_files(photo_directory()) == files_before
    timeline = api_call(org, 'GET', base + '/timeline', Role.VIEWER).json()
    assert [e['kind'] for e in timeline[:2]] == ['photo', 'comment']


def test_an_asset_with_an_open_work_order_cannot_be_retired_through_the_api(org: Org):
    asset = make_asset(org, site_id=org.site_id)
    work_order = make_work_order(org, asset_id=asset.id, status=S.SCHEDULED)
    retire = api_call(org, 'PATCH', f'/assets/{asset.id}', Role.ADMIN, json={'status': 'retired'})
    assert retire.status_code == 409, retire.text
    assert f'has 1 open work order ({work_order.number})' in retire.json()['detail']
    assert api_call(org, 'GET', f'/assets/{asset.id}').json()['status'] == 'operational'
    api_call(org, 'PUT', f'/work-orders/{work_order.id}/status', json={'status': 'cancelled'})
    assert api_call(org, 'PATCH', f'/assets/{asset.id}', Role.ADMIN, json={'status': 'retired'}).status_code == 200
