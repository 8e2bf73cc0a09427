"""The lifecycle through the service on SQLite and PostgreSQL: moves the state machine allows, timestamps in order,
completion refused while required steps are pending, timers stopped, refused moves changing nothing, and assets
with open work orders staying in service."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.assets import service as asset_service
from app.assets.schemas import AssetUpdate
from app.core.db import session_scope
from app.core.enums import Role
from app.core.errors import Conflict, Forbidden, NotFound
from app.work_orders import labour, service, state_machine, steps
from app.work_orders.enums import WorkOrderStatus
from app.work_orders.models import TimeLog
from app.work_orders.schemas import StatusChange, StepCompletion, TimeLogCreate
from tests.support.organizations import Org
from tests.support.rows import audit_of, transitions_of
from tests.support.services import (
    PATH_TO,
    backdate_running_timers,
    call,
    make_asset,
    make_work_order,
    move,
    step_definitions,
)
from tests.support.snapshots import WORK_ORDERS, snapshot

pytestmark = pytest.mark.usefixtures('backend')
S = WorkOrderStatus


def change(org: Org, work_order_id: int, status: S, role: Role = Role.SUPERVISOR, **fields):
    return call(
        service.change_status,
        principal=org.principals[role],
        work_order_id=work_order_id,
        data=StatusChange(status=status, **fields),
    )


def test_a_work_order_runs_its_whole_life_with_ordered_timestamps_transitions_and_audit(org: Org):
    created = make_work_order(org)
    scheduled = change(org, created.id, S.SCHEDULED, note='Tuesday')
    started = change(org, created.id, S.IN_PROGRESS, Role.TECHNICIAN)
    paused = change(org, created.id, S.ON_HOLD, Role.TECHNICIAN, note='waiting for parts')
    resumed = change(org, created.id, S.IN_PROGRESS, Role.TECHNICIAN)
    done = change(org, created.id, S.COMPLETED, Role.TECHNICIAN)
    assert scheduled.scheduled_at <= started.started_at <= done.completed_at
    assert resumed.started_at == started.started_at, 'resuming keeps the first start'
    assert (paused.status, done.status, done.version) == (S.ON_HOLD, S.COMPLETED, 6)
    moves = [(t.from_status, t.to_status, t.note) for t in transitions_of(created.id)]
    assert moves == [
        (None, S.REQUESTED, ''),
        (S.REQUESTED, S.SCHEDULED, 'Tuesday'),
        (S.SCHEDULED, S.IN_PROGRESS, ''),
        (S.IN_PROGRESS, S.ON_HOLD, 'waiting for parts'),
        (S.ON_HOLD, S.IN_PROGRESS, ''),
        (S.IN_PROGRESS, S.COMPLETED, ''),
    ]
    times = [t.at for t in transitions_of(created.id)]
    assert times == sorted(times)
    summaries = [e.summary for e in audit_of(org, 'work_order', created.id)]
    assert summaries[-1] == f'{created.number}: in progress → completed'
    assert audit_of(org, 'work_order', created.id)[1].changes['note'] == [None, 'Tuesday']


def test_reopening_clears_the_completion_and_keeps_the_start(org: Org):
    done = make_work_order(org, status=S.COMPLETED)
    reopened = change(org, done.id, S.IN_PROGRESS)
    assert (reopened.status, reopened.completed_at, reopened.started_at) == (S.IN_PROGRESS, None, done.started_at)
    again = change(org, done.id, S.COMPLETED)
    assert again.completed_at >= done.completed_at >= again.started_at


def test_unscheduling_clears_the_schedule_and_cancelling_is_final(org: Org):
    scheduled = make_work_order(org, status=S.SCHEDULED)
    unscheduled = change(org, scheduled.id, S.REQUESTED)
    assert unscheduled.scheduled_at is None
    cancelled = change(org, scheduled.id, S.CANCELLED, note='duplicate')
    assert cancelled.cancelled_at is not None
    for target in S:
        with pytest.raises(Conflict):
            change(org, scheduled.id, target, Role.ADMIN)


@pytest.mark.parametrize('current', list(S))
def test_moves_the_state_machine_does_not_know_are_409_and_change_nothing(org: Org, current: S):
    work_order = make_work_order(org, status=current)
    for target in S:
        if state_machine.is_move(current, target):
            continue
        before = snapshot(org.id, WORK_ORDERS)
        with pytest.raises(Conflict) as refused:
            change(org, work_order.id, target, Role.ADMIN)
        assert refused.value.detail == state_machine.transition_problem(current, target, Role.ADMIN)
        assert snapshot(org.id, WORK_ORDERS) == before


def test_moves_for_planners_only_are_403_for_technicians_and_viewers_may_not_move_at_all(org: Org):
    requested = make_work_order(org)
    completed = make_work_order(org, status=S.COMPLETED)
    before = snapshot(org.id, WORK_ORDERS)
    for work_order_id, target in (
        (requested.id, S.SCHEDULED),
        (requested.id, S.CANCELLED),
        (completed.id, S.IN_PROGRESS),
    ):
        with pytest.raises(Forbidden) as refused:
            change(org, work_order_id, target, Role.TECHNICIAN)
        assert 'technician role may not move' in refused.value.detail
        with pytest.raises(Forbidden):
            change(org, work_order_id, target, Role.VIEWER)
    assert snapshot(org.id, WORK_ORDERS) == before


def test_allowed_moves_follow_the_state_machine_and_the_role(org: Org):
    for status in S:
        work_order = make_work_order(org, status=status)
        for role in Role:
            expected = [] if role is Role.VIEWER else state_machine.allowed_targets(status, role)
            assert service.allowed_moves(org.principals[role], work_order) == expected


def test_completion_is_refused_while_required_steps_are_pending_and_names_them(org: Org):
    definitions = step_definitions(
        ('Lock out', 'checkbox'),
        {'title': 'Optional look', 'kind': 'checkbox', 'required': False},
        ('Torque bolts', 'checkbox'),
    )
    work_order = make_work_order(org, status=S.IN_PROGRESS, steps=definitions)
    before = snapshot(org.id, WORK_ORDERS)
    with pytest.raises(Conflict) as refused:
        change(org, work_order.id, S.COMPLETED, Role.TECHNICIAN)
    assert '2 required steps are not done: 1. Lock out; 3. Torque bolts' in refused.value.detail
    assert 'Optional' not in refused.value.detail
    assert snapshot(org.id, WORK_ORDERS) == before
    for step in (work_order.steps[0], work_order.steps[2]):
        call(
            steps.complete_step,
            principal=org.technician,
            work_order_id=work_order.id,
            step_id=step.id,
            data=StepCompletion(done=True),
        )
    assert change(org, work_order.id, S.COMPLETED, Role.TECHNICIAN).status is S.COMPLETED


def test_a_stale_version_on_a_status_change_is_refused(org: Org):
    work_order = make_work_order(org, status=S.SCHEDULED)
    with pytest.raises(Conflict) as refused:
        change(org, work_order.id, S.IN_PROGRESS, version=work_order.version - 1)
    assert f'current version is {work_order.version}' in refused.value.detail
    assert change(org, work_order.id, S.IN_PROGRESS, version=work_order.version).version == work_order.version + 1


def test_completing_or_pausing_stops_running_timers_at_the_moment_of_the_move(org: Org):
    for target in (S.COMPLETED, S.ON_HOLD, S.CANCELLED):
        work_order = make_work_order(org, status=S.IN_PROGRESS)
        call(
            labour.log_time,
            principal=org.technician,
            work_order_id=work_order.id,
            data=TimeLogCreate(action='start'),
        )
        backdate_running_timers(90, work_order_id=work_order.id)
        moved = change(org, work_order.id, target)
        with session_scope() as session:
            [log] = session.scalars(select(TimeLog).where(TimeLog.work_order_id == work_order.id)).all()
        assert log.ended_at is not None and log.hours == pytest.approx(1.5, abs=0.02)
        assert moved.actual_hours == log.hours and moved.labour_cost == log.cost > 0
        assert moved.actual_cost == moved.labour_cost + moved.parts_cost
        assert [t.to_status for t in transitions_of(work_order.id)][-1] is target


def test_unknown_and_other_organisations_work_orders_are_not_found(org: Org, other: Org):
    foreign = make_work_order(other)
    for work_order_id in (foreign.id, 2**62):
        with pytest.raises(NotFound):
            change(org, work_order_id, S.SCHEDULED)
    assert [t.to_status for t in transitions_of(foreign.id)] == [S.REQUESTED]


def test_an_asset_with_open_work_orders_cannot_be_retired_until_they_are_closed(org: Org):
    asset = make_asset(org, site_id=org.site_id)
    first = make_work_order(org, asset_id=asset.id, status=S.IN_PROGRESS)
    second = make_work_order(org, asset_id=asset.id)
    make_work_order(org, asset_id=asset.id, status=S.CANCELLED)
    for status in ('retired', 'decommissioned'):
        with pytest.raises(Conflict) as refused:
            call(
                asset_service.update_asset,
                principal=org.admin,
                asset_id=asset.id,
                data=AssetUpdate(status=status),
            )
        assert f'has 2 open work orders ({first.number}, {second.number})' in refused.value.detail
    change(org, first.id, S.COMPLETED)
    change(org, second.id, S.CANCELLED)
    retired = call(
        asset_service.update_asset, principal=org.admin, asset_id=asset.id, data=AssetUpdate(status='retired')
    )
    assert retired.status.value == 'retired'


def test_every_status_is_reachable_by_the_helper_path(org: Org):
    for status, path in PATH_TO.items():
        work_order = make_work_order(org, status=status)
        assert work_order.status is status
        assert [t.to_status for t in transitions_of(work_order.id)] == [S.REQUESTED, *path]
        if status is S.COMPLETED:
            assert work_order.scheduled_at <= work_order.started_at <= work_order.completed_at
        if status is S.IN_PROGRESS:
            assert move(org, work_order.id).started_at is not None
