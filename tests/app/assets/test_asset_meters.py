"""Meters and readings on SQLite and PostgreSQL: cumulative meters never go down, only the newest reading is
current, backdated readings fit between their neighbours, and every reading is on the asset's timeline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.assets import meters
from app.assets.enums import AssetEventKind
from app.assets.schemas import MeterCreate, MeterReadingCreate
from app.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.core.schemas import PageParams
from tests.support.organizations import make_org
from tests.support.rows import events_of
from tests.support.services import call, make_asset
from tests.support.snapshots import ASSETS, snapshot

pytestmark = pytest.mark.usefixtures('backend')
HOUR = timedelta(hours=1)


def add_meter(org, asset_id, principal=None, **values):
    data = MeterCreate(**{'name': 'Run hours', 'unit': 'h', **values})
    return call(meters.add_meter, principal=principal or org.supervisor, asset_id=asset_id, data=data)


def read(org, asset_id, meter_id, value, principal=None, **values):
    return call(
        meters.record_reading,
        principal=principal or org.technician,
        asset_id=asset_id,
        meter_id=meter_id,
        data=MeterReadingCreate(value=value, **values),
    )


def test_readings_update_the_current_value_and_land_on_the_timeline():
    org = make_org()
    asset = make_asset(org)
    meter = add_meter(org, asset.id)
    assert (meter.current_reading, meter.cumulative) == (None, True)
    read(org, asset.id, meter.id, 100.5)
    reading = read(org, asset.id, meter.id, 120, note='after shift')
    assert (reading.value, reading.source, reading.recorded_by) == (120, 'manual', org.technician.label)
    [current] = call(meters.list_meters, principal=org.viewer, asset_id=asset.id)
    assert current.current_reading == 120 and current.read_at == reading.read_at
    events = [(e.field, e.from_value, e.to_value, e.note) for e in events_of(asset.id) if e.kind == 'meter']
    assert events == [
        ('Run hours', None, 'added (h, cumulative)', ''),
        ('Run hours', None, '100.5 h', ''),
        ('Run hours', '100.5 h', '120 h', 'after shift'),
    ]


def test_a_cumulative_meter_refuses_a_lower_value_and_changes_nothing():
    org = make_org()
    asset = make_asset(org)
    meter = add_meter(org, asset.id)
    read(org, asset.id, meter.id, 500)
    before = snapshot(org.id, ASSETS)
    with pytest.raises(ValidationFailed) as refused:
        read(org, asset.id, meter.id, 499.9)
    assert refused.value.errors[0].field == 'value' and 'cannot be lower' in refused.value.errors[0].message
    assert snapshot(org.id, ASSETS) == before


def test_backdated_readings_must_fit_between_neighbours_and_do_not_become_current():
    org = make_org()
    asset = make_asset(org)
    meter = add_meter(org, asset.id)
    now = datetime.now(UTC)
    read(org, asset.id, meter.id, 100, read_at=now - 10 * HOUR)
    read(org, asset.id, meter.id, 200, read_at=now - HOUR)
    read(org, asset.id, meter.id, 150, read_at=now - 5 * HOUR)
    for value in (99, 201):
        with pytest.raises(ValidationFailed, match='cumulative'):
            read(org, asset.id, meter.id, value, read_at=now - 5 * HOUR)
    [current] = call(meters.list_meters, principal=org.viewer, asset_id=asset.id)
    assert current.current_reading == 200
    page = call(
        meters.list_readings, principal=org.viewer, asset_id=asset.id, meter_id=meter.id, page=PageParams(limit=2)
    )
    assert page.total == 3 and [r.value for r in page.items] == [200, 150]


def test_a_gauge_may_go_down():
    org = make_org()
    asset = make_asset(org)
    meter = add_meter(org, asset.id, name='Oil level', unit='%', cumulative=False)
    read(org, asset.id, meter.id, 80)
    assert read(org, asset.id, meter.id, 60).value == 60


def test_reading_times_need_an_offset_and_may_not_lie_ahead():
    org = make_org()
    asset = make_asset(org)
    meter = add_meter(org, asset.id)
    with pytest.raises(ValidationFailed) as refused:
        read(org, asset.id, meter.id, 1, read_at=datetime.now(UTC) + timedelta(days=1))
    assert refused.value.errors[0].field == 'read_at'
    for read_at in (datetime(2025, 1, 1, 8, 0), 1735718400, '1735718400'):  # no offset; Unix seconds
        with pytest.raises(ValueError, match='read_at'):
            MeterReadingCreate(value=1, read_at=read_at)


def test_meter_names_are_unique_per_asset():
    org = make_org()
    asset, other_asset = make_asset(org), make_asset(org)
    add_meter(org, asset.id)
    with pytest.raises(Conflict, match='Run hours'):
        add_meter(org, asset.id, name='run HOURS')
    assert add_meter(org, other_asset.id).name == 'Run hours'


def test_roles_and_organisations():
    org, other = make_org(), make_org()
    asset = make_asset(org)
    meter = add_meter(org, asset.id)
    with pytest.raises(Forbidden):
        add_meter(org, asset.id, org.technician, name='Cycles')
    with pytest.raises(Forbidden):
        read(org, asset.id, meter.id, 1, org.viewer)
    with pytest.raises(NotFound):
        read(other, asset.id, meter.id, 1, other.technician)
    with pytest.raises(NotFound):
        read(org, make_asset(org).id, meter.id, 1)  # a meter of another asset
    with pytest.raises(NotFound):
        call(meters.list_meters, principal=other.viewer, asset_id=asset.id)
    assert read(org, asset.id, meter.id, 1).value == 1
    assert [e.kind for e in events_of(asset.id)].count(AssetEventKind.METER) == 2
