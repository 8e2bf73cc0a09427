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
from app.work_orders.schemas import PartUse
from tests.app.work_orders.parts_support import (
    Shop,
    assert_ledger_balances,
    audit_of,
    call,
    make_part,
    make_work_order,
    movements,
    new_shop,
    on_hand,
    state,
    work_order,
)
from tests.factories import for_each_backend

pytestmark = pytest.mark.usefixtures('backend')
ISSUE, RETURN = StockMovementKind.ISSUE, StockMovementKind.RETURN


@pytest.fixture(scope='module')
def shops(database_urls: dict[str, str]) -> dict[str, tuple[Shop, Shop]]:
    return for_each_backend(database_urls, lambda: (new_shop(), new_shop()))


@pytest.fixture
def shop(backend: str, shops: dict[str, tuple[Shop, Shop]]) -> Shop:
    return shops[backend][0]


@pytest.fixture
def other(backend: str, shops: dict[str, tuple[Shop, Shop]]) -> Shop:
    return shops[backend][1]


def use(shop: Shop, work_order_id: int, part_id: int, quantity: str | int, role: str = 'technician', **fields):
    data = PartUse(part_id=part_id, quantity=Decimal(str(quantity)), **fields)
    return call(parts.use_parts, principal=getattr(shop, role), work_order_id=work_order_id, data=data)


def test_issuing_takes_stock_writes_the_ledger_and_rolls_the_cost_up(shop: Shop):
    part = make_part(shop, {shop.site_id: 5}, unit_cost='12.50')
    order_id = make_work_order(shop)
    version = work_order(order_id).version

    used = use(shop, order_id, part.id, 2, note='drive end')
    assert [(u.part_id, u.quantity, u.cost, u.unit) for u in used] == [(part.id, 2, Decimal('25.00'), 'pcs')]
    used = use(shop, order_id, part.id, '0.5')
    assert used[0].quantity == Decimal('2.5') and used[0].cost == Decimal('31.25')

    assert on_hand(part.id, shop.site_id) == Decimal('2.5')
    lines = movements(part.id, order_id)
    assert [(m.kind, m.quantity, m.balance_after, m.unit_cost) for m in lines] == [
        (ISSUE, -2, 3, Decimal('12.50')),
        (ISSUE, Decimal('-0.5'), Decimal('2.5'), Decimal('12.50')),
    ]
    assert lines[0].note == 'drive end' and lines[0].actor_label == shop.technician.label
    assert_ledger_balances(part.id)
    order = work_order(order_id)
    assert order.parts_cost == Decimal('31.25') and order.version == version, 'a roll-up never bumps the version'
    assert 'issued 0.5 pcs of' in audit_of(shop, 'work_order')[-1].summary
    assert call(parts.list_work_order_parts, principal=shop.viewer, work_order_id=order_id) == used


def test_taking_more_than_is_left_is_a_clear_conflict_and_changes_nothing(shop: Shop):
    part = make_part(shop, {shop.site_id: 1, shop.other_site_id: 9}, name='Mechanical seal 35 mm', unit='set')
    order_id = make_work_order(shop)
    before = state(shop.id)
    with pytest.raises(Conflict) as refused:
        use(shop, order_id, part.id, 2)
    site_name = next(s.site_name for s in part.stock if s.site_id == shop.site_id)
    assert refused.value.detail.startswith(f'only 1 set of Mechanical seal 35 mm left at {site_name}')
    unstocked = make_part(shop)
    before = state(shop.id)
    with pytest.raises(Conflict, match='only 0 pcs'):
        use(shop, order_id, unstocked.id, 1)
    assert state(shop.id) == before
    # the site given in the body wins over the work order's
    use(shop, order_id, part.id, 2, site_id=shop.other_site_id)
    assert on_hand(part.id, shop.other_site_id) == 7 and on_hand(part.id, shop.site_id) == 1


def test_returns_give_stock_back_up_to_what_the_work_order_used(shop: Shop):
    part = make_part(shop, {shop.site_id: 10}, unit_cost='4.00')
    order_id, other_order_id = make_work_order(shop), make_work_order(shop)
    use(shop, order_id, part.id, 3)
    use(shop, other_order_id, part.id, 5)

    used = use(shop, order_id, part.id, 1, kind='return', note='not needed')
    assert used[0].quantity == 2 and used[0].cost == Decimal('8.00')
    assert on_hand(part.id, shop.site_id) == 3 and work_order(order_id).parts_cost == Decimal('8.00')
    before = state(shop.id)
    with pytest.raises(Conflict, match='used 2 pcs'):
        use(shop, order_id, part.id, 3, kind='return')  # the other work order's parts are not this one's to return
    assert state(shop.id) == before

    # a return to a site without stock of the part yet creates its stock there
    assert use(shop, order_id, part.id, 2, kind='return', site_id=shop.other_site_id) == []
    assert on_hand(part.id, shop.other_site_id) == 2
    assert work_order(order_id).parts_cost == 0
    last = movements(part.id, order_id)[-1]
    assert (last.kind, last.quantity, last.balance_after, last.unit_cost) == (RETURN, 2, 2, Decimal('4.00'))
    assert_ledger_balances(part.id)
    with pytest.raises(Conflict, match='used 0 pcs'):
        use(shop, order_id, part.id, 1, kind='return')


