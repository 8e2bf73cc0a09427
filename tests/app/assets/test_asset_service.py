"""The asset services on SQLite and PostgreSQL: create, update, move, assess, with their history, audit entries,
version conflicts, reference checks and permissions."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from app.assets import service
from app.assets.enums import AssetEventKind
from app.assets.models import Asset
from app.assets.schemas import AssetCreate, AssetUpdate, ConditionAssessment, LocationChange
from app.core.db import session_scope
from app.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.core.schemas import validated
from tests.support.organizations import make_org, unique
from tests.support.rows import audit_of, events_of
from tests.support.services import call, make_asset, make_floor_plan
from tests.support.snapshots import ASSETS, snapshot

pytestmark = pytest.mark.usefixtures('backend')


def update(org, asset_id, principal=None, **values):
    return call(
        service.update_asset, principal=principal or org.supervisor, asset_id=asset_id, data=AssetUpdate(**values)
    )


def move(org, asset_id, principal=None, **values):
    return call(
        service.move_asset, principal=principal or org.supervisor, asset_id=asset_id, data=LocationChange(**values)
    )


def assess(org, asset_id, principal=None, **values):
    return call(
        service.assess_condition,
        principal=principal or org.technician,
        asset_id=asset_id,
        data=ConditionAssessment(**values),
    )


def test_create_returns_the_asset_with_site_and_parent_and_writes_history_and_audit():
    org = make_org()
    parent = make_asset(org, code=unique('LINE'))
    asset = make_asset(
        org,
        name='Feed pump',
        parent_id=parent.id,
        site_id=org.site_id,
        criticality='high',
        purchase_cost='1234.5',
        location={'building': 'A', 'latitude': 53.54, 'longitude': 9.99},
    )
    assert (asset.parent_code, asset.criticality, str(asset.purchase_cost)) == (parent.code, 'high', '1234.50')
    assert asset.site_name.startswith('Plant North') and asset.version == 1 and asset.location.latitude == 53.54
    assert call(service.get_asset, principal=org.viewer, asset_id=parent.id).children_count == 1
    [created] = events_of(asset.id)
    assert (created.kind, created.actor_label, created.to_value) == (
        AssetEventKind.CREATED,
        org.admin.label,
        f'{asset.code} Feed pump',
    )
    entry = audit_of(org, 'asset')[-1]
    assert entry.action == 'create' and entry.changes['code'] == [None, asset.code]
    assert entry.changes['purchase_cost'] == [None, '1234.50']


def test_code_is_unique_within_an_organisation_but_not_across():
    org, other = make_org(), make_org()
    asset = make_asset(org)
    before = snapshot(org.id, ASSETS)
    with pytest.raises(Conflict, match=asset.code):
        make_asset(org, code=asset.code)
    assert snapshot(org.id, ASSETS) == before
    assert make_asset(other, code=asset.code).code == asset.code


def test_two_concurrent_creates_of_one_code_give_one_asset_and_one_conflict():
    org = make_org()
    code = unique('RACE')
    outcome = {}

    def second() -> None:
        try:
            make_asset(org, code=code)
            outcome['second'] = 'created'
        except Conflict as exc:
            outcome['second'] = str(exc)

    with session_scope() as session:
        service.create_asset(
            session=session, principal=org.admin, data=AssetCreate(code=code, name='First', asset_type='tool')
        )
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.3)  # the second transaction is now waiting on ours (lock or unique index)
    thread.join(30)
    assert code in outcome['second']
    with session_scope() as session:
        assert session.scalars(select(Asset.name).where(Asset.organization_id == org.id)).all() == ['First']


@pytest.mark.parametrize(
    ('body', 'field'),
    [
        ({'location': {'latitude': 95, 'longitude': 9}}, 'location.latitude'),
        ({'location': {'longitude': 181, 'latitude': 0}}, 'location.longitude'),
        ({'asset_type': 'spaceship'}, 'asset_type'),
        ({'colour': 'red'}, 'colour'),
        ({'code': 'has space'}, 'code'),
        ({'name': 'bad\x00name'}, 'name'),
    ],
)
def test_bad_input_is_refused_naming_the_field(body, field):
    with pytest.raises(ValidationFailed) as refused:
        validated(AssetCreate, {'code': 'P-1', 'name': 'Pump', 'asset_type': 'equipment', **body})
    assert field in [e.field for e in refused.value.errors]


def test_references_must_be_the_organisations_own():
    org, other = make_org(), make_org()
    foreign = make_asset(other)
    foreign_plan = make_floor_plan(other)
    before = snapshot(org.id, ASSETS)
    for fields, field in (
        ({'parent_id': foreign.id}, 'parent_id'),
        ({'site_id': other.site_id}, 'site_id'),
        ({'parent_id': 2**62}, 'parent_id'),
        ({'location': {'floor_plan_id': foreign_plan, 'plan_x': 1, 'plan_y': 1}}, 'location.floor_plan_id'),
    ):
        with pytest.raises(ValidationFailed) as refused:
            make_asset(org, **fields)
        assert [e.field for e in refused.value.errors] == [field]
    assert snapshot(org.id, ASSETS) == before


def test_get_and_scan_by_code_see_only_the_organisations_assets():
    org, other = make_org(), make_org()
    asset = make_asset(org, code=unique('Pump-X'))
    assert call(service.get_asset_by_code, principal=org.viewer, code=f' {asset.code.lower()} ').id == asset.id
    with pytest.raises(NotFound):
        call(service.get_asset, principal=other.viewer, asset_id=asset.id)
    with pytest.raises(NotFound):
        call(service.get_asset_by_code, principal=other.viewer, code=asset.code)


def test_update_changes_only_what_was_sent_with_one_event_per_field():
    org = make_org()
    asset = make_asset(org, manufacturer='Grundfos', model='CR 10')
    updated = update(
        org,
        asset.id,
        name='Feed pump 2',
        model='CR 15',
        install_date='2024-03-01',
        version=1,
        attributes={'voltage': 400},
        note='nameplate checked',
    )
    assert (updated.name, updated.model, updated.manufacturer, updated.version) == (
        'Feed pump 2',
        'CR 15',
        'Grundfos',
        2,
    )
    fields = {e.field: (e.from_value, e.to_value, e.note) for e in events_of(asset.id) if e.kind == 'field'}
    assert fields == {
        'name': ('Pump', 'Feed pump 2', 'nameplate checked'),
        'model': ('CR 10', 'CR 15', 'nameplate checked'),
        'install_date': (None, '2024-03-01', 'nameplate checked'),
        'attributes': ('{}', '{"voltage": 400}', 'nameplate checked'),
    }
    entry = audit_of(org, 'asset')[-1]
    assert entry.action == 'update' and entry.changes['name'] == ['Pump', 'Feed pump 2']
    assert update(org, asset.id, name='Feed pump 2').version == 2, 'a no-op changes nothing'
    assert len(events_of(asset.id)) == 5


def test_stale_version_is_a_conflict_naming_the_current_version_and_changes_nothing():
    org = make_org()
    asset = make_asset(org)
    update(org, asset.id, name='Renamed', version=1)
    before = snapshot(org.id, ASSETS)
    with pytest.raises(Conflict, match='current version is 2'):
        update(org, asset.id, name='Mine', version=1)
    assert snapshot(org.id, ASSETS) == before


def test_a_write_over_a_concurrent_one_is_a_conflict_not_a_silent_overwrite():
    org = make_org()
    asset = make_asset(org)
    with session_scope() as session:
        loaded = session.get(Asset, asset.id)
        session.commit()  # holds the loaded row (version 1) but no lock, like a page that read it earlier
        update(org, asset.id, name='Theirs')
        loaded.name = 'Mine'
        with pytest.raises(Conflict, match='changed by someone else'):
            service.update_asset(session=session, principal=org.admin, asset_id=asset.id, data=AssetUpdate(model='X'))
        session.rollback()
    assert call(service.get_asset, principal=org.viewer, asset_id=asset.id).name == 'Theirs'


def test_null_for_a_required_field_names_it_and_blank_text_fields_clear():
    org = make_org()
    asset = make_asset(org, manufacturer='ACME')
    with pytest.raises(ValidationFailed, match='name'):
        update(org, asset.id, name=None)
    assert update(org, asset.id, manufacturer=None).manufacturer == ''


def test_move_writes_one_location_event_with_readable_from_and_to():
    org = make_org()
    asset = make_asset(org, site_id=org.site_id, location={'building': 'A', 'floor': '2', 'room': '201'})
    moved = move(org, asset.id, room='Room 305', latitude=53.5401, longitude=9.99, note='moved to line 3')
    assert (moved.location.building, moved.location.room, moved.location.latitude) == ('A', 'Room 305', 53.5401)
    [event] = [e for e in events_of(asset.id) if e.kind == AssetEventKind.LOCATION]
    assert event.from_value.endswith(' / Building A / Floor 2 / Room 201')
    assert event.to_value.endswith(' / Building A / Floor 2 / Room 305 (53.5401, 9.99)')
    assert event.note == 'moved to line 3' and event.from_value.startswith('Plant North')
    moved = move(org, asset.id, site_id=org.other_site_id)
    assert moved.site_name.startswith('Plant South')
    assert audit_of(org, 'asset')[-1].changes['site_id'] == [org.site_id, org.other_site_id]


def test_move_refuses_another_organisations_site_and_changes_nothing():
    org, other = make_org(), make_org()
    asset = make_asset(org)
    before = snapshot(org.id, ASSETS)
    with pytest.raises(ValidationFailed) as refused:
        move(org, asset.id, site_id=other.site_id)
    assert refused.value.errors[0].field == 'site_id'
    with pytest.raises(NotFound):
        move(other, asset.id, room='1')
    assert snapshot(org.id, ASSETS) == before


def test_floor_plan_spot_must_lie_on_an_own_plan_of_the_assets_site():
    org = make_org()
    plan = make_floor_plan(org, width=800, height=600)
    asset = make_asset(org)
    placed = move(org, asset.id, floor_plan_id=plan, plan_x=100, plan_y=50)
    assert (placed.site_id, placed.location.floor_plan_id) == (org.site_id, plan), 'placed on a plan: its site'
    with pytest.raises(ValidationFailed) as refused:
        update(org, asset.id, location={'plan_x': 900, 'plan_y': 50})
    assert refused.value.errors[0].field == 'location.plan_x'
    other_site_plan = make_floor_plan(org, org.other_site_id)
    with pytest.raises(ValidationFailed, match='another site'):
        move(org, asset.id, floor_plan_id=other_site_plan, plan_x=1, plan_y=1)
    moved = move(org, asset.id, site_id=org.other_site_id)
    assert moved.location.floor_plan_id is None and moved.location.plan_x is None, 'a new site: off the old plan'


def test_assessment_records_condition_score_and_note_and_a_status_change():
    org = make_org()
    asset = make_asset(org)
    assessed = assess(org, asset.id, condition='poor', status='repair', score=35, note='bearing noise')
    assert (assessed.condition, assessed.status, assessed.version) == ('poor', 'repair', 2)
    events = {e.kind: e for e in events_of(asset.id)}
    condition, status = events[AssetEventKind.CONDITION], events[AssetEventKind.STATUS]
    assert (condition.from_value, condition.to_value, condition.score, condition.note) == (
        'good',
        'poor',
        35,
        'bearing noise',
    )
    assert (status.from_value, status.to_value, status.actor_label) == (
        'operational',
        'repair',
        org.technician.label,
    )
    assess(org, asset.id, condition='poor', score=30)
    assert len([e for e in events_of(asset.id) if e.kind == AssetEventKind.CONDITION]) == 2, 'always recorded'
    assert audit_of(org, 'asset')[-1].changes['assessment'][1]['score'] == 30


@pytest.mark.parametrize('role', ['viewer', 'technician'])
def test_roles_without_write_cannot_create_edit_or_move(role):
    org = make_org()
    asset = make_asset(org)
    principal = getattr(org, role)
    before = snapshot(org.id, ASSETS)
    with pytest.raises(Forbidden, match=role):
        call(service.create_asset, principal=principal, data=AssetCreate(code=unique('A'), name='x', asset_type='tool'))
    with pytest.raises(Forbidden):
        update(org, asset.id, principal, name='x')
    with pytest.raises(Forbidden):
        move(org, asset.id, principal, room='x')
    if role == 'viewer':
        with pytest.raises(Forbidden):
            assess(org, asset.id, principal, condition='fair')
    assert snapshot(org.id, ASSETS) == before


def test_history_is_newest_first_and_paged():
    org = make_org()
    asset = make_asset(org)
    for name in ('B', 'C', 'D'):
        update(org, asset.id, name=name)
    from app.core.schemas import PageParams

    page = call(service.asset_history, principal=org.viewer, asset_id=asset.id, page=PageParams(limit=2))
    assert page.total == 4 and [e.to_value for e in page.items] == ['D', 'C']
    with pytest.raises(NotFound):
        call(service.asset_history, principal=make_org().viewer, asset_id=asset.id, page=PageParams())
