"""Raising and planning work orders through the service on SQLite and PostgreSQL: who may set what, references of
the organisation only, templates, the cost estimate, numbering, optimistic locking, and closed plans."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import update

from app.assets.enums import AssetStatus
from app.core.db import session_scope
from app.core.enums import Role
from app.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.core.models import User
from app.work_orders import labour, service
from app.work_orders.enums import Priority, StepKind, StepState, WorkOrderStatus, WorkType
from app.work_orders.models import WorkOrderTemplate
from app.work_orders.numbering import next_number
from app.work_orders.schemas import WorkOrderCreate, WorkOrderUpdate
from tests.support.organizations import Org, make_member, unique
from tests.support.rows import audit_of, transitions_of
from tests.support.services import (
    call,
    get_work_order,
    make_asset,
    make_part,
    make_template,
    make_work_order,
    step_definitions,
)
from tests.support.snapshots import WORK_ORDERS, snapshot

pytestmark = pytest.mark.usefixtures('backend')
S = WorkOrderStatus


def create(org: Org, role: Role = Role.SUPERVISOR, **fields):
    values = {'title': unique('Leaking seal'), **fields}
    return call(service.create_work_order, principal=org.principals[role], data=WorkOrderCreate(**values))


def test_a_technician_raises_a_request_that_lands_numbered_with_its_first_transition_and_audit(org: Org):
    asset = make_asset(org, site_id=org.site_id)
    created = create(org, Role.TECHNICIAN, asset_id=asset.id, description='Drips under the pump', priority='high')
    assert created.number.startswith('WO-') and len(created.number) == 9
    assert (created.status, created.work_type, created.priority) == (S.REQUESTED, WorkType.CORRECTIVE, Priority.HIGH)
    assert (created.asset_code, created.site_id, created.version) == (asset.code, org.site_id, 1)
    assert created.requested_by == org.technician.label and created.scheduled_at is None
    [transition] = transitions_of(created.id)
    assert (transition.from_status, transition.to_status, transition.actor_label) == (
        None,
        S.REQUESTED,
        org.technician.label,
    )
    [entry] = audit_of(org, 'work_order', created.id)
    assert entry.summary == f'created work order {created.number}' and entry.changes['title'][1] == created.title
    assert get_work_order(org, created.id) == created


@pytest.mark.parametrize(
    ('fields', 'named'),
    [
        ({'status': 'scheduled'}, 'status'),
        ({'assignee_id': 'technician'}, 'assignee_id'),
        ({'team': 'Mechanics'}, 'team'),
        ({'due_at': datetime(2030, 1, 1, tzinfo=UTC)}, 'due_at'),
        ({'estimated_hours': Decimal('3')}, 'estimated_hours'),
        ({'steps': step_definitions(('Check', 'checkbox'))}, 'steps'),
    ],
)
def test_a_requester_cannot_plan_and_the_refusal_names_the_planning_fields(org: Org, fields: dict, named: str):
    if fields.get('assignee_id') == 'technician':
        fields = {'assignee_id': org.user_id(Role.TECHNICIAN)}
    before = snapshot(org.id, WORK_ORDERS)
    with pytest.raises(Forbidden) as refused:
        create(org, Role.TECHNICIAN, **fields)
    assert named in refused.value.detail and 'technician' in refused.value.detail
    assert snapshot(org.id, WORK_ORDERS) == before


def test_viewers_cannot_raise_requests(org: Org):
    with pytest.raises(Forbidden):
        create(org, Role.VIEWER)


def test_a_supervisor_plans_in_one_go_and_the_estimate_uses_the_assignees_rate(org: Org):
    member = make_member(org, Role.TECHNICIAN)
    with session_scope() as session:
        session.execute(update(User).where(User.id == member.user.id).values(hourly_rate=Decimal('60.00')))
    due = datetime.now(UTC) + timedelta(days=3)
    created = create(
        org,
        status='scheduled',
        assignee_id=member.user.id,
        team='Mechanics',
        due_at=due,
        estimated_hours=Decimal('2.5'),
    )
    assert (created.status, created.assignee_id, created.assignee_name, created.team) == (
        S.SCHEDULED,
        member.user.id,
        member.user.name,
        'Mechanics',
    )
    assert created.estimated_cost == Decimal('150.00') and created.scheduled_at is not None
    assert created.due_at == due and not created.is_overdue
    without_assignee = create(org, estimated_hours=Decimal('2'))
    assert without_assignee.estimated_cost == 2 * labour.DEFAULT_HOURLY_RATE
    assert create(org, estimated_hours=Decimal('2'), estimated_cost=Decimal('10')).estimated_cost == Decimal('10.00')


def test_a_template_brings_its_checklist_type_priority_estimate_and_planned_parts_costed(org: Org):
    part = make_part(org, unit_cost='12.50')
    template = make_template(org, description='Monthly', parts=[{'part_id': part.id, 'quantity': '2'}])
    created = create(
        org, Role.TECHNICIAN, title=None, template_id=template.id, asset_id=make_asset(org, site_id=org.site_id).id
    )
    assert (created.title, created.description, created.work_type, created.priority) == (
        'Monthly pump check',
        'Monthly',
        WorkType.PREVENTIVE,
        Priority.HIGH,
    )
    assert created.estimated_hours == Decimal('2.00') and created.template_id == template.id
    assert created.estimated_cost == 2 * labour.DEFAULT_HOURLY_RATE + Decimal('25.00')
    assert [(s.position, s.title, s.kind, s.state) for s in created.steps] == [
        (1, 'Lock out', StepKind.CHECKBOX, StepState.PENDING),
        (2, 'Discharge pressure', StepKind.NUMBER, StepState.PENDING),
    ]
    assert (created.steps[1].min_value, created.steps[1].max_value, created.steps[1].unit) == (0, 10, 'bar')
    assert (created.steps_total, created.steps_done) == (2, 0)
    own = create(
        org, title='Own title', template_id=template.id, priority='low', steps=step_definitions(('Only', 'text'))
    )
    assert (own.title, own.priority, [s.title for s in own.steps]) == ('Own title', Priority.LOW, ['Only'])


def test_without_title_or_template_the_title_is_named(org: Org):
    with pytest.raises(ValidationFailed) as refused:
        create(org, title=None)
    assert [e.field for e in refused.value.errors] == ['title']


def test_references_of_another_organisation_are_unknown_and_nothing_is_written(org: Org, other: Org):
    foreign = {
        'asset_id': make_asset(other, site_id=other.site_id).id,
        'assignee_id': other.user_id(Role.TECHNICIAN),
        'template_id': make_template(other).id,
        'site_id': other.site_id,
    }
    before = snapshot(org.id, WORK_ORDERS), snapshot(other.id, WORK_ORDERS)
    for name, value in foreign.items():
        with pytest.raises(ValidationFailed) as refused:
            create(org, **{name: value})
        assert [e.field for e in refused.value.errors] == [name] and 'not found' in refused.value.detail
    with pytest.raises(ValidationFailed) as all_at_once:
        create(org, asset_id=foreign['asset_id'], assignee_id=foreign['assignee_id'], template_id=2**62)
    assert {e.field for e in all_at_once.value.errors} == {'asset_id', 'assignee_id', 'template_id'}
    assert (snapshot(org.id, WORK_ORDERS), snapshot(other.id, WORK_ORDERS)) == before


def test_unfit_references_are_refused_with_the_reason(org: Org):
    retired = make_asset(org, status=AssetStatus.RETIRED, site_id=org.site_id)
    inactive = make_template(org)
    with session_scope() as session:
        session.execute(update(WorkOrderTemplate).where(WorkOrderTemplate.id == inactive.id).values(active=False))
    deactivated = make_member(org, Role.TECHNICIAN)
    with session_scope() as session:
        session.execute(update(User).where(User.id == deactivated.user.id).values(active=False))
    cases = [
        ({'asset_id': retired.id}, 'asset_id', 'retired'),
        ({'template_id': inactive.id}, 'template_id', 'inactive'),
        ({'assignee_id': deactivated.user.id}, 'assignee_id', 'deactivated'),
        ({'assignee_id': org.user_id(Role.VIEWER)}, 'assignee_id', 'viewer role'),
        ({'asset_id': make_asset(org, site_id=org.site_id).id, 'site_id': org.other_site_id}, 'site_id', 'differs'),
    ]
    for fields, name, reason in cases:
        with pytest.raises(ValidationFailed) as refused:
            create(org, **fields)
        assert refused.value.errors[0].field == name and reason in refused.value.errors[0].message


def test_numbers_count_up_per_organisation_and_stay_unique_under_concurrency(org: Org, other: Org):
    first, second = create(org), create(org)
    assert int(second.number[3:]) == int(first.number[3:]) + 1
    assert create(other).number != '' and create(other).number[3:] != '000000'
    with ThreadPoolExecutor(6) as pool:
        numbers = list(pool.map(lambda _: create(org).number, range(24)))
    assert len(set(numbers)) == 24
    values = sorted(int(n[3:]) for n in numbers)
    assert values == list(range(values[0], values[0] + 24)), 'gap-free when every creation commits'


def test_a_number_taken_in_a_rolled_back_transaction_is_kept_on_postgresql_only(backend: str, org: Org):
    """PostgreSQL bumps the counter in its own transaction (numbering.py: no lock held across each commit), so a
    creation failing after numbering leaves a gap; SQLite numbers inside the caller's transaction."""
    before = create(org)
    with pytest.raises(RuntimeError), session_scope() as session:
        next_number(session, org.id)
        raise RuntimeError('the database failed after numbering')
    expected_gap = 1 if backend == 'postgresql' else 0
    assert int(create(org).number[3:]) == int(before.number[3:]) + 1 + expected_gap