def test_a_price_change_between_issue_and_return_never_makes_the_cost_drift(shop: Shop):
    part = make_part(shop, {shop.site_id: 10}, unit_cost='1.00')
    order_id = make_work_order(shop)
    use(shop, order_id, part.id, 2)
    call(catalogue.update_part, principal=shop.admin, part_id=part.id, data=PartUpdate(unit_cost=Decimal('2.00')))
    use(shop, order_id, part.id, 1)
    assert work_order(order_id).parts_cost == Decimal('4.00')
    # returns are valued at the average cost of what was issued (4.00 / 3), so a full return gives back 4.00
    assert use(shop, order_id, part.id, 1, kind='return')[0].cost == Decimal('2.67')
    assert use(shop, order_id, part.id, 2, kind='return') == []
    assert work_order(order_id).parts_cost == 0


def test_parts_go_on_open_work_orders_only(shop: Shop):
    part = make_part(shop, {shop.site_id: 5})
    for status in (WorkOrderStatus.COMPLETED, WorkOrderStatus.CANCELLED):
        order_id = make_work_order(shop, status=status)
        before = state(shop.id)
        with pytest.raises(Conflict, match=status.value):
            use(shop, order_id, part.id, 1)
        assert state(shop.id) == before
    for status in (WorkOrderStatus.REQUESTED, WorkOrderStatus.SCHEDULED, WorkOrderStatus.ON_HOLD):
        assert use(shop, make_work_order(shop, status=status), part.id, 1)


def test_the_site_defaults_to_the_work_orders_and_must_be_known(shop: Shop, other: Shop):
    part = make_part(shop, {shop.other_site_id: 5})
    siteless = make_work_order(shop, site_id=None)
    before = state(shop.id)
    for kwargs, message in (({}, 'has no site'), ({'site_id': other.site_id}, 'not found')):
        with pytest.raises(ValidationFailed) as failure:
            use(shop, siteless, part.id, 1, **kwargs)
        assert failure.value.errors[0].field == 'site_id' and message in failure.value.errors[0].message
    assert state(shop.id) == before
    assert use(shop, siteless, part.id, 1, site_id=shop.other_site_id)[0].quantity == 1


def test_viewers_cannot_use_parts_and_other_organisations_ids_are_unknown(shop: Shop, other: Shop):
    part, order_id = make_part(shop, {shop.site_id: 5}), make_work_order(shop)
    their_part, their_order = make_part(other, {other.site_id: 5}), make_work_order(other)
    before, other_before = state(shop.id), state(other.id)
    with pytest.raises(Forbidden, match='viewer'):
        use(shop, order_id, part.id, 1, role='viewer')
    for order in (their_order, 2**62, 2**64):
        with pytest.raises(NotFound):
            use(shop, order, part.id, 1)
    with pytest.raises(ValidationFailed) as failure:
        use(shop, order_id, their_part.id, 1)
    assert failure.value.errors[0].field == 'part_id'
    with pytest.raises(NotFound):
        call(parts.list_work_order_parts, principal=shop.admin, work_order_id=their_order)
    with pytest.raises(NotFound):
        call(catalogue.list_movements, principal=shop.admin, work_order_id=their_order, page=PageParams())
    assert state(shop.id) == before and state(other.id) == other_before


def test_a_cost_the_work_order_cannot_hold_is_refused_before_stock_moves(shop: Shop):
    part = make_part(shop, {shop.site_id: 100_000}, unit_cost='999999999')
    order_id = make_work_order(shop)
    use(shop, order_id, part.id, 999)
    before = state(shop.id)
    with pytest.raises(ValidationFailed) as failure:
        use(shop, order_id, part.id, 2)
    assert failure.value.errors[0].field == 'quantity' and 'parts cost' in failure.value.errors[0].message
    assert state(shop.id) == before


def test_the_ledger_of_a_work_order_lists_its_movements_newest_first(shop: Shop):
    part = make_part(shop, {shop.site_id: 5})
    order_id = make_work_order(shop)
    use(shop, order_id, part.id, 3)
    use(shop, order_id, part.id, 1, kind='return')
    page = call(catalogue.list_movements, principal=shop.viewer, work_order_id=order_id, page=PageParams())
    assert [(m.kind, m.quantity) for m in page.items] == [(RETURN, 1), (ISSUE, -3)] and page.total == 2


def test_stock_can_never_go_below_zero_even_by_hand(backend: str):
    """The CHECK constraint is the last line of defence behind the conditional update, on both databases."""
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from app.core.db import session_scope

    shop = new_shop()
    part = make_part(shop, {shop.site_id: 1})
    with pytest.raises(IntegrityError), session_scope() as session:
        session.execute(text('UPDATE part_stock SET on_hand = -1 WHERE part_id = :id'), {'id': part.id})
    assert on_hand(part.id, shop.site_id) == 1
