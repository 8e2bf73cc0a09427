"""Every asset endpoint × every role against the permission table, without credentials (401), and with unknown
or another organisation's ids (404) — and a refused request never changes anything."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from app.assets import attachments, meters
from app.assets.schemas import MeterCreate
from app.core.enums import Role
from app.core.permissions import ROLE_PERMISSIONS, Permission
from tests.app.assets.asset_support import Org, asset_state, auth, call, client, make_asset, new_org
from tests.factories import for_each_backend, unique

pytestmark = pytest.mark.usefixtures('backend')
PNG = b'\x89PNG\r\n\x1a\n' + b'\x00' * 32
UNKNOWN = 2**62


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    permission: Permission
    body: Callable[[], dict[str, Any]] | None = None
    success: int = 200
    changes_data: bool = False
    upload: bool = False

    def __str__(self) -> str:
        return f'{self.method} {self.path}'


READ, WRITE, ASSESS = Permission.ASSETS_READ, Permission.ASSETS_WRITE, Permission.ASSETS_ASSESS
ENDPOINTS = [
    Endpoint('POST', '/assets', WRITE, lambda: {'code': unique('A'), 'name': 'New', 'asset_type': 'tool'}, 201, True),
    Endpoint('GET', '/assets', READ),
    Endpoint('GET', '/assets/statistics', READ),
    Endpoint('GET', '/assets/{asset_id}', READ),
    Endpoint('PATCH', '/assets/{asset_id}', WRITE, lambda: {'name': unique('Renamed')}, 200, True),
    Endpoint('POST', '/assets/{asset_id}/location', WRITE, lambda: {'room': unique('R')}, 200, True),
    Endpoint('POST', '/assets/{asset_id}/condition', ASSESS, lambda: {'condition': 'fair', 'score': 60}, 200, True),
    Endpoint('GET', '/assets/{asset_id}/history', READ),
    Endpoint('GET', '/assets/{asset_id}/children', READ),
    Endpoint('GET', '/assets/{asset_id}/meters', READ),
    Endpoint('POST', '/assets/{asset_id}/meters', WRITE, lambda: {'name': unique('M'), 'unit': 'h'}, 201, True),
    Endpoint('GET', '/assets/{asset_id}/meters/{meter_id}/readings', READ),
    Endpoint('POST', '/assets/{asset_id}/meters/{meter_id}/readings', ASSESS, lambda: {'value': 7.5}, 201, True),
    Endpoint('GET', '/assets/{asset_id}/attachments', READ),
    Endpoint('POST', '/assets/{asset_id}/attachments', ASSESS, None, 201, True, upload=True),
    Endpoint('GET', '/assets/{asset_id}/attachments/{attachment_id}', READ),
    Endpoint('DELETE', '/assets/{asset_id}/attachments/{attachment_id}', WRITE, None, 204, True),
]


@dataclass
class World:
    org: Org
    ids: dict[str, int]


def new_world(**org_options: Any) -> World:
    """An organisation with API keys, an asset with a child, a gauge meter with a reading, and an attachment."""
    org = new_org(api_keys=True, **org_options)
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
def worlds(database_urls: dict[str, str]) -> dict[str, tuple[World, World]]:
    """Two organisations per backend, made once: each test compares the state around its own request."""
    return for_each_backend(database_urls, lambda: (new_world(), new_world()))


@pytest.fixture
def world(backend: str, worlds: dict[str, tuple[World, World]]) -> World:
    return worlds[backend][0]


@pytest.fixture
def other(backend: str, worlds: dict[str, tuple[World, World]]) -> World:
    return worlds[backend][1]


def ids_for(world: World, endpoint: Endpoint) -> dict[str, int]:
    """The world's ids; a DELETE gets an attachment of its own, so that every test has one to delete."""
    if endpoint.method != 'DELETE':
        return world.ids
    added = call(
        attachments.add_attachment,
        principal=world.org.admin,
        asset_id=world.ids['asset_id'],
        file_name='p.png',
        content=PNG,
    )
    return {**world.ids, 'attachment_id': added.id}