def test_a_failed_creation_hands_its_number_back(org: Org):
    before = create(org)
    with pytest.raises(ValidationFailed):
        create(org, asset_id=2**62)
    assert int(create(org).number[3:]) == int(before.number[3:]) + 1


def test_update_changes_the_plan_bumps_the_version_and_audits_the_diff(org: Org):
    created = create(org, asset_id=make_asset(org, site_id=org.site_id).id)
    moved_to = make_asset(org, site_id=org.other_site_id)
    due = datetime(2031, 5, 1, 8, tzinfo=UTC)
    updated = call(
        service.update_work_order,
        principal=org.supervisor,
        work_order_id=created.id,
        data=WorkOrderUpdate(version=1, title='New title', asset_id=moved_to.id, due_at=due, priority='critical'),
    )
    assert (updated.title, updated.asset_id, updated.site_id, updated.due_at, updated.version) == (
        'New title',
        moved_to.id,
        org.other_site_id,
        due,
        2,
    )
    entry = audit_of(org, 'work_order', created.id)[-1]
    assert entry.changes['title'] == [created.title, 'New title'] and entry.changes['priority'] == [
        'medium',
        'critical',
    ]
    unchanged = call(
        service.update_work_order,
        principal=org.supervisor,
        work_order_id=created.id,
        data=WorkOrderUpdate(version=2, title='New title'),
    )
    assert unchanged.version == 2, 'sending the same values changes nothing'


