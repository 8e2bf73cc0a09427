"""Domain events as the services publish them, on SQLite and PostgreSQL: what each change of assets, work orders and
stock tells other domains, the retirement rule as a guard declared in a manifest, and the seams that keep domains
apart (no bus: an error; ``app`` never imports the UI)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from app.assets import meters, transfer
from app.assets import service as assets
from app.assets.events import AssetCreated, AssetStatusChanged, ConditionAssessed, MeterReadingRecorded
from app.assets.schemas import AssetCreate, AssetUpdate, ConditionAssessment, MeterCreate, MeterReadingCreate
from app.core import events
from app.core.db import in_session
from app.core.enums import Role
from app.core.errors import Conflict
from app.core.events import DomainEvent, Mode
from app.domains import DOMAINS, event_bus
from app.inventory import catalogue
from app.inventory.events import StockBelowMinimum
from app.inventory.schemas import PartCreate, StockLevelSet
from app.work_orders import parts
from app.work_orders import service as work_orders
from app.work_orders.events import WorkOrderAssigned, WorkOrderCompleted, WorkOrderCreated, WorkOrderStatusChanged
from app.work_orders.schemas import PartUse, StatusChange, WorkOrderCreate, WorkOrderUpdate
from app.work_orders.subscribers import refuse_retiring_with_open_work
from tests.support.organizations import Org, make_org, unique

ROOT = Path(__file__).resolve().parents[3]
ALL_EVENTS = (
    AssetCreated,
    AssetStatusChanged,
    ConditionAssessed,
    MeterReadingRecorded,
    WorkOrderCreated,
    WorkOrderAssigned,
    WorkOrderStatusChanged,
    WorkOrderCompleted,
    StockBelowMinimum,
)


@pytest.fixture
def shop(backend: str) -> Org:
    """A fresh organisation (its events are counted from nothing)."""
    return make_org()


@pytest.fixture
def published() -> Iterator[list[DomainEvent]]:
    """Every event the services publish during the test, in order (seen by an in-transaction reaction, so a
    refused change, whose transaction rolls back, still shows what it tried)."""
    seen: list[DomainEvent] = []
    with events.subscribed(*(events.reaction(kind, lambda _s, event: seen.append(event)) for kind in ALL_EVENTS)):
        yield seen


def asset(shop: Org, **fields) -> int:
    data = AssetCreate(code=unique('P'), name='Pump', asset_type='equipment', site_id=shop.site_id, **fields)
    return in_session(assets.create_asset, principal=shop.admin, data=data).id


def test_asset_changes_tell_other_domains(shop: Org, published: list[DomainEvent]) -> None:
    asset_id = asset(shop)
    in_session(assets.update_asset, principal=shop.admin, asset_id=asset_id, data=AssetUpdate(status='repair'))
    in_session(assets.update_asset, principal=shop.admin, asset_id=asset_id, data=AssetUpdate(name='Renamed'))
    assessment = ConditionAssessment(condition='poor', status='maintenance', score=3, note='bearing noise')
    in_session(assets.assess_condition, principal=shop.admin, asset_id=asset_id, data=assessment)
    meter = in_session(
        meters.add_meter, principal=shop.admin, asset_id=asset_id, data=MeterCreate(name='Hours', unit='h')
    )
    reading = MeterReadingCreate(value=Decimal('120.5'))
    in_session(meters.record_reading, principal=shop.admin, asset_id=asset_id, meter_id=meter.id, data=reading)
    kinds = [type(e).__name__ for e in published]
    assert kinds == [
        'AssetCreated',
        'AssetStatusChanged',
        'AssetStatusChanged',
        'ConditionAssessed',
        'MeterReadingRecorded',
    ], 'a renamed asset tells nobody'
    created, to_repair, to_maintenance, assessed, read = published
    assert (created.asset_id, created.status, created.site_id) == (asset_id, 'operational', shop.site_id)
    assert (to_repair.from_status, to_repair.to_status) == ('operational', 'repair')
    assert (to_maintenance.from_status, to_maintenance.to_status, to_maintenance.note) == (
        'repair',
        'maintenance',
        'bearing noise',
    )
    assert (assessed.from_condition, assessed.condition, assessed.score) == ('good', 'poor', 3)
    assert (read.meter_id, read.value, read.unit, read.cumulative) == (meter.id, Decimal('120.5'), 'h', True)
    assert all(e.organization_id == shop.id and e.aggregate == f'asset:{asset_id}' for e in published)


def test_an_import_tells_what_it_created_and_whose_status_changed(shop: Org, published: list[DomainEvent]) -> None:
    existing = asset(shop)
    code = in_session(assets.get_asset, principal=shop.admin, asset_id=existing).code
    new_code = unique('N')
    content = (
        f'code,name,asset_type,status\n{code},Pump,equipment,standby\n{new_code},Fan,equipment,operational\n'
    ).encode()
    published.clear()
    in_session(transfer.run_import, principal=shop.admin, file_name='assets.csv', content=content)
    assert [(type(e).__name__, e.code) for e in published] == [('AssetCreated', new_code), ('AssetStatusChanged', code)]
    assert (published[1].from_status, published[1].to_status) == ('operational', 'standby')


def test_work_order_changes_tell_other_domains(shop: Org, published: list[DomainEvent]) -> None:
    asset_id = asset(shop)
    data = WorkOrderCreate(title='Replace seal', asset_id=asset_id, assignee_id=shop.user_id(Role.TECHNICIAN))
    wo = in_session(work_orders.create_work_order, principal=shop.admin, data=data)
    reassign = WorkOrderUpdate(assignee_id=shop.user_id(Role.SUPERVISOR), version=wo.version)
    in_session(work_orders.update_work_order, principal=shop.admin, work_order_id=wo.id, data=reassign)
    for status in ('scheduled', 'in_progress', 'completed'):
        move = StatusChange(status=status, note=f'to {status}')
        in_session(work_orders.change_status, principal=shop.admin, work_order_id=wo.id, data=move)
    work = [e for e in published if e.aggregate_type == 'work_order']
    assert [type(e).__name__ for e in work] == [
        'WorkOrderCreated',
        'WorkOrderAssigned',
        'WorkOrderAssigned',
        'WorkOrderStatusChanged',
        'WorkOrderStatusChanged',
        'WorkOrderStatusChanged',
        'WorkOrderCompleted',
    ]
    created, assigned, reassigned, *moves, completed = work
    assert (created.number, created.asset_id, created.status, created.work_type) == (
        wo.number,
        asset_id,
        'requested',
        'corrective',
    )
    assert (assigned.assignee_id, assigned.previous_assignee_id) == (shop.user_id(Role.TECHNICIAN), None)
    assert (reassigned.assignee_id, reassigned.previous_assignee_id) == (
        shop.user_id(Role.SUPERVISOR),
        shop.user_id(Role.TECHNICIAN),
    )
    assert [(m.from_status, m.to_status, m.note) for m in moves] == [
        ('requested', 'scheduled', 'to scheduled'),
        ('scheduled', 'in_progress', 'to in_progress'),
        ('in_progress', 'completed', 'to completed'),
    ]
    assert completed.completed_at is not None and completed.work_order_id == wo.id


def test_stock_falling_below_its_minimum_is_told_once_per_crossing(shop: Org, published: list[DomainEvent]) -> None:
    level = StockLevelSet(site_id=shop.site_id, on_hand=Decimal(5), min_stock=Decimal(3))
    part = in_session(
        catalogue.create_part,
        principal=shop.admin,
        data=PartCreate(part_number=unique('B'), name='Belt', stock=[level]),
    )
    wo = in_session(
        work_orders.create_work_order,
        principal=shop.admin,
        data=WorkOrderCreate(title='Belts', site_id=shop.site_id, status='scheduled'),
    )
    in_session(
        work_orders.change_status, principal=shop.admin, work_order_id=wo.id, data=StatusChange(status='in_progress')
    )

    def use(quantity: int) -> None:
        data = PartUse(part_id=part.id, quantity=Decimal(quantity))
        in_session(parts.use_parts, principal=shop.admin, work_order_id=wo.id, data=data)

    use(2)  # 5 → 3: at the minimum, not below
    use(1)  # 3 → 2: below
    use(1)  # 2 → 1: still below, nothing new
    low = [e for e in published if isinstance(e, StockBelowMinimum)]
    assert [(e.on_hand, e.min_stock, e.part_id, e.site_id) for e in low] == [(2, 3, part.id, shop.site_id)]
    in_session(
        catalogue.receive_stock, principal=shop.admin, part_id=part.id, site_id=shop.site_id, quantity=Decimal(9)
    )
    in_session(
        catalogue.set_min_stock, principal=shop.admin, part_id=part.id, site_id=shop.site_id, min_stock=Decimal(20)
    )  # 10 on hand, the minimum raised past it: low again
    low = [e for e in published if isinstance(e, StockBelowMinimum)]
    assert [(e.on_hand, e.min_stock) for e in low] == [(2, 3), (10, 20)]


def test_the_retirement_rule_is_a_guard_declared_in_the_work_order_manifest(shop: Org) -> None:
    guards = [s.handler for s in event_bus().of(AssetStatusChanged, Mode.GUARD)]
    assert guards == [refuse_retiring_with_open_work]
    asset_id = asset(shop)
    data = WorkOrderCreate(title='Open work', asset_id=asset_id)
    wo = in_session(work_orders.create_work_order, principal=shop.admin, data=data)
    with pytest.raises(Conflict, match=rf'cannot be set to retired: has 1 open work order \({wo.number}\)'):
        in_session(assets.update_asset, principal=shop.admin, asset_id=asset_id, data=AssetUpdate(status='retired'))
    in_session(
        work_orders.change_status, principal=shop.admin, work_order_id=wo.id, data=StatusChange(status='cancelled')
    )
    retired = in_session(
        assets.update_asset, principal=shop.admin, asset_id=asset_id, data=AssetUpdate(status='retired')
    )
    assert retired.status == 'retired'


def test_publishing_without_installed_subscriptions_is_an_error_not_a_skipped_guard(shop: Org) -> None:
    bus = events.installed_bus()
    events._bus = None
    try:
        with pytest.raises(RuntimeError, match='no event subscriptions are installed'):
            asset(shop)
    finally:
        events.install(bus)


def test_every_event_has_a_unique_name_and_every_durable_subscriber_a_unique_name() -> None:
    names = [kind.name for kind in ALL_EVENTS]
    assert len(names) == len(set(names))
    durable = [s.name for d in DOMAINS for s in d.subscriptions if s.mode is Mode.DURABLE]
    assert len(durable) == len(set(durable))


def test_the_app_package_never_imports_the_ui_except_the_web_composition_root() -> None:
    offenders = []
    for path in (ROOT / 'app').rglob('*.py'):
        if path == ROOT / 'app' / 'web.py':
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f'{path.relative_to(ROOT)}: {name}'
                for name in names
                if name.split('.')[0] in ('nicegui', 'pages', 'components')
            ]
    assert offenders == []