def send(endpoint: Endpoint, ids: dict[str, int], headers: dict[str, str] | None = None):
    path = '/api/v1' + endpoint.path.format(**ids)
    kwargs: dict[str, Any] = {}
    if endpoint.body:
        kwargs['json'] = endpoint.body()
    if endpoint.upload:
        kwargs['files'] = {'file': ('photo.png', PNG, 'image/png')}
    return client().request(endpoint.method, path, headers=headers or {}, **kwargs)


@pytest.mark.parametrize('role', list(Role), ids=str)
@pytest.mark.parametrize('endpoint', ENDPOINTS, ids=str)
def test_role_gets_exactly_what_the_permission_table_grants(world: World, endpoint: Endpoint, role: Role):
    ids = ids_for(world, endpoint)
    before = asset_state(world.org.id)
    response = send(endpoint, ids, auth(world.org, role))
    after = asset_state(world.org.id)
    if endpoint.permission in ROLE_PERMISSIONS[role]:
        assert response.status_code == endpoint.success, response.text
        assert (after != before) is endpoint.changes_data, 'a granted write changes data, a read changes nothing'
    else:
        assert response.status_code == 403, response.text
        assert response.headers['content-type'] == 'application/problem+json'
        assert role.value in response.json()['detail']
        assert after == before, 'a refused request must change nothing'


@pytest.mark.parametrize('endpoint', ENDPOINTS, ids=str)
def test_no_or_bad_credentials_are_401(world: World, endpoint: Endpoint):
    ids = ids_for(world, endpoint)
    before = asset_state(world.org.id)
    for headers in ({}, {'Authorization': 'Bearer cmms_nope_nope'}, {'Authorization': 'Basic abc'}):
        response = send(endpoint, ids, headers)
        assert response.status_code == 401, response.text
        assert response.headers['content-type'] == 'application/problem+json'
    assert asset_state(world.org.id) == before


@pytest.mark.parametrize('endpoint', [e for e in ENDPOINTS if '{asset_id}' in e.path], ids=str)
def test_unknown_and_other_organisations_ids_are_404_and_change_nothing(world: World, other: World, endpoint: Endpoint):
    before, other_before = asset_state(world.org.id), asset_state(other.org.id)
    attempts = [{**world.ids, 'asset_id': UNKNOWN}, {**world.ids, 'asset_id': other.ids['asset_id']}, other.ids]
    for key in ('meter_id', 'attachment_id'):
        if f'{{{key}}}' in endpoint.path:
            attempts += [{**world.ids, key: UNKNOWN}, {**world.ids, key: other.ids[key]}]
    for ids in attempts:
        response = send(endpoint, ids, auth(world.org, Role.ADMIN))
        assert response.status_code == 404, (ids, response.text)
        assert response.headers['content-type'] == 'application/problem+json'
    assert asset_state(world.org.id) == before
    assert asset_state(other.org.id) == other_before


def test_other_organisations_assets_are_never_listed_or_counted():
    world, other = new_world(), new_world()  # fresh: the shared worlds gain assets from other tests
    headers = auth(world.org, Role.VIEWER)
    listed = client().get('/api/v1/assets', headers=headers, params={'limit': 500}).json()
    assert listed['total'] == 2 and {a['id'] for a in listed['items']} & {other.ids['asset_id']} == set()
    by_parent = client().get('/api/v1/assets', headers=headers, params={'parent_id': other.ids['asset_id']})
    assert by_parent.json()['total'] == 0
    assert client().get('/api/v1/assets/statistics', headers=headers).json()['total'] == 2


def test_every_asset_route_is_in_the_matrix():
    from app.assets.api import router

    routes = {(method, route.path) for route in router.routes for method in route.methods}
    assert routes == {(e.method, e.path) for e in ENDPOINTS}
