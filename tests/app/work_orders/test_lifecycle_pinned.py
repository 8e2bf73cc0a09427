"""The work-order lifecycle pinned from outside the code: every from × to × role, allowed or refused, as a literal
table here — not read from the state machine, so a rule changed there (say, completing straight from on hold)
fails this test instead of moving the expected answers along with it.

    requested → scheduled → in_progress ⇄ on_hold;  in_progress → completed → in_progress (reopen);
    scheduled → requested (unschedule);  any open state → cancelled.
    Scheduling, unscheduling, reopening and cancelling are for admins and supervisors; starting, pausing,
    resuming and completing for technicians too; viewers move nothing.
"""

from __future__ import annotations

from itertools import product

import pytest

from app.core.enums import Role
from app.work_orders.enums import WorkOrderStatus as S
from app.work_orders.state_machine import transition_problem
from tests.support.api import api_call
from tests.support.organizations import Org
from tests.support.services import make_work_order

A, SU, T, V = Role.ADMIN, Role.SUPERVISOR, Role.TECHNICIAN, Role.VIEWER
PLANNERS, DOERS = {A, SU}, {A, SU, T}
ALLOWED: dict[tuple[S, S], set[Role]] = {
    (S.REQUESTED, S.SCHEDULED): PLANNERS,
    (S.REQUESTED, S.CANCELLED): PLANNERS,
    (S.SCHEDULED, S.IN_PROGRESS): DOERS,
    (S.SCHEDULED, S.REQUESTED): PLANNERS,
    (S.SCHEDULED, S.CANCELLED): PLANNERS,
    (S.IN_PROGRESS, S.ON_HOLD): DOERS,
    (S.IN_PROGRESS, S.COMPLETED): DOERS,
    (S.IN_PROGRESS, S.CANCELLED): PLANNERS,
    (S.ON_HOLD, S.IN_PROGRESS): DOERS,
    (S.ON_HOLD, S.CANCELLED): PLANNERS,
    (S.COMPLETED, S.IN_PROGRESS): PLANNERS,
}
STATES = [S.REQUESTED, S.SCHEDULED, S.IN_PROGRESS, S.ON_HOLD, S.COMPLETED, S.CANCELLED]
CASES = [(current, target, role) for current, target in product(STATES, STATES) for role in (A, SU, T, V)]


@pytest.mark.parametrize(('current', 'target', 'role'), CASES)
def test_the_state_machine_answers_as_the_table_says(current: S, target: S, role: Role) -> None:
    allowed = role in ALLOWED.get((current, target), set())
    assert (transition_problem(current, target, role) is None) == allowed


@pytest.mark.parametrize('backend', ['sqlite'], indirect=True)  # the rule is code; one backend pins the door
@pytest.mark.parametrize(('current', 'target'), list(product(STATES, STATES)))
def test_the_status_route_answers_as_the_table_says_for_every_role(org: Org, current: S, target: S) -> None:
    for role in (A, SU, T, V):
        job = make_work_order(org, status=current)
        response = api_call(org, 'PUT', f'/work-orders/{job.id}/status', role, json={'status': target})
        if role in ALLOWED.get((current, target), set()):
            assert response.status_code == 200, (role, response.text)
            assert response.json()['status'] == target
        elif role is V or (current, target) in ALLOWED:
            assert response.status_code == 403, (role, response.text)  # a move, but not this role's to make
        else:
            assert response.status_code == 409, (role, response.text)  # no such move for anyone
