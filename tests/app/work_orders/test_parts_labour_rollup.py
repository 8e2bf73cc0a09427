"""Parts and labour seen on the work order itself: estimated vs actual side by side, actual cost = labour + parts,
roll-ups that never make a supervisor's open edit form stale, and timers stopped when work stops."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.enums import Role
from app.work_orders import labour, parts, templates
from app.work_orders.enums import WorkOrderStatus
from app.work_orders.schemas import PartLine, PartUse, TimeLogCreate
from app.work_orders.template_schemas import TemplateCreate
from tests.support.api import client
from tests.support.organizations import Org, unique
from tests.support.services import backdate_running_timers, call, make_part, make_work_order, move

pytestmark = pytest.mark.usefixtures('backend')


def test_a_job_from_a_template_shows_estimated_and_actual_side_by_side(org: Org):
    filter_part = make_part(org, {org.site_id: 10}, unit_cost='20.00')
    template = call(
        templates.create_template,
        principal=org.supervisor,
        data=TemplateCreate(
            name=unique('Filter change'),
            title='Change the filters',
            work_type='preventive',
            estimated_hours=Decimal('2'),
            parts=[PartLine(part_id=filter_part.id, quantity=Decimal(2))],
        ),
    )
    order = make_work_order(org, status=WorkOrderStatus.IN_PROGRESS, template_id=template.id, site_id=org.site_id)
    assert order.estimated_hours == 2 and order.estimated_cost == Decimal('130.00')  # 2 h × 45 + 2 × 20
    version = order.version

    call(
        parts.use_parts,
        principal=org.technician,
        work_order_id=order.id,
        data=PartUse(part_id=filter_part.id, quantity=3),
    )
    call(labour.log_time, principal=org.technician, work_order_id=order.id, data=TimeLogCreate(hours=Decimal('1.5')))

    read = client().get(f'/api/v1/work-orders/{order.id}', headers=org.headers(Role.VIEWER)).json()
    assert (read['estimated_hours'], read['actual_hours']) == ('2.00', '1.50')
    assert (read['labour_cost'], read['parts_cost'], read['actual_cost']) == ('67.50', '60.00', '127.50')
    assert [(p['part_id'], p['quantity'], p['cost']) for p in read['parts']] == [(filter_part.id, '3.000', '60.00')]
    assert read['version'] == version, 'parts and time never bump the version'


def test_a_supervisors_open_edit_form_stays_valid_while_technicians_work(org: Org):
    part = make_part(org, {org.site_id: 5})
    order = make_work_order(org, status=WorkOrderStatus.IN_PROGRESS, site_id=org.site_id)
    call(parts.use_parts, principal=org.technician, work_order_id=order.id, data=PartUse(part_id=part.id, quantity=1))
    call(labour.log_time, principal=org.technician, work_order_id=order.id, data=TimeLogCreate(hours=Decimal(1)))
    response = client().patch(
        f'/api/v1/work-orders/{order.id}',
        headers=org.headers(Role.SUPERVISOR),
        json={'version': order.version, 'title': 'Replace bearing and seal'},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (
        body['title'] == 'Replace bearing and seal' and body['parts_cost'] == '10.00' and body['actual_hours'] == '1.00'
    )


@pytest.mark.parametrize('target', [WorkOrderStatus.COMPLETED, WorkOrderStatus.ON_HOLD])
def test_stopping_work_stops_every_running_timer_and_rolls_it_up(org: Org, target: WorkOrderStatus):
    order = make_work_order(org, status=WorkOrderStatus.IN_PROGRESS, site_id=org.site_id)
    for principal in (org.technician, org.supervisor):
        call(labour.log_time, principal=principal, work_order_id=order.id, data=TimeLogCreate(action='start'))
    backdate_running_timers(60, work_order_id=order.id)
    moved = move(org, order.id, target)
    assert (moved.actual_hours, moved.labour_cost) == (Decimal('2.00'), Decimal('90.00'))
    assert call(labour.running_timer, principal=org.technician) is None
    assert all(log.ended_at for log in call(labour.list_time_logs, principal=org.viewer, work_order_id=order.id))