def test_a_stale_version_is_refused_naming_the_current_one_and_changes_nothing(org: Org):
    created = create(org)
    call(
        service.update_work_order,
        principal=org.supervisor,
        work_order_id=created.id,
        data=WorkOrderUpdate(version=1, title='First'),
    )
    before = snapshot(org.id, WORK_ORDERS)
    with pytest.raises(Conflict) as refused:
        call(
            service.update_work_order,
            principal=org.supervisor,
            work_order_id=created.id,
            data=WorkOrderUpdate(version=1, title='Second'),
        )
    assert 'you sent version 1' in refused.value.detail and 'current version is 2' in refused.value.detail
    assert snapshot(org.id, WORK_ORDERS) == before


def test_nulls_clear_what_may_be_empty_and_are_refused_where_a_value_is_required(org: Org):
    created = create(
        org, assignee_id=org.user_id(Role.TECHNICIAN), team='Night', asset_id=make_asset(org, site_id=org.site_id).id
    )
    cleared = call(
        service.update_work_order,
        principal=org.supervisor,
        work_order_id=created.id,
        data=WorkOrderUpdate(version=1, assignee_id=None, team=None, description=None, asset_id=None),
    )
    assert (cleared.assignee_id, cleared.team, cleared.asset_id, cleared.site_id) == (None, '', None, org.site_id)
    for name in ('title', 'work_type', 'priority'):
        with pytest.raises(ValidationFailed) as refused:
            call(
                service.update_work_order,
                principal=org.supervisor,
                work_order_id=created.id,
                data=WorkOrderUpdate(version=cleared.version, **{name: None}),
            )
        assert refused.value.errors[0].field == name


