"""The parts catalogue and stock through the service layer: create, find, edit, receive, count, reorder levels,
and the ledger with its balance after every line."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.core.schemas import PageParams
from app.inventory import catalogue
from app.inventory.enums import StockMovementKind
from app.inventory.schemas import PartCreate, PartUpdate, StockLevelSet
from tests.support.organizations import Org, make_org, unique
from tests.support.rows import assert_ledger_balances, audit_of, movements_of, on_hand
from tests.support.services import call, make_part
from tests.support.snapshots import PARTS_AND_LABOUR, snapshot

pytestmark = pytest.mark.usefixtures('backend')
PAGE = PageParams(limit=500)


def test_a_new_part_with_initial_stock_writes_one_receipt_per_stocked_site(org: Org):
    part = make_part(org, {org.site_id: '12.5', org.other_site_id: 0}, unit='m', min_stock={org.site_id: 20})

    assert part.total_on_hand == Decimal('12.5') and part.unit == 'm'
    by_site = {s.site_id: s for s in part.stock}
    assert by_site[org.site_id].is_low and not by_site[org.other_site_id].is_low and part.is_low
    assert by_site[org.site_id].site_name.startswith('Plant North')
    ledger = movements_of(part.id)
    assert [(m.kind, m.site_id, m.quantity, m.balance_after) for m in ledger] == [
        (StockMovementKind.RECEIPT, org.site_id, Decimal('12.5'), Decimal('12.5'))
    ]
    assert ledger[0].unit_cost == Decimal('10.00') and ledger[0].note == 'initial stock'
    assert audit_of(org, 'part')[-1].summary == f'created part {part.part_number}'


def test_a_duplicate_part_number_is_a_conflict_and_writes_nothing(org: Org, other: Org):
    part = make_part(org)
    make_part(other, part_number=part.part_number)  # another organisation may use the same number
    before = snapshot(org.id, PARTS_AND_LABOUR)
    with pytest.raises(Conflict, match=part.part_number):
        make_part(org, {org.site_id: 5}, part_number=part.part_number)
    assert snapshot(org.id, PARTS_AND_LABOUR) == before


def test_initial_stock_must_be_at_the_organisations_own_sites(org: Org, other: Org):
    before = snapshot(org.id, PARTS_AND_LABOUR)
    levels = [
        StockLevelSet(site_id=org.site_id, on_hand=Decimal(1)),
        StockLevelSet(site_id=other.site_id, on_hand=Decimal(1)),
        StockLevelSet(site_id=org.site_id, on_hand=Decimal(2)),
        StockLevelSet(site_id=2**62, on_hand=Decimal(1)),
    ]
    with pytest.raises(ValidationFailed) as failure:
        call(
            catalogue.create_part,
            principal=org.admin,
            data=PartCreate(part_number=unique('P'), name='X', stock=levels),
        )
    assert [e.field for e in failure.value.errors] == ['stock.1.site_id', 'stock.2.site_id', 'stock.3.site_id']
    assert 'not found' in failure.value.errors[0].message and 'twice' in failure.value.errors[1].message
    assert snapshot(org.id, PARTS_AND_LABOUR) == before


def test_stock_beyond_what_the_column_holds_is_refused_by_field(org: Org):
    level = StockLevelSet(site_id=org.site_id, on_hand=Decimal('1000000000'))
    with pytest.raises(ValidationFailed) as failure:
        call(
            catalogue.create_part,
            principal=org.admin,
            data=PartCreate(part_number=unique('P'), name='X', stock=[level]),
        )
    assert failure.value.errors[0].field == 'stock.0.on_hand'


@pytest.mark.parametrize('role', ['technician', 'viewer'])
def test_only_planners_manage_the_catalogue(org: Org, role: str):
    part = make_part(org, {org.site_id: 1})
    principal = getattr(org, role)
    before = snapshot(org.id, PARTS_AND_LABOUR)
    attempts = [
        lambda: call(catalogue.create_part, principal=principal, data=PartCreate(part_number=unique('P'), name='X')),
        lambda: call(catalogue.update_part, principal=principal, part_id=part.id, data=PartUpdate(name='Y')),
        lambda: call(
            catalogue.receive_stock, principal=principal, part_id=part.id, site_id=org.site_id, quantity=Decimal(1)
        ),
        lambda: call(
            catalogue.adjust_stock, principal=principal, part_id=part.id, site_id=org.site_id, quantity=Decimal(0)
        ),
        lambda: call(
            catalogue.set_min_stock, principal=principal, part_id=part.id, site_id=org.site_id, min_stock=Decimal(3)
        ),
    ]
    for attempt in attempts:
        with pytest.raises(Forbidden, match=role):
            attempt()
    assert snapshot(org.id, PARTS_AND_LABOUR) == before
    # …but everyone may read the catalogue, so a technician can pick parts
    assert call(catalogue.get_part, principal=principal, part_id=part.id).id == part.id


def test_list_searches_filters_by_site_and_flags_low_stock():
    org = make_org()  # fresh: the counts below must not see other tests' parts
    ok = make_part(org, {org.site_id: 10}, name='Deep groove bearing 6204', min_stock={org.site_id: 2})
    low_north = make_part(org, {org.site_id: 1, org.other_site_id: 50}, min_stock={org.site_id: 5})
    low_south = make_part(org, {org.other_site_id: 1}, name='V-belt SPA 1250', min_stock={org.other_site_id: 3})
    unstocked = make_part(org)

    def listed(**filters) -> list[int]:
        page = call(catalogue.list_parts, principal=org.viewer, page=PAGE, **filters)
        assert page.total == len(page.items)
        return [p.id for p in page.items]

    assert set(listed()) == {ok.id, low_north.id, low_south.id, unstocked.id}
    assert listed(q='6204') == [ok.id] and listed(q='v-BELT') == [low_south.id]
    assert listed(q=ok.part_number) == [ok.id]
    assert set(listed(low_only=True)) == {low_north.id, low_south.id}
    assert set(listed(site_id=org.site_id)) == {ok.id, low_north.id}
    assert listed(site_id=org.other_site_id, low_only=True) == [low_south.id]
    at_south = call(catalogue.list_parts, principal=org.viewer, site_id=org.other_site_id, page=PAGE).items
    north_part = next(p for p in at_south if p.id == low_north.id)
    assert [s.site_id for s in north_part.stock] == [org.other_site_id]
    assert not north_part.is_low and north_part.total_on_hand == 50, 'with a site filter, only that site counts'
    with pytest.raises(ValidationFailed):
        call(catalogue.list_parts, principal=org.viewer, q='a\x00b', page=PAGE)


def test_another_organisations_parts_are_never_listed_or_found(org: Org, other: Org):
    theirs = make_part(other, {other.site_id: 3}, name=unique('Secret seal'))
    assert call(catalogue.list_parts, principal=org.admin, q=theirs.name, page=PAGE).total == 0
    assert call(catalogue.list_parts, principal=org.admin, site_id=other.site_id, page=PAGE).total == 0
    for attempt in (
        lambda: call(catalogue.get_part, principal=org.admin, part_id=theirs.id),
        lambda: call(catalogue.update_part, principal=org.admin, part_id=theirs.id, data=PartUpdate(name='Mine')),
        lambda: call(
            catalogue.receive_stock, principal=org.admin, part_id=theirs.id, site_id=org.site_id, quantity=Decimal(1)
        ),
        lambda: call(catalogue.list_movements, principal=org.admin, part_id=theirs.id, page=PAGE),
        lambda: call(catalogue.get_part, principal=org.admin, part_id=2**70),
    ):
        with pytest.raises(NotFound):
            attempt()
    assert call(catalogue.get_part, principal=other.admin, part_id=theirs.id).name == theirs.name


def test_update_changes_the_fields_sent_and_refuses_a_taken_number(org: Org):
    part, taken = make_part(org), make_part(org)
    updated = call(
        catalogue.update_part,
        principal=org.supervisor,
        part_id=part.id,
        data=PartUpdate(name='Seal kit', unit_cost=Decimal('7.25'), unit='set'),
    )
    assert (updated.name, updated.unit_cost, updated.unit, updated.part_number) == (
        'Seal kit',
        Decimal('7.25'),
        'set',
        part.part_number,
    )
    assert audit_of(org, 'part')[-1].changes['unit_cost'] == ['10.00', '7.25']
    before = snapshot(org.id, PARTS_AND_LABOUR)
    with pytest.raises(Conflict, match=taken.part_number):
        call(
            catalogue.update_part, principal=org.admin, part_id=part.id, data=PartUpdate(part_number=taken.part_number)
        )
    call(catalogue.update_part, principal=org.admin, part_id=part.id, data=PartUpdate(name='Seal kit'))  # no change
    assert snapshot(org.id, PARTS_AND_LABOUR) == before
    with pytest.raises(ValueError, match='cannot be null'):
        PartUpdate.model_validate({'name': None})


def test_receipts_and_counts_move_stock_and_the_ledger_balances(org: Org, other: Org):
    part = make_part(org, {org.site_id: 4})
    read = call(
        catalogue.receive_stock,
        principal=org.supervisor,
        part_id=part.id,
        site_id=org.site_id,
        quantity=Decimal('6.5'),
        note='PO 4711',
    )
    assert read.total_on_hand == Decimal('10.5')
    call(catalogue.receive_stock, principal=org.admin, part_id=part.id, site_id=org.other_site_id, quantity=Decimal(2))
    counted = call(
        catalogue.adjust_stock,
        principal=org.admin,
        part_id=part.id,
        site_id=org.site_id,
        quantity=Decimal(9),
        note='count',
    )
    assert {s.site_id: s.on_hand for s in counted.stock} == {org.site_id: 9, org.other_site_id: 2}
    ledger = movements_of(part.id)
    assert [(m.kind, m.quantity, m.balance_after) for m in ledger] == [
        (StockMovementKind.RECEIPT, 4, 4),
        (StockMovementKind.RECEIPT, Decimal('6.5'), Decimal('10.5')),
        (StockMovementKind.RECEIPT, 2, 2),
        (StockMovementKind.ADJUSTMENT, Decimal('-1.5'), 9),
    ]
    assert ledger[1].note == 'PO 4711' and ledger[3].actor_label == org.admin.label
    assert_ledger_balances(part.id)
    # a count that matches the shelf changes nothing
    before = snapshot(org.id, PARTS_AND_LABOUR)
    call(catalogue.adjust_stock, principal=org.admin, part_id=part.id, site_id=org.site_id, quantity=Decimal(9))
    assert snapshot(org.id, PARTS_AND_LABOUR) == before

    page = call(catalogue.list_movements, principal=org.viewer, part_id=part.id, page=PageParams(limit=2))
    assert page.total == 4 and [m.kind for m in page.items] == [StockMovementKind.ADJUSTMENT, StockMovementKind.RECEIPT]
    everything = call(catalogue.list_movements, principal=org.viewer, page=PAGE)
    assert {m.part_id for m in everything.items} >= {part.id}
    assert part.id not in {m.part_id for m in call(catalogue.list_movements, principal=other.admin, page=PAGE).items}


def test_bad_receipts_and_counts_are_refused_by_field_and_change_nothing(org: Org, other: Org):
    part = make_part(org, {org.site_id: 999_999_999})
    before = snapshot(org.id, PARTS_AND_LABOUR)
    cases = [
        (catalogue.receive_stock, {'site_id': other.site_id, 'quantity': Decimal(1)}, 'site_id'),
        (catalogue.receive_stock, {'site_id': org.site_id, 'quantity': Decimal(0)}, 'quantity'),
        (catalogue.receive_stock, {'site_id': org.site_id, 'quantity': Decimal(1)}, 'quantity'),  # would overflow
        (catalogue.adjust_stock, {'site_id': org.site_id, 'quantity': Decimal(-1)}, 'quantity'),
        (catalogue.adjust_stock, {'site_id': 2**63, 'quantity': Decimal(1)}, 'site_id'),
        (catalogue.set_min_stock, {'site_id': org.site_id, 'min_stock': Decimal(-1)}, 'min_stock'),
    ]
    for function, kwargs, name in cases:
        with pytest.raises(ValidationFailed) as failure:
            call(function, principal=org.admin, part_id=part.id, **kwargs)
        assert failure.value.errors[0].field == name, (function.__name__, kwargs)
    assert snapshot(org.id, PARTS_AND_LABOUR) == before


def test_minimum_stock_flags_a_part_low_until_it_is_restocked(org: Org):
    part = make_part(org, {org.site_id: 3})
    assert not part.is_low
    read = call(
        catalogue.set_min_stock,
        principal=org.supervisor,
        part_id=part.id,
        site_id=org.site_id,
        min_stock=Decimal(5),
        bin_location='A-03',
    )
    assert read.is_low and read.stock[0].bin_location == 'A-03' and read.stock[0].min_stock == 5
    assert len(movements_of(part.id)) == 1, 'a reorder level is no stock movement'
    # a reorder level at a site without stock yet creates the (empty) stock record there
    south = call(
        catalogue.set_min_stock, principal=org.admin, part_id=part.id, site_id=org.other_site_id, min_stock=Decimal(1)
    )
    assert {s.site_id: (s.on_hand, s.is_low) for s in south.stock}[org.other_site_id] == (0, True)
    call(catalogue.receive_stock, principal=org.admin, part_id=part.id, site_id=org.site_id, quantity=Decimal(2))
    call(catalogue.receive_stock, principal=org.admin, part_id=part.id, site_id=org.other_site_id, quantity=Decimal(1))
    assert not call(catalogue.get_part, principal=org.viewer, part_id=part.id).is_low


def test_stock_can_never_go_below_zero_even_by_hand(backend: str):
    """The CHECK constraint is the last line of defence behind the conditional update, on both databases."""
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from app.core.db import session_scope

    org = make_org()
    part = make_part(org, {org.site_id: 1})
    with pytest.raises(IntegrityError), session_scope() as session:
        session.execute(text('UPDATE part_stock SET on_hand = -1 WHERE part_id = :id'), {'id': part.id})
    assert on_hand(part.id, org.site_id) == 1
