"""Every asset endpoint × every role against the permission table, without credentials (401), and with unknown
or another organisation's ids (404) — and a refused request never changes anything."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from app.assets import attachments, meters
from app.assets.schemas import MeterCreate
from app.core.enums import Role
from app.core.permissions import Permission
from tests.support.access import Endpoint, World, assert_not_found, permission_matrix, routes_in, routes_of
from tests.support.api import client
from tests.support.files import PNG
from tests.support.organizations import make_org, unique
from tests.support.services import call, make_asset
from tests.support.snapshots import ASSETS

pytestmark = pytest.mark.usefixtures('backend')
READ, WRITE, ASSESS = Permission.ASSETS_READ, Permission.ASSETS_WRITE, Permission.ASSETS_ASSESS
STATUSES = itertools.cycle(['standby', 'testing'])  # each bulk request a change, whatever the one before set
ENDPOINTS = [
    Endpoint('POST', '/assets', WRITE, lambda w: {'code': unique('A'), 'name': 'New', 'asset_type': 'tool'}, 201, True),
    Endpoint('GET', '/assets', READ),
    Endpoint('GET', '/assets/statistics', READ),
    Endpoint(
        'POST',
        '/assets/bulk',
        ASSESS,
        lambda w: {'asset_ids': [w.ids['asset_id']], 'status': next(STATUSES)},
        200,
        True,
    ),
    Endpoint('GET', '/assets/{asset_id}', READ),
    Endpoint('PATCH', '/assets/{asset_id}', WRITE, lambda w: {'name': unique('Renamed')}, 200, True),
    Endpoint('POST', '/assets/{asset_id}/location', WRITE, lambda w: {'room': unique('R')}, 200, True),
    Endpoint('POST', '/assets/{asset_id}/condition', ASSESS, lambda w: {'condition': 'fair', 'score': 60}, 200, True),
    Endpoint('GET', '/assets/{asset_id}/history', READ),
    Endpoint('GET', '/assets/{asset_id}/children', READ),
    Endpoint('GET', '/assets/{asset_id}/meters', READ),
    Endpoint('POST', '/assets/{asset_id}/meters', WRITE, lambda w: {'name': unique('M'), 'unit': 'h'}, 201, True),
    Endpoint('GET', '/assets/{asset_id}/meters/{meter_id}/readings', READ),
    Endpoint('POST', '/assets/{asset_id}/meters/{meter_id}/readings', ASSESS, lambda w: {'value': 7.5}, 201, True),
    Endpoint('GET', '/assets/{asset_id}/attachments', READ),
    Endpoint('POST', '/assets/{asset_id}/attachments', ASSESS, None, 201, True, upload=True),
    Endpoint('GET', '/assets/{asset_id}/attachments/{attachment_id}', READ),
    Endpoint('DELETE', '/assets/{asset_id}/attachments/{attachment_id}', WRITE, None, 204, True),
]


def new_world() -> World:
    """An organisation with API keys, an asset with a child, a gauge meter with a reading, and an attachment."""
    org = make_org(api_keys=True)
    asset = make_asset(org, site_id=org.site_id)
    make_asset(org, parent_id=asset.id)
    meter = call(
        meters.add_meter,
        principal=org.admin,
        asset_id=asset.id,
        data=MeterCreate(name='Level', unit='%', cumulative=False),
    )
    attachment = call(
        attachments.add_attachment, principal=org.admin, asset_id=asset.id, file_name='p.png', content=PNG
    )
    return World(org, {'asset_id': asset.id, 'meter_id': meter.id, 'attachment_id': attachment.id})


@pytest.fixture(scope='module')
def world_factory() -> Callable[[], World]:
    return new_world


def with_own_attachment(world: World, endpoint: Endpoint) -> World:
    """The world; for a DELETE with an attachment of its own, so that every test has one to delete."""
    if endpoint.method != 'DELETE':
        return world
    added = call(
        attachments.add_attachment,
        principal=world.org.admin,
        asset_id=world.ids['asset_id'],
        file_name='p.png',
        content=PNG,
    )
    return World(world.org, {**world.ids, 'attachment_id': added.id})


test_role_gets_exactly_what_the_permission_table_grants, test_no_or_bad_credentials_are_401 = permission_matrix(
    ENDPOINTS, ASSETS, setup=with_own_attachment
)


@pytest.mark.parametrize('endpoint', [e for e in ENDPOINTS if '{asset_id}' in e.path], ids=str)
def test_unknown_and_other_organisations_ids_are_404_and_change_nothing(
    world: World, other_world: World, endpoint: Endpoint
):
    assert_not_found(endpoint, world, other_world, ASSETS, ('asset_id', 'meter_id', 'attachment_id'))


def test_other_organisations_assets_are_never_listed_or_counted():
    world, other = new_world(), new_world()  # fresh: the shared worlds gain assets from other tests
    headers = world.org.headers(Role.VIEWER)
    listed = client().get('/api/v1/assets', headers=headers, params={'limit': 500}).json()
    assert listed['total'] == 2 and {a['id'] for a in listed['items']} & {other.ids['asset_id']} == set()
    by_parent = client().get('/api/v1/assets', headers=headers, params={'parent_id': other.ids['asset_id']})
    assert by_parent.json()['total'] == 0
    assert client().get('/api/v1/assets/statistics', headers=headers).json()['total'] == 2


def test_every_asset_route_is_in_the_matrix():
    from app.assets.api import router

    assert routes_of(router) == routes_in(ENDPOINTS)
