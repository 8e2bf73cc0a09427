"""Property test through the API on SQLite and PostgreSQL: random sequences of status moves and step answers by random
roles never reach a state the state machine does not allow, every refused call changes nothing, and the lifecycle
timestamps stay ordered (scheduled ≤ started ≤ completed, transitions in time order)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.enums import Role
from app.work_orders import state_machine
from app.work_orders.enums import WorkOrderStatus
from tests.support.api import client
from tests.support.organizations import Org
from tests.support.rows import transitions_of
from tests.support.services import make_work_order

pytestmark = pytest.mark.usefixtures('backend')
S = WorkOrderStatus
ACTIONS = [*(s.value for s in S), 'answer_step', 'reopen_step']
calls = st.lists(st.tuples(st.sampled_from(list(Role)), st.sampled_from(ACTIONS)), min_size=1, max_size=14)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=calls)
def test_no_sequence_of_calls_leaves_the_state_machine(org: Org, sequence):
    work_order = make_work_order(org, steps=[{'title': 'Required check'}])
    step_id = work_order.steps[0].id
    base = f'/api/v1/work-orders/{work_order.id}'
    current = read(org, base)
    step_done = False
    for role, action in sequence:
        if action in ('answer_step', 'reopen_step'):
            verb = 'complete' if action == 'answer_step' else 'reopen'
            body = {'done': True} if verb == 'complete' else None
            response = client().post(f'{base}/steps/{step_id}/{verb}', json=body, headers=org.headers(role))
            allowed = role is not Role.VIEWER and current['status'] == S.IN_PROGRESS
            assert response.status_code == (200 if allowed else 403 if role is Role.VIEWER else 409), response.text
            if allowed:
                step_done = verb == 'complete'
            after = read(org, base)
            assert after['status'] == current['status'] and after['version'] == current['version']
            current = after
            continue
        target = S(action)
        moves_before = len(transitions_of(work_order.id))
        response = client().put(f'{base}/status', json={'status': target.value}, headers=org.headers(role))
        after = read(org, base)
        problem = state_machine.transition_problem(S(current['status']), target, role)
        if role is Role.VIEWER:
            problem = problem or 'viewers move nothing'
        if problem is None and target is S.COMPLETED and not step_done:
            problem = 'required step pending'
        if problem is None:
            assert response.status_code == 200, response.text
            assert target in state_machine.TRANSITIONS[S(current['status'])]
            assert after['status'] == target and after['version'] == current['version'] + 1
            assert len(transitions_of(work_order.id)) == moves_before + 1
        else:
            assert response.status_code in (403, 409), (problem, response.text)
            assert after == current, 'a refused move changes nothing'
            assert len(transitions_of(work_order.id)) == moves_before
        assert_timestamps_ordered(after)
        current = after
    times = [t.at for t in transitions_of(work_order.id)]
    assert times == sorted(times)
    statuses = [t.to_status for t in transitions_of(work_order.id)]
    for previous, following in itertools.pairwise(statuses):
        assert following in state_machine.TRANSITIONS[previous]


def read(org: Org, path: str) -> dict[str, Any]:
    response = client().get(path, headers=org.headers(Role.VIEWER))
    assert response.status_code == 200
    return response.json()


def assert_timestamps_ordered(work_order: dict[str, Any]) -> None:
    status = S(work_order['status'])
    chain = [work_order[name] for name in ('scheduled_at', 'started_at', 'completed_at') if work_order[name]]
    assert chain == sorted(chain), work_order
    if status in (S.IN_PROGRESS, S.ON_HOLD, S.COMPLETED):
        assert work_order['started_at'] is not None and work_order['scheduled_at'] is not None
    if status is S.COMPLETED:
        assert work_order['completed_at'] is not None
    else:
        assert work_order['completed_at'] is None, 'only a completed work order has a completion time'
    assert (work_order['cancelled_at'] is not None) is (status is S.CANCELLED)
    if status is S.REQUESTED:
        assert work_order['scheduled_at'] is None and work_order['started_at'] is None
