"""Parts used on work orders through the service layer: issues and returns move stock and the ledger, roll the cost
up into the work order without touching its version, and every refusal leaves the database as it was."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.core.schemas import PageParams
from app.inventory import catalogue
from app.inventory.enums import StockMovementKind
from app.inventory.schemas import PartUpdate
from app.work_orders import parts
from app.work_orders.enums import WorkOrderStatus
from app.work_orders.models import WorkOrder
from app.work_orders.schemas import PartUse
from tests.support.organizations import Org
from tests.support.rows import assert_ledger_balances, audit_of, movements_of, on_hand, row
from tests.support.services import call, make_job, make_part
from tests.support.snapshots import PARTS_AND_LABOUR, snapshot

pytestmark = pytest.mark.usefixtures('backend')
ISSUE, RETURN = StockMovementKind.ISSUE, StockMovementKind.RETURN


def use(org: Org, work_order_id: int, part_id: int, quantity: str | int, role: str = 'technician', **fields):
    data = PartUse(part_id=part_id, quantity=Decimal(str(quantity)), **fields)
    return call(parts.use_parts, principal=getattr(org, role), work_order_id=work_order_id, data=data)


def test_issuing_takes_stock_writes_the_ledger_and_rolls_the_cost_up(org: Org):
    part = make_part(org, {org.site_id: 5}, unit_cost='12.50')
    order_id = make_job(org)
    version = row(WorkOrder, order_id).version

    used = use(org, order_id, part.id, 2, note='drive end')
    assert [(u.part_id, u.quantity, u.cost, u.unit) for u in used] == [(part.id, 2, Decimal('25.00'), 'pcs')]
    used = use(org, order_id, part.id, '0.5')
    assert used[0].quantity == Decimal('2.5') and used[0].cost == Decimal('31.25')

    assert on_hand(part.id, org.site_id) == Decimal('2.5')
    lines = movements_of(part.id, order_id)
    assert [(m.kind, m.quantity, m.balance_after, m.unit_cost) for m in lines] == [
        (ISSUE, -2, 3, Decimal('12.50')),
        (ISSUE, Decimal('-0.5'), Decimal('2.5'), Decimal('12.50')),
    ]
    assert lines[0].note == 'drive end' and lines[0].actor_label == org.technician.label
    assert_ledger_balances(part.id)
    order = row(WorkOrder, order_id)
    assert order.parts_cost == Decimal('31.25') and order.version == version, 'a roll-up never bumps the version'
    assert 'issued 0.5 pcs of' in audit_of(org, 'work_order')[-1].summary
    assert call(parts.list_work_order_parts, principal=org.viewer, work_order_id=order_id) == used


def test_taking_more_than_is_left_is_a_clear_conflict_and_changes_nothing(org: Org):
    part = make_part(org, {org.site_id: 1, org.other_site_id: 9}, name='Mechanical seal 35 mm', unit='set')
    order_id = make_job(org)
    before = snapshot(org.id, PARTS_AND_LABOUR)
    with pytest.raises(Conflict) as refused:
        use(org, order_id, part.id, 2)
    site_name = next(s.site_name for s in part.stock if s.site_id == org.site_id)
    assert refused.value.detail.startswith(f'only 1 set of Mechanical seal 35 mm left at {site_name}')
    unstocked = make_part(org)
    before = snapshot(org.id, PARTS_AND_LABOUR)
    with pytest.raises(Conflict, match='only 0 pcs'):
        use(org, order_id, unstocked.id, 1)
    assert snapshot(org.id, PARTS_AND_LABOUR) == before
    # the site given in the body wins over the work order's
    use(org, order_id, part.id, 2, site_id=org.other_site_id)
    assert on_hand(part.id, org.other_site_id) == 7 and on_hand(part.id, org.site_id) == 1


def test_returns_give_stock_back_up_to_what_the_work_order_used(org: Org):
    part = make_part(org, {org.site_id: 10}, unit_cost='4.00')
    order_id, other_order_id = make_job(org), make_job(org)
    use(org, order_id, part.id, 3)
    use(org, other_order_id, part.id, 5)

    used = use(org, order_id, part.id, 1, kind='return', note='not needed')
    assert used[0].quantity == 2 and used[0].cost == Decimal('8.00')
    assert on_hand(part.id, org.site_id) == 3 and row(WorkOrder, order_id).parts_cost == Decimal('8.00')
    before = snapshot(org.id, PARTS_AND_LABOUR)
    with pytest.raises(Conflict, match='used 2 pcs'):
        use(org, order_id, part.id, 3, kind='return')  # the other work order's parts are not this one's to return
    assert snapshot(org.id, PARTS_AND_LABOUR) == before

    # a return to a site without stock of the part yet creates its stock there
    assert use(org, order_id, part.id, 2, kind='return', site_id=org.other_site_id) == []
    assert on_hand(part.id, org.other_site_id) == 2
    assert row(WorkOrder, order_id).parts_cost == 0
    last = movements_of(part.id, order_id)[-1]
    assert (last.kind, last.quantity, last.balance_after, last.unit_cost) == (RETURN, 2, 2, Decimal('4.00'))
    assert_ledger_balances(part.id)
    with pytest.raises(Conflict, match='used 0 pcs'):
        use(org, order_id, part.id, 1, kind='return')


def test_a_price_change_between_issue_and_return_never_makes_the_cost_drift(org: Org):
    part = make_part(org, {org.site_id: 10}, unit_cost='1.00')
    order_id = make_job(org)
    use(org, order_id, part.id, 2)
    call(catalogue.update_part, principal=org.admin, part_id=part.id, data=PartUpdate(unit_cost=Decimal('2.00')))
    use(org, order_id, part.id, 1)
    assert row(WorkOrder, order_id).parts_cost == Decimal('4.00')
    # returns are valued at the average cost of what was issued (4.00 / 3), so a full return gives back 4.00
    assert use(org, order_id, part.id, 1, kind='return')[0].cost == Decimal('2.67')
    assert use(org, order_id, part.id, 2, kind='return') == []
    assert row(WorkOrder, order_id).parts_cost == 0


def test_parts_go_on_open_work_orders_only(org: Org):
    part = make_part(org, {org.site_id: 5})
    for status in (WorkOrderStatus.COMPLETED, WorkOrderStatus.CANCELLED):
        order_id = make_job(org, status=status)
        before = snapshot(org.id, PARTS_AND_LABOUR)
        with pytest.raises(Conflict, match=status.value):
            use(org, order_id, part.id, 1)
        assert snapshot(org.id, PARTS_AND_LABOUR) == before
    for status in (WorkOrderStatus.REQUESTED, WorkOrderStatus.SCHEDULED, WorkOrderStatus.ON_HOLD):
        assert use(org, make_job(org, status=status), part.id, 1)


def test_the_site_defaults_to_the_work_orders_and_must_be_known(org: Org, other: Org):
    part = make_part(org, {org.other_site_id: 5})
    siteless = make_job(org, site_id=None)
    before = snapshot(org.id, PARTS_AND_LABOUR)
    for kwargs, message in (({}, 'has no site'), ({'site_id': other.site_id}, 'not found')):
        with pytest.raises(ValidationFailed) as failure:
            use(org, siteless, part.id, 1, **kwargs)
        assert failure.value.errors[0].field == 'site_id' and message in failure.value.errors[0].message
    assert snapshot(org.id, PARTS_AND_LABOUR) == before
    assert use(org, siteless, part.id, 1, site_id=org.other_site_id)[0].quantity == 1


def test_viewers_cannot_use_parts_and_other_organisations_ids_are_unknown(org: Org, other: Org):
    part, order_id = make_part(org, {org.site_id: 5}), make_job(org)
    their_part, their_order = make_part(other, {other.site_id: 5}), make_job(other)
    before, other_before = snapshot(org.id, PARTS_AND_LABOUR), snapshot(other.id, PARTS_AND_LABOUR)
    with pytest.raises(Forbidden, match='viewer'):
        use(org, order_id, part.id, 1, role='viewer')
    for order in (their_order, 2**62, 2**64):
        with pytest.raises(NotFound):
            use(org, order, part.id, 1)
    with pytest.raises(ValidationFailed) as failure:
        use(org, order_id, their_part.id, 1)
    assert failure.value.errors[0].field == 'part_id'
    with pytest.raises(NotFound):
        call(parts.list_work_order_parts, principal=org.admin, work_order_id=their_order)
    with pytest.raises(NotFound):
        call(catalogue.list_movements, principal=org.admin, work_order_id=their_order, page=PageParams())
    assert snapshot(org.id, PARTS_AND_LABOUR) == before and snapshot(other.id, PARTS_AND_LABOUR) == other_before


def test_a_cost_the_work_order_cannot_hold_is_refused_before_stock_moves(org: Org):
    part = make_part(org, {org.site_id: 100_000}, unit_cost='999999999')
    order_id = make_job(org)
    use(org, order_id, part.id, 999)
    before = snapshot(org.id, PARTS_AND_LABOUR)
    with pytest.raises(ValidationFailed) as failure:
        use(org, order_id, part.id, 2)
    assert failure.value.errors[0].field == 'quantity' and 'parts cost' in failure.value.errors[0].message
    assert snapshot(org.id, PARTS_AND_LABOUR) == before


def test_the_ledger_of_a_work_order_lists_its_movements_newest_first(org: Org):
    part = make_part(org, {org.site_id: 5})
    order_id = make_job(org)
    use(org, order_id, part.id, 3)
    use(org, order_id, part.id, 1, kind='return')
    page = call(catalogue.list_movements, principal=org.viewer, work_order_id=order_id, page=PageParams())
    assert [(m.kind, m.quantity) for m in page.items] == [(RETURN, 1), (ISSUE, -3)] and page.total == 2
