"""Labour over HTTP: a technician's timer from start to stop (201, then 200) and /me/timer, manual entries, API keys
that must name the person, and conflicts — refused requests change nothing."""

from __future__ import annotations

import pytest

from app.core.enums import Role
from app.work_orders.enums import WorkOrderStatus
from tests.support.api import bearer, client
from tests.support.organizations import Org, make_api_key
from tests.support.services import backdate_running_timers, make_job
from tests.support.snapshots import PARTS_AND_LABOUR, snapshot

pytestmark = pytest.mark.usefixtures('backend')


def time_logs(work_order_id: int) -> str:
    return f'/api/v1/work-orders/{work_order_id}/time-logs'


def test_a_technician_times_a_job_from_the_tablet(org: Org):
    headers = org.headers(Role.TECHNICIAN)
    order_id = make_job(org)
    assert client().get('/api/v1/me/timer', headers=headers).json() is None

    started = client().post(time_logs(order_id), headers=headers, json={'action': 'start', 'note': 'on site'})
    assert started.status_code == 201, started.text
    timer = client().get('/api/v1/me/timer', headers=headers).json()
    assert timer['id'] == started.json()['id'] and timer['work_order_id'] == order_id
    assert timer['work_order_number'].startswith('WO-') and timer['ended_at'] is None
    backdate_running_timers(45, work_order_id=order_id)

    stopped = client().post(time_logs(order_id), headers=headers, json={'action': 'stop'})
    assert stopped.status_code == 200, stopped.text
    assert (stopped.json()['hours'], stopped.json()['cost']) == ('0.75', '33.75')
    assert client().get('/api/v1/me/timer', headers=headers).json() is None
    logs = client().get(time_logs(order_id), headers=org.headers(Role.VIEWER)).json()
    assert [(entry['user_id'], entry['hours']) for entry in logs] == [(org.user_id(Role.TECHNICIAN), '0.75')]
    assert logs[0]['user_name'] == org.users[Role.TECHNICIAN].name and logs[0]['note'] == 'on site'
    order = client().get(f'/api/v1/work-orders/{order_id}', headers=headers).json()
    assert (order['actual_hours'], order['labour_cost']) == ('0.75', '33.75')


def test_api_keys_log_time_for_a_named_person_only(org: Org):
    order_id = make_job(org)
    technician_key = bearer(make_api_key(org, Role.TECHNICIAN)[1])
    supervisor_key = bearer(make_api_key(org, Role.SUPERVISOR)[1])
    before = snapshot(org.id, PARTS_AND_LABOUR)
    refused = client().post(time_logs(order_id), headers=technician_key, json={'hours': '1'})
    assert refused.status_code == 422 and refused.json()['errors'][0]['field'] == 'user_id'
    for_someone = {'hours': '1', 'user_id': org.user_id(Role.TECHNICIAN)}
    assert client().post(time_logs(order_id), headers=technician_key, json=for_someone).status_code == 403
    assert client().get('/api/v1/me/timer', headers=technician_key).json() is None
    assert snapshot(org.id, PARTS_AND_LABOUR) == before
    logged = client().post(time_logs(order_id), headers=supervisor_key, json=for_someone)
    assert logged.status_code == 201 and logged.json()['user_id'] == org.user_id(Role.TECHNICIAN)


def test_timer_conflicts_and_bad_entries_change_nothing(org: Org):
    headers = org.headers(Role.SUPERVISOR)
    order_id, closed = make_job(org), make_job(org, status=WorkOrderStatus.CANCELLED)
    client().post(time_logs(order_id), headers=headers, json={'action': 'start'})
    before = snapshot(org.id, PARTS_AND_LABOUR)
    for path, body, detail in (
        (time_logs(order_id), {'action': 'start'}, 'your timer already runs'),
        (time_logs(closed), {'action': 'start'}, 'is cancelled'),
        (time_logs(closed), {'action': 'stop'}, 'no timer of yours runs'),
    ):
        response = client().post(path, headers=headers, json=body)
        assert response.status_code == 409 and detail in response.json()['detail'], response.text
    for body, field in (
        ({'hours': '0'}, 'hours'),
        ({'hours': '1', 'started_at': '2026-01-01T08:00:00'}, 'started_at'),
        ({'hours': '1', 'started_at': 'yesterday'}, 'started_at'),
        ({'action': 'start', 'hours': '1'}, 'hours'),
        ({'hours': '1', 'minutes': 5}, 'minutes'),
    ):
        response = client().post(time_logs(order_id), headers=headers, json=body)
        assert response.status_code == 422, response.text
        assert field in [e['field'] for e in response.json()['errors']]
    assert snapshot(org.id, PARTS_AND_LABOUR) == before
    assert client().post(time_logs(order_id), headers=headers, json={'action': 'stop'}).status_code == 200
