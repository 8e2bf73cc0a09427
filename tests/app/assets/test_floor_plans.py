"""Floor plans and the asset map API on SQLite and PostgreSQL: upload checks, replacing a plan, placing assets on
it (bounds, history, tenancy), the plan's asset lists, and the GeoJSON of located assets."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.assets import floor_plans, map_data
from app.assets.enums import AssetEventKind
from app.core.enums import Role
from tests.support.api import API, client, error_fields
from tests.support.organizations import Org, make_org
from tests.support.rows import events_of
from tests.support.services import call, make_asset
from tests.support.snapshots import ASSETS, snapshot, stored_files

pytestmark = pytest.mark.usefixtures('backend')


@pytest.fixture
def org() -> Org:
    """A fresh organisation per test, acting with API keys: these tests list what it holds."""
    return make_org(api_keys=True)


def image_bytes(width: int, height: int, image_format: str = 'PNG') -> bytes:
    buffer = io.BytesIO()
    Image.new('RGB', (width, height), (240, 240, 240)).save(buffer, format=image_format)
    return buffer.getvalue()


def upload(
    org, content: bytes, *, name='plan.png', building='Hall A', floor='Ground', role=Role.SUPERVISOR, site_id=None
):
    return client().post(
        f'{API}/floor-plans',
        headers=org.headers(role),
        files={'file': (name, content)},
        data={'site_id': str(site_id or org.site_id), 'building': building, 'floor': floor},
    )


def place(org, asset_id, plan_id, x, y, role=Role.SUPERVISOR):
    return client().put(
        f'{API}/assets/{asset_id}/plan-position',
        headers=org.headers(role),
        json={'floor_plan_id': plan_id, 'x': x, 'y': y},
    )


@pytest.mark.parametrize(
    'name, content',
    [
        ('notes.txt', b'not an image at all'),
        ('plan.gif', image_bytes(20, 20, 'GIF')),
        ('plan.png', b''),
        ('plan.png', image_bytes(50, 50)[:40]),  # a truncated PNG
    ],
)
def test_upload_refuses_anything_but_a_readable_png_jpeg_or_webp_naming_the_file(org, name, content):
    before = snapshot(org.id, ASSETS)
    stored = stored_files(floor_plans.plans_dir())
    assert error_fields(upload(org, content, name=name)) == ['file']
    assert snapshot(org.id, ASSETS) == before
    assert stored_files(floor_plans.plans_dir()) == stored


def test_upload_reads_the_size_from_the_image_and_a_new_upload_replaces_it_keeping_the_id(org):
    created = upload(org, image_bytes(640, 480))
    assert created.status_code == 201, created.text
    plan = created.json()
    assert {k: plan[k] for k in ('site_id', 'building', 'floor', 'width', 'height')} == {
        'site_id': org.site_id,
        'building': 'Hall A',
        'floor': 'Ground',
        'width': 640,
        'height': 480,
    }
    image = client().get(f'{API}/floor-plans/{plan["id"]}/image', headers=org.headers(Role.VIEWER))
    assert image.status_code == 200 and image.headers['content-type'] == 'image/png'
    assert Image.open(io.BytesIO(image.content)).size == (640, 480)
    asset = make_asset(org, site_id=org.site_id)
    assert place(org, asset.id, plan['id'], 320, 240).status_code == 200

    replaced = upload(org, image_bytes(1280, 960, 'JPEG'), name='plan.jpg')
    assert replaced.status_code == 201, replaced.text
    assert replaced.json()['id'] == plan['id'] and (replaced.json()['width'], replaced.json()['height']) == (1280, 960)
    image = client().get(f'{API}/floor-plans/{plan["id"]}/image', headers=org.headers(Role.VIEWER))
    assert image.headers['content-type'] == 'image/jpeg'
    listed = client().get(f'{API}/floor-plans', headers=org.headers(Role.VIEWER), params={'site_id': org.site_id})
    assert [p['id'] for p in listed.json()] == [plan['id']]
    # The drawing got twice the resolution: the asset stays on the same spot of the drawing.
    view = call(map_data.plan_markers, principal=org.viewer, floor_plan_id=plan['id'])
    assert [(m.id, m.x, m.y) for m in view.placed] == [(asset.id, 640, 480)]
    assert len(list(floor_plans.plans_dir().glob('*'))) >= 1


def test_upload_needs_write_permission_and_names_missing_building_and_floor(org):
    assert upload(org, image_bytes(10, 10), role=Role.TECHNICIAN).status_code == 403
    assert sorted(error_fields(upload(org, image_bytes(10, 10), building=' ', floor=' '))) == ['building', 'floor']


def test_placing_outside_the_plan_names_the_coordinate_and_changes_nothing(org):
    plan = upload(org, image_bytes(800, 600)).json()
    asset = make_asset(org, site_id=org.site_id)
    before = snapshot(org.id, ASSETS)
    assert error_fields(place(org, asset.id, plan['id'], 801, 10)) == ['plan_x']
    assert error_fields(place(org, asset.id, plan['id'], 10, -1)) == ['plan_y']
    assert sorted(error_fields(place(org, asset.id, plan['id'], -5, 900))) == ['plan_x', 'plan_y']
    assert snapshot(org.id, ASSETS) == before


def test_placing_sets_the_plans_location_and_writes_the_history(org):
    plan = upload(org, image_bytes(800, 600), building='Hall B', floor='Level 1', site_id=org.other_site_id).json()
    asset = make_asset(org, site_id=org.site_id, location={'building': 'Old', 'floor': '0', 'room': 'Pump room'})
    response = place(org, asset.id, plan['id'], 400.25, 300)
    assert response.status_code == 200, response.text
    location = response.json()['location']
    assert response.json()['site_id'] == org.other_site_id
    assert {k: location[k] for k in ('building', 'floor', 'room', 'floor_plan_id', 'plan_x', 'plan_y')} == {
        'building': 'Hall B',
        'floor': 'Level 1',
        'room': 'Pump room',
        'floor_plan_id': plan['id'],
        'plan_x': 400.2,
        'plan_y': 300,
    }
    moved = [e for e in events_of(asset.id) if e.kind is AssetEventKind.LOCATION]
    assert len(moved) == 1
    assert 'Hall B' in moved[0].to_value and f'floor plan {plan["id"]}' in moved[0].to_value
    assert 'Old' in moved[0].from_value and moved[0].note == 'placed on the floor plan Hall B · Level 1'


def test_another_organisations_plan_or_asset_is_not_found_and_viewers_may_not_place(org):
    other = make_org(api_keys=True)
    plan = upload(org, image_bytes(400, 300)).json()
    their_plan = upload(other, image_bytes(400, 300)).json()
    asset = make_asset(org, site_id=org.site_id)
    their_asset = make_asset(other, site_id=other.site_id)
    assert place(org, asset.id, their_plan['id'], 10, 10).status_code == 404
    assert place(org, their_asset.id, plan['id'], 10, 10).status_code == 404
    assert (
        client().get(f'{API}/floor-plans/{their_plan["id"]}/image', headers=org.headers(Role.ADMIN)).status_code == 404
    )
    assert upload(org, image_bytes(10, 10), site_id=other.site_id).status_code == 404
    assert place(org, asset.id, plan['id'], 10, 10, role=Role.VIEWER).status_code == 403
    assert client().get(f'{API}/floor-plans', headers=org.headers(Role.VIEWER)).json() == [plan]


def test_plan_markers_list_placed_assets_and_the_unplaced_ones_of_the_same_floor(org):
    plan = upload(org, image_bytes(800, 600), building='Hall A', floor='Ground').json()
    placed = make_asset(org, site_id=org.site_id)
    waiting = make_asset(org, site_id=org.site_id, location={'building': 'Hall A', 'floor': 'Ground'})
    make_asset(org, site_id=org.site_id, location={'building': 'Hall A', 'floor': 'Level 1'})
    make_asset(org, site_id=org.other_site_id, location={'building': 'Hall A', 'floor': 'Ground'})
    call(
        floor_plans.place_asset_on_plan,
        principal=org.supervisor,
        asset_id=placed.id,
        floor_plan_id=plan['id'],
        x=100,
        y=50,
    )
    view = call(map_data.plan_markers, principal=org.viewer, floor_plan_id=plan['id'])
    assert [(m.id, m.x, m.y) for m in view.placed] == [(placed.id, 100, 50)]
    assert [m.id for m in view.unplaced] == [waiting.id]
    floors = call(map_data.site_floors, principal=org.viewer, site_id=org.site_id)
    assert [(f.building, f.floor, f.floor_plan_id) for f in floors] == [
        ('Hall A', 'Ground', plan['id']),
        ('Hall A', 'Level 1', None),
    ]


def test_map_geojson_holds_only_the_organisations_located_assets_matching_the_filters(org):
    other = make_org(api_keys=True)
    north = make_asset(org, site_id=org.site_id, status='repair', location={'latitude': 53.5, 'longitude': 9.9})
    south = make_asset(
        org, site_id=org.other_site_id, asset_type='vehicle', location={'latitude': 45.7, 'longitude': 4.8}
    )
    make_asset(org, site_id=org.site_id)  # no GPS position: not on the map
    make_asset(other, site_id=other.site_id, location={'latitude': 53.5, 'longitude': 9.9})

    def features(**params):
        response = client().get(f'{API}/assets/map', headers=org.headers(Role.VIEWER), params=params)
        assert response.status_code == 200, response.text
        assert response.headers['content-type'].startswith('application/geo+json')
        body = response.json()
        assert body['type'] == 'FeatureCollection'
        return {f['properties']['code']: f for f in body['features']}

    everything = features()
    assert set(everything) == {north.code, south.code}
    feature = everything[north.code]
    assert feature['geometry'] == {'type': 'Point', 'coordinates': [9.9, 53.5]}
    assert {k: feature['properties'][k] for k in ('id', 'status', 'asset_type', 'condition', 'criticality')} == {
        'id': north.id,
        'status': 'repair',
        'asset_type': 'equipment',
        'condition': 'good',
        'criticality': 'medium',
    }
    assert feature['properties']['site'] == north.site_name
    assert set(features(site_id=org.other_site_id)) == {south.code}
    assert set(features(status=['repair', 'maintenance'])) == {north.code}
    assert set(features(asset_type='vehicle')) == {south.code}
    assert features(site_id=other.site_id) == {}
    assert error_fields(
        client().get(f'{API}/assets/map', headers=org.headers(Role.VIEWER), params={'status': 'broken'})
    ) == ['status.0']
