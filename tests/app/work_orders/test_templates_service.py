"""Work-order templates through the service layer: create, list, edit, deactivate and reactivate; names are unique,
parts must be the organisation's, and only planners manage them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.core.schemas import PageParams
from app.work_orders import templates
from app.work_orders.enums import Priority, StepKind, WorkType
from app.work_orders.schemas import PartLine, StepDefinition
from app.work_orders.template_schemas import TemplateCreate, TemplateUpdate
from tests.support.organizations import Org, make_org, unique
from tests.support.rows import audit_of
from tests.support.services import call, make_part
from tests.support.snapshots import PARTS_AND_LABOUR, snapshot

pytestmark = pytest.mark.usefixtures('backend')


def template_data(**fields) -> TemplateCreate:
    values = {
        'name': unique('Monthly pump PM'),
        'title': 'Pump inspection',
        'work_type': WorkType.PREVENTIVE,
        **fields,
    }
    return TemplateCreate(**values)


def make_template(org: Org, **fields):
    """Unlike ``tests.support.services.make_template`` (admin, a checklist): the supervisor, ``template_data``."""
    return call(templates.create_template, principal=org.supervisor, data=template_data(**fields))


def test_a_template_keeps_its_steps_parts_estimate_type_and_priority(org: Org):
    bearing, grease = make_part(org), make_part(org, unit='kg')
    steps = [
        StepDefinition(title='Lock out and tag out'),
        StepDefinition(title='Bearing temperature', kind=StepKind.NUMBER, min_value=10, max_value=80, unit='°C'),
        StepDefinition(title='Seal leak-free', kind=StepKind.PASS_FAIL),
    ]
    lines = [PartLine(part_id=bearing.id, quantity=Decimal(2)), PartLine(part_id=grease.id, quantity=Decimal('0.25'))]
    created = make_template(
        org,
        description='Every month',
        priority=Priority.HIGH,
        estimated_hours=Decimal('1.5'),
        steps=steps,
        parts=lines,
    )
    assert (created.work_type, created.priority, created.estimated_hours, created.active) == (
        WorkType.PREVENTIVE,
        Priority.HIGH,
        Decimal('1.5'),
        True,
    )
    assert created.steps == steps and created.parts == lines
    read = call(templates.get_template, principal=org.viewer, template_id=created.id)
    assert read == created
    assert audit_of(org, 'work_order_template')[-1].summary == f'created work-order template {created.name}'


def test_names_are_unique_in_an_organisation_and_parts_must_be_its_own(org: Org, other: Org):
    taken = make_template(org)
    make_template(other, name=taken.name)  # another organisation may use the same name
    theirs = make_part(other)
    mine = make_part(org)
    before = snapshot(org.id, PARTS_AND_LABOUR)
    with pytest.raises(Conflict, match='already exists'):
        make_template(org, name=taken.name)
    lines = [
        PartLine(part_id=mine.id, quantity=Decimal(1)),
        PartLine(part_id=theirs.id, quantity=Decimal(1)),
        PartLine(part_id=mine.id, quantity=Decimal(1)),
        PartLine(part_id=2**63 - 1, quantity=Decimal(1)),  # a possible id, but no part's
    ]
    with pytest.raises(ValidationFailed) as failure:
        make_template(org, parts=lines)
    assert [e.field for e in failure.value.errors] == ['parts.1.part_id', 'parts.2.part_id', 'parts.3.part_id']
    assert snapshot(org.id, PARTS_AND_LABOUR) == before


def test_update_changes_what_is_sent_and_lists_replace_whole(org: Org):
    part = make_part(org)
    created = make_template(org, steps=[StepDefinition(title='A'), StepDefinition(title='B')])
    updated = call(
        templates.update_template,
        principal=org.admin,
        template_id=created.id,
        data=TemplateUpdate(
            title='Pump inspection (new)',
            steps=[StepDefinition(title='C')],
            parts=[PartLine(part_id=part.id, quantity=Decimal('3'))],
        ),
    )
    assert updated.title == 'Pump inspection (new)' and updated.name == created.name
    assert [s.title for s in updated.steps] == ['C'] and updated.parts[0].quantity == 3
    changes = audit_of(org, 'work_order_template')[-1].changes
    assert set(changes) == {'title', 'steps', 'parts'}
    before = snapshot(org.id, PARTS_AND_LABOUR)
    call(
        templates.update_template,
        principal=org.admin,
        template_id=created.id,
        data=TemplateUpdate(title=updated.title),
    )
    assert snapshot(org.id, PARTS_AND_LABOUR) == before, 'a change to the same value writes nothing'
    taken = make_template(org)
    before = snapshot(org.id, PARTS_AND_LABOUR)
    with pytest.raises(Conflict):
        call(
            templates.update_template,
            principal=org.admin,
            template_id=created.id,
            data=TemplateUpdate(name=taken.name),
        )
    with pytest.raises(ValidationFailed, match=r'parts\.0\.part_id'):
        call(
            templates.update_template,
            principal=org.admin,
            template_id=created.id,
            data=TemplateUpdate(parts=[PartLine(part_id=2**40, quantity=Decimal(1))]),
        )
    assert snapshot(org.id, PARTS_AND_LABOUR) == before
    with pytest.raises(ValueError, match='cannot be null'):
        TemplateUpdate.model_validate({'steps': None})


def test_deactivated_templates_leave_the_list_and_can_come_back():
    org = make_org()  # fresh: the list below must hold only these
    kept, retired = make_template(org, name='A pump'), make_template(org, name='B fan')
    gone = call(templates.deactivate_template, principal=org.supervisor, template_id=retired.id)
    assert not gone.active

    def names(**kwargs) -> list[str]:
        page = call(templates.list_templates, principal=org.technician, page=PageParams(), **kwargs)
        assert page.total == len(page.items)
        return [t.name for t in page.items]

    assert names() == ['A pump'] and names(include_inactive=True) == ['A pump', 'B fan']
    assert names(q='fan', include_inactive=True) == ['B fan'] and names(q='PUMP') == ['A pump']
    with pytest.raises(Conflict, match='deactivated one'):
        make_template(org, name='B fan')
    with pytest.raises(ValidationFailed, match='deactivated'):
        call(templates.template_for_use, principal=org.admin, template_id=retired.id)
    assert call(templates.template_for_use, principal=org.admin, template_id=kept.id) == kept
    call(templates.update_template, principal=org.admin, template_id=retired.id, data=TemplateUpdate(active=True))
    assert names() == ['A pump', 'B fan']


@pytest.mark.parametrize('role', ['technician', 'viewer'])
def test_only_planners_manage_templates(org: Org, role: str):
    created = make_template(org)
    principal = getattr(org, role)
    before = snapshot(org.id, PARTS_AND_LABOUR)
    for attempt in (
        lambda: call(templates.create_template, principal=principal, data=template_data()),
        lambda: call(
            templates.update_template, principal=principal, template_id=created.id, data=TemplateUpdate(title='X')
        ),
        lambda: call(templates.deactivate_template, principal=principal, template_id=created.id),
    ):
        with pytest.raises(Forbidden, match=role):
            attempt()
    assert snapshot(org.id, PARTS_AND_LABOUR) == before
    assert call(templates.get_template, principal=principal, template_id=created.id).id == created.id


def test_other_organisations_templates_are_unknown(org: Org, other: Org):
    theirs = make_template(other)
    before = snapshot(other.id, PARTS_AND_LABOUR)
    for attempt in (
        lambda: call(templates.get_template, principal=org.admin, template_id=theirs.id),
        lambda: call(templates.update_template, principal=org.admin, template_id=theirs.id, data=TemplateUpdate()),
        lambda: call(templates.deactivate_template, principal=org.admin, template_id=theirs.id),
    ):
        with pytest.raises(NotFound):
            attempt()
    with pytest.raises(ValidationFailed, match='template_id'):
        call(templates.template_for_use, principal=org.admin, template_id=theirs.id)
    listed = call(templates.list_templates, principal=org.admin, include_inactive=True, page=PageParams(limit=500))
    assert theirs.id not in {t.id for t in listed.items}
    assert snapshot(other.id, PARTS_AND_LABOUR) == before
