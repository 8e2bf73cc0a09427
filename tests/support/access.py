"""The role × endpoint matrix: every route of a router, asked as every role, answers as the permission table says,
refuses missing or bad credentials with 401, answers 404 for ids it must not reach, and a refused request changes
nothing.

A module lists its routes as ``Endpoint``s and builds its test data as a ``World`` (an organisation and the ids the
paths name; ``tests/app/conftest.py`` makes two per backend from the module's ``world_factory``). It binds the two
tests every matrix runs with ``permission_matrix`` and adds its own around the assertions below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import APIRouter
from httpx import Response

from app.core.enums import Role
from app.core.permissions import ROLE_PERMISSIONS, Permission
from tests.support.api import API, client, problem
from tests.support.files import PNG
from tests.support.organizations import Org, make_org
from tests.support.services import make_job, make_part
from tests.support.snapshots import Holdings, snapshot

UNKNOWN_ID = 2**62  # a valid id that names no row
BAD_CREDENTIALS = ({}, {'Authorization': 'Bearer cmms_nope_nope'}, {'Authorization': 'Basic abc'})


@dataclass
class World:
    """An organisation and the ids of the objects an endpoint's path names (``{asset_id}`` → ``ids['asset_id']``)."""

    org: Org
    ids: dict[str, int]


@dataclass(frozen=True)
class Endpoint:
    """One route: the permission it needs, the body it is sent (made from the world), its success status, whether
    success changes data, whether it takes an upload (a PNG), and whether each call needs fresh objects."""

    method: str
    path: str
    permission: Permission
    body: Callable[[World], dict[str, Any]] | None = None
    success: int = 200
    changes_data: bool = False
    upload: bool = False
    fresh: bool = False

    def __str__(self) -> str:
        return f'{self.method} {self.path}'


def stocked_world() -> World:
    """An organisation with a well-stocked part and an open work order at its first site (the parts routes' world)."""
    org = make_org()
    part = make_part(org, {org.site_id: 100_000})
    return World(org, {'part_id': part.id, 'work_order_id': make_job(org), 'site_id': org.site_id})


def permission_matrix(
    endpoints: list[Endpoint], holdings: Holdings, *, setup: Callable[[World, Endpoint], World] | None = None
) -> tuple[Callable[..., None], Callable[..., None]]:
    """The two tests every route matrix runs, for a test module to bind to its own names::

        test_role_gets_exactly_what_the_permission_table_grants, test_no_or_bad_credentials_are_401 = (
            permission_matrix(ENDPOINTS, ASSETS)
        )

    Each endpoint is asked as every role (``assert_answer_follows_the_table``) and without valid credentials
    (``assert_refused_without_credentials``), on the module's ``world``; ``setup(world, endpoint)`` may give a request
    objects of its own first (a write that uses one up, such as a DELETE).
    """

    def world_for(world: World, endpoint: Endpoint) -> World:
        return setup(world, endpoint) if setup else world

    @pytest.mark.parametrize('role', list(Role), ids=str)
    @pytest.mark.parametrize('endpoint', endpoints, ids=str)
    def test_role_gets_exactly_what_the_permission_table_grants(world: World, endpoint: Endpoint, role: Role):
        assert_answer_follows_the_table(endpoint, role, world_for(world, endpoint), holdings)

    @pytest.mark.parametrize('endpoint', endpoints, ids=str)
    def test_no_or_bad_credentials_are_401(world: World, endpoint: Endpoint):
        assert_refused_without_credentials(endpoint, world_for(world, endpoint), holdings)

    return test_role_gets_exactly_what_the_permission_table_grants, test_no_or_bad_credentials_are_401


def send(endpoint: Endpoint, world: World, headers: dict[str, str], ids: dict[str, int] | None = None) -> Response:
    """The endpoint's request with the world's ids (or ``ids``) in its path, its body and upload."""
    kwargs: dict[str, Any] = {}
    if endpoint.body:
        kwargs['json'] = endpoint.body(world)
    if endpoint.upload:
        kwargs['files'] = {'file': ('photo.png', PNG, 'image/png')}
    path = API + endpoint.path.format(**(world.ids if ids is None else ids))
    return client().request(endpoint.method, path, headers=headers, **kwargs)


def assert_answer_follows_the_table(
    endpoint: Endpoint,
    role: Role,
    world: World,
    holdings: Holdings,
    *,
    headers: dict[str, str] | None = None,
    ids: dict[str, int] | None = None,
) -> None:
    """Asked as ``role`` (``world.org.headers(role)`` unless ``headers``), the endpoint succeeds and changes data as
    declared if the role has the permission; otherwise it is a 403 problem naming the role and changes nothing."""
    before = snapshot(world.org.id, holdings)
    response = send(endpoint, world, headers or world.org.headers(role), ids)
    after = snapshot(world.org.id, holdings)
    if endpoint.permission in ROLE_PERMISSIONS[role]:
        assert response.status_code == endpoint.success, response.text
        assert (after != before) is endpoint.changes_data, 'a granted write changes data, a read changes nothing'
    else:
        assert role.value in problem(response, 403)['detail']
        assert after == before, 'a refused request must change nothing'


def assert_refused_without_credentials(endpoint: Endpoint, world: World, holdings: Holdings) -> None:
    """No, a made-up or a non-bearer credential: a 401 problem each time, and nothing changes."""
    before = snapshot(world.org.id, holdings)
    for headers in BAD_CREDENTIALS:
        problem(send(endpoint, world, headers), 401)
    assert snapshot(world.org.id, holdings) == before


def assert_not_found(endpoint: Endpoint, world: World, other: World, holdings: Holdings, keys: Iterable[str]) -> None:
    """For ``world``'s admin, a 404 problem and no change in either organisation whenever the path's first of ``keys``
    is unknown or ``other``'s, all its ids are ``other``'s, or a further key it has is unknown or ``other``'s."""
    first, *more = keys
    attempts = [{**world.ids, first: UNKNOWN_ID}, {**world.ids, first: other.ids[first]}, other.ids]
    for key in more:
        if f'{{{key}}}' in endpoint.path:
            attempts += [{**world.ids, key: UNKNOWN_ID}, {**world.ids, key: other.ids[key]}]
    before, other_before = snapshot(world.org.id, holdings), snapshot(other.org.id, holdings)
    for ids in attempts:
        problem(send(endpoint, world, world.org.headers(Role.ADMIN), ids), 404)
    assert snapshot(world.org.id, holdings) == before
    assert snapshot(other.org.id, holdings) == other_before


def routes_of(*routers: APIRouter) -> set[tuple[str, str]]:
    """(method, path) of every route of the routers, to compare with a matrix's endpoints."""
    # path_format: the documented path, without the routes' {…:int} convertors
    return {(method, route.path_format) for router in routers for route in router.routes for method in route.methods}


def routes_in(endpoints: Iterable[Endpoint]) -> set[tuple[str, str]]:
    return {(e.method, e.path) for e in endpoints}