def test_technicians_record_failure_codes_but_do_not_plan(org: Org):
    created = make_work_order(org, status=S.COMPLETED, work_type='corrective')
    coded = call(
        service.update_work_order,
        principal=org.technician,
        work_order_id=created.id,
        data=WorkOrderUpdate(
            version=created.version, failure_problem='Leak', failure_cause='Wear', failure_remedy='Seal'
        ),
    )
    assert (coded.failure_problem, coded.failure_cause, coded.failure_remedy) == ('Leak', 'Wear', 'Seal')
    with pytest.raises(Forbidden):
        call(
            service.update_work_order,
            principal=org.technician,
            work_order_id=created.id,
            data=WorkOrderUpdate(version=coded.version, title='Mine now'),
        )
    with pytest.raises(Forbidden):
        call(
            service.update_work_order,
            principal=org.viewer,
            work_order_id=created.id,
            data=WorkOrderUpdate(version=coded.version, failure_cause='x'),
        )


def test_a_closed_work_order_keeps_its_plan(org: Org):
    for status in (S.COMPLETED, S.CANCELLED):
        closed = make_work_order(org, status=status)
        before = snapshot(org.id, WORK_ORDERS)
        with pytest.raises(Conflict) as refused:
            call(
                service.update_work_order,
                principal=org.admin,
                work_order_id=closed.id,
                data=WorkOrderUpdate(version=closed.version, title='Too late', failure_problem='x'),
            )
        assert 'title' in refused.value.detail and 'failure codes' in refused.value.detail
        assert snapshot(org.id, WORK_ORDERS) == before


def test_update_refuses_another_organisations_asset_or_assignee_and_unknown_work_orders(org: Org, other: Org):
    created = create(org)
    for fields in (
        {'asset_id': make_asset(other, site_id=other.site_id).id},
        {'assignee_id': other.user_id(Role.TECHNICIAN)},
    ):
        with pytest.raises(ValidationFailed) as refused:
            call(
                service.update_work_order,
                principal=org.supervisor,
                work_order_id=created.id,
                data=WorkOrderUpdate(version=1, **fields),
            )
        assert refused.value.errors[0].field == next(iter(fields))
    for work_order_id in (create(other).id, 2**62, 0, -1):
        with pytest.raises(NotFound):
            call(
                service.update_work_order,
                principal=org.supervisor,
                work_order_id=work_order_id,
                data=WorkOrderUpdate(version=1, title='x'),
            )
        with pytest.raises(NotFound):
            call(service.get_work_order, principal=org.viewer, work_order_id=work_order_id)
