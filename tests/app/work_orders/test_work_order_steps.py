"""Checklist steps on SQLite and PostgreSQL: each kind's answer (limits fail a number step), field-named refusals,
only while in progress, reopening, and one follow-up per failed step however often it is asked for."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from app.core.enums import Role
from app.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.work_orders import service, steps
from app.work_orders.enums import StepState, WorkOrderStatus, WorkType
from app.work_orders.schemas import StepCompletion, WorkOrderFilter
from tests.support.organizations import Org
from tests.support.rows import audit_of
from tests.support.services import call, get_work_order, make_asset, make_work_order, move, step_definitions
from tests.support.snapshots import WORK_ORDERS, snapshot

pytestmark = pytest.mark.usefixtures('backend')
S = WorkOrderStatus
CHECKLIST = step_definitions(
    ('Lock out', 'checkbox'),
    {'title': 'Pressure', 'kind': 'number', 'min_value': 2, 'max_value': 6, 'unit': 'bar'},
    {'title': 'Temperature', 'kind': 'number', 'max_value': 80, 'unit': '°C'},
    ('Seal tight', 'pass_fail'),
    ('Remarks', 'text'),
)


def in_progress(org: Org, **fields):
    return make_work_order(
        org, status=S.IN_PROGRESS, steps=CHECKLIST, asset_id=make_asset(org, site_id=org.site_id).id, **fields
    )


def answer(org: Org, work_order, position: int, role: Role = Role.TECHNICIAN, **fields):
    return call(
        steps.complete_step,
        principal=org.principals[role],
        work_order_id=work_order.id,
        step_id=work_order.steps[position - 1].id,
        data=StepCompletion(**fields),
    )


@pytest.mark.parametrize(
    ('position', 'fields', 'expected', 'stored'),
    [
        (1, {'done': True}, StepState.DONE, {}),
        (2, {'value': 4.2}, StepState.DONE, {'value_number': 4.2}),
        (2, {'value': 2}, StepState.DONE, {'value_number': 2}),
        (2, {'value': 6}, StepState.DONE, {'value_number': 6}),
        (2, {'value': 1.99}, StepState.FAILED, {'value_number': 1.99}),
        (2, {'value': 6.5, 'text': 'gauge shaky'}, StepState.FAILED, {'value_text': 'gauge shaky'}),
        (3, {'value': -40}, StepState.DONE, {'value_number': -40}),
        (3, {'value': 80.1}, StepState.FAILED, {}),
        (4, {'passed': True}, StepState.DONE, {'passed': True}),
        (4, {'passed': False, 'text': 'weeps'}, StepState.FAILED, {'passed': False, 'value_text': 'weeps'}),
        (5, {'text': '  all good  '}, StepState.DONE, {'value_text': 'all good'}),
    ],
)
def test_each_kind_takes_its_answer_and_limits_decide_pass_or_fail(org: Org, position, fields, expected, stored):
    work_order = in_progress(org)
    step = answer(org, work_order, position, **fields)
    assert step.state is expected and step.completed_by == org.technician.label and step.completed_at is not None
    for name, value in stored.items():
        assert getattr(step, name) == value
    read = get_work_order(org, work_order.id)
    assert read.steps[position - 1] == step and (read.steps_total, read.steps_done) == (5, 1)
    assert audit_of(org, 'work_order', work_order.id)[-1].summary.endswith(f'{expected.value}')


@pytest.mark.parametrize(
    ('position', 'fields', 'field'),
    [
        (1, {}, 'done'),
        (1, {'done': False}, 'done'),
        (1, {'done': True, 'value': 3}, 'value'),
        (2, {}, 'value'),
        (2, {'text': 'forgot the number'}, 'value'),
        (2, {'value': 3, 'passed': True}, 'passed'),
        (4, {}, 'passed'),
        (4, {'passed': True, 'done': True}, 'done'),
        (5, {}, 'text'),
        (5, {'text': '   '}, 'text'),
        (5, {'text': 'x', 'value': 1}, 'value'),
    ],
)
def test_wrong_or_missing_answers_name_the_field_and_change_nothing(org: Org, position, fields, field):
    work_order = in_progress(org)
    before = snapshot(org.id, WORK_ORDERS)
    with pytest.raises(ValidationFailed) as refused:
        answer(org, work_order, position, **fields)
    assert [e.field for e in refused.value.errors] == [field]
    assert snapshot(org.id, WORK_ORDERS) == before


@pytest.mark.parametrize('status', [S.REQUESTED, S.SCHEDULED, S.ON_HOLD, S.COMPLETED, S.CANCELLED])
def test_steps_are_answered_only_while_the_work_is_in_progress(org: Org, status: S):
    work_order = make_work_order(org, status=status, steps=step_definitions({'title': 'Look', 'required': False}))
    before = snapshot(org.id, WORK_ORDERS)
    with pytest.raises(Conflict) as refused:
        answer(org, work_order, 1, done=True)
    hint = 'reopen it' if status in (S.COMPLETED, S.CANCELLED) else 'start it first'
    assert hint in refused.value.detail and work_order.number in refused.value.detail
    with pytest.raises(Conflict):
        call(steps.reopen_step, principal=org.technician, work_order_id=work_order.id, step_id=work_order.steps[0].id)
    assert snapshot(org.id, WORK_ORDERS) == before


def test_reopening_a_step_clears_its_answer_and_counts(org: Org):
    work_order = in_progress(org)
    answer(org, work_order, 2, value=9)
    reopened = call(
        steps.reopen_step, principal=org.technician, work_order_id=work_order.id, step_id=work_order.steps[1].id
    )
    assert (reopened.state, reopened.value_number, reopened.completed_by, reopened.completed_at) == (
        StepState.PENDING,
        None,
        '',
        None,
    )
    assert get_work_order(org, work_order.id).steps_done == 0


def test_viewers_may_not_answer_and_steps_of_other_work_orders_or_organisations_are_not_found(org: Org, other: Org):
    work_order, second = in_progress(org), in_progress(org)
    foreign = in_progress(other)
    with pytest.raises(Forbidden):
        answer(org, work_order, 1, Role.VIEWER, done=True)
    attempts = [
        (work_order.id, second.steps[0].id),
        (work_order.id, foreign.steps[0].id),
        (foreign.id, foreign.steps[0].id),
        (work_order.id, 2**62),
    ]
    for work_order_id, step_id in attempts:
        with pytest.raises(NotFound):
            call(
                steps.complete_step,
                principal=org.admin,
                work_order_id=work_order_id,
                step_id=step_id,
                data=StepCompletion(done=True),
            )
        with pytest.raises(NotFound):
            call(steps.create_follow_up, principal=org.admin, work_order_id=work_order_id, step_id=step_id)
    assert get_work_order(other, foreign.id).steps_done == 0


def test_a_failed_step_raises_one_corrective_follow_up_on_the_same_asset(org: Org):
    work_order = in_progress(org, priority='high')
    answer(org, work_order, 2, value=7.5, text='relief valve hisses')
    follow_up = call(
        steps.create_follow_up, principal=org.technician, work_order_id=work_order.id, step_id=work_order.steps[1].id
    )
    assert (follow_up.work_type, follow_up.status, follow_up.asset_id, follow_up.follow_up_of_id) == (
        WorkType.CORRECTIVE,
        S.REQUESTED,
        work_order.asset_id,
        work_order.id,
    )
    assert follow_up.title == 'Follow-up: Pressure' and follow_up.priority == work_order.priority
    assert 'Measured 7.5 bar (limits 2 – 6 bar)' in follow_up.description
    assert 'relief valve hisses' in follow_up.description and work_order.number in follow_up.description
    assert get_work_order(org, work_order.id).steps[1].follow_up_work_order_id == follow_up.id
    again = call(
        steps.create_follow_up, principal=org.supervisor, work_order_id=work_order.id, step_id=work_order.steps[1].id
    )
    assert again == follow_up
    move(org, work_order.id, S.CANCELLED)  # the follow-up outlives its origin
    assert call(
        steps.create_follow_up, principal=org.technician, work_order_id=work_order.id, step_id=work_order.steps[1].id
    ) == get_work_order(org, follow_up.id)


def test_two_clicks_at_once_raise_one_follow_up(org: Org):
    work_order = in_progress(org)
    answer(org, work_order, 4, passed=False)

    def click(_):
        return call(
            steps.create_follow_up,
            principal=org.technician,
            work_order_id=work_order.id,
            step_id=work_order.steps[3].id,
        ).id

    with ThreadPoolExecutor(4) as pool:
        ids = set(pool.map(click, range(4)))
    assert len(ids) == 1
    found = call(
        service.list_work_orders, principal=org.viewer, filters=WorkOrderFilter(q='Follow-up: Seal tight', limit=500)
    )
    assert [w.id for w in found.items if w.follow_up_of_id == work_order.id] == list(ids)


def test_only_failed_steps_get_follow_ups_and_viewers_none(org: Org):
    work_order = in_progress(org)
    answer(org, work_order, 1, done=True)
    before = snapshot(org.id, WORK_ORDERS)
    for position in (1, 2):
        with pytest.raises(Conflict) as refused:
            call(
                steps.create_follow_up,
                principal=org.technician,
                work_order_id=work_order.id,
                step_id=work_order.steps[position - 1].id,
            )
        assert 'only a failed step' in refused.value.detail
    with pytest.raises(Forbidden):
        call(steps.create_follow_up, principal=org.viewer, work_order_id=work_order.id, step_id=work_order.steps[0].id)
    assert snapshot(org.id, WORK_ORDERS) == before
