"""POST /work-orders/{id}/take: a technician assigns an open, unassigned work order to themselves (with the
assignment event); someone else's, a closed one, a viewer or an API key is refused and nothing changes."""

from __future__ import annotations

import pytest

from app.core import events
from app.core.enums import Role
from app.work_orders.enums import WorkOrderStatus as S
from app.work_orders.events import WorkOrderAssigned
from tests.support.api import api_call, problem
from tests.support.organizations import Org, make_org
from tests.support.services import get_work_order, make_work_order

pytestmark = pytest.mark.usefixtures('backend')


@pytest.fixture
def org() -> Org:
    return make_org()  # people with JWTs: taking is for a person


def test_a_technician_takes_an_unassigned_work_order_once(org):
    job = make_work_order(org, status=S.SCHEDULED)
    me = org.members[Role.TECHNICIAN].user
    seen: list[WorkOrderAssigned] = []
    with events.subscribed(events.reaction(WorkOrderAssigned, lambda _session, event: seen.append(event))):
        body = api_call(org, 'POST', f'/work-orders/{job.id}/take', Role.TECHNICIAN).json()
        again = api_call(org, 'POST', f'/work-orders/{job.id}/take', Role.TECHNICIAN)
    assert body['assignee_id'] == me.id and again.json()['assignee_id'] == me.id
    assert [(e.assignee_id, e.previous_assignee_id) for e in seen] == [(me.id, None)], 'taken once, one event'


def test_someone_elses_a_closed_one_and_a_viewer_are_refused(org):
    supervisor = org.members[Role.SUPERVISOR].user
    theirs = make_work_order(org, status=S.SCHEDULED, assignee_id=supervisor.id)
    closed = make_work_order(org, status=S.CANCELLED)
    open_one = make_work_order(org, status=S.SCHEDULED)
    detail = problem(api_call(org, 'POST', f'/work-orders/{theirs.id}/take', Role.TECHNICIAN), 409)['detail']
    assert f'assigned to {supervisor.name}' in detail
    assert 'reopen' in problem(api_call(org, 'POST', f'/work-orders/{closed.id}/take', Role.TECHNICIAN), 409)['detail']
    problem(api_call(org, 'POST', f'/work-orders/{open_one.id}/take', Role.VIEWER), 403)
    assert get_work_order(org, theirs.id).assignee_id == supervisor.id
    assert get_work_order(org, closed.id).assignee_id is None and get_work_order(org, open_one.id).assignee_id is None


def test_an_api_key_cannot_take_a_work_order():
    keyed = make_org(api_keys=True)
    job = make_work_order(keyed, status=S.SCHEDULED)
    problem(api_call(keyed, 'POST', f'/work-orders/{job.id}/take', Role.TECHNICIAN), 403)
