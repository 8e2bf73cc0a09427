"""The small demo set loaded into a fresh database: the same assets every time, lines → machines → components,
meters with readings, Hamburg's Hall A floor plan with machines placed on it, and a second load adds nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from PIL import Image
from sqlalchemy import func, select

from app import demo
from app.assets import demo as asset_demo
from app.assets import floor_plans
from app.assets.enums import AssetEventKind, AssetStatus, AssetType
from app.assets.models import Asset, AssetEvent, FloorPlan, Meter, MeterReading
from app.core.db import session_scope
from tests.support.databases import OwnDatabases

IDENTITY = (
    Asset.code,
    Asset.name,
    Asset.asset_type,
    Asset.status,
    Asset.condition,
    Asset.criticality,
    Asset.building,
    Asset.floor,
    Asset.room,
    Asset.manufacturer,
    Asset.model,
    Asset.serial_number,
    Asset.install_date,
    Asset.purchase_cost,
    Asset.latitude,
    Asset.longitude,
    Asset.plan_x,
    Asset.plan_y,
)


@pytest.fixture(params=['sqlite', 'postgresql'])
def fresh_database(request: pytest.FixtureRequest, own_databases: OwnDatabases) -> Callable[[], str]:
    """Makes empty, migrated databases of one backend; the test's previous database is current again afterwards."""
    return lambda: own_databases.make(request.param, prefix='cmms_demo')


def test_the_asset_demo_is_declared_in_the_manifest():
    from app.assets import demo as asset_demo
    from app.domains import ASSETS

    assert ASSETS.demo is asset_demo.load


def test_small_demo_loads_a_deterministic_asset_hierarchy_with_a_floor_plan(fresh_database):
    fresh_database()
    assert demo.load_demo('small') is True
    with session_scope() as session:
        assets = session.execute(
            select(Asset.id, Asset.parent_id, Asset.asset_type, Asset.status, Asset.code, Asset.latitude, Asset.site_id)
        ).all()
        first = session.execute(select(*IDENTITY).order_by(Asset.code)).all()
        plan = session.scalars(select(FloorPlan)).one()
        placed = session.scalars(select(Asset).where(Asset.floor_plan_id == plan.id)).all()
        created = session.scalar(select(func.count()).where(AssetEvent.kind == AssetEventKind.CREATED))
        meters = session.scalar(select(func.count()).select_from(Meter))
        readings = session.scalar(select(func.count()).select_from(MeterReading))
    assert len(assets) == asset_demo.ASSET_COUNTS['small'] == 300
    assert created == 300
    parents = {a.id: a.parent_id for a in assets}

    def depth(asset_id: int) -> int:
        return 1 if parents[asset_id] is None else 1 + depth(parents[asset_id])

    depths = Counter(depth(a.id) for a in assets)
    assert set(depths) == {1, 2, 3} and depths[1] == 9  # three lines per site
    types = Counter(a.asset_type for a in assets)
    assert types[AssetType.SYSTEM] == 9 and types[AssetType.COMPONENT] > 100 and types[AssetType.VEHICLE] > 0
    statuses = Counter(a.status for a in assets)
    assert statuses[AssetStatus.OPERATIONAL] > 200 and statuses[AssetStatus.REPAIR] > 0
    assert all(a.latitude is not None and a.site_id is not None for a in assets)
    assert len({a.code for a in assets}) == 300 and all(a.code[:3] in ('HAM', 'LYO', 'COL') for a in assets)
    assert meters > 50 and readings == 3 * meters
    # The plan: a real image of Hamburg's Hall A ground floor, with machines on it inside its bounds.
    assert (plan.building, plan.floor, plan.width, plan.height) == ('Hall A', 'Ground', 1600, 1000)
    assert Image.open(floor_plans.plans_dir() / plan.stored_name).size == (1600, 1000)
    assert len(placed) >= 10
    assert all(0 <= a.plan_x <= 1600 and 0 <= a.plan_y <= 1000 and a.building == 'Hall A' for a in placed)

    assert demo.load_demo('small') is False  # a second load creates nothing
    with session_scope() as session:
        assert session.scalar(select(func.count()).select_from(Asset)) == 300
        assert session.scalar(select(func.count()).select_from(FloorPlan)) == 1

    fresh_database()
    assert demo.load_demo('small') is True
    with session_scope() as session:
        assert session.execute(select(*IDENTITY).order_by(Asset.code)).all() == first
