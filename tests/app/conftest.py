"""Shared fixtures of the service and API tests: organisations (and worlds built in them) made once per module and
backend, because making them per test would cost more than the tests themselves, and databases of a test's own.

Tests isolate by what they create in these shared organisations; a test that counts what an organisation holds
makes a fresh one with ``make_org()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.access import World
from tests.support.databases import OwnDatabases
from tests.support.organizations import for_each_backend


@pytest.fixture(scope='module')
def world_factory() -> Callable[[], World]:
    """How ``world`` and ``other_world`` are made; a module that uses them overrides this fixture."""
    raise NotImplementedError('override the world_factory fixture in the test module')


@pytest.fixture(scope='module')
def worlds(database_urls: dict[str, str], world_factory: Callable[[], World]) -> dict[str, tuple[World, World]]:
    """Two worlds per backend, made once per module: each test compares the state around its own request."""
    return for_each_backend(database_urls, lambda: (world_factory(), world_factory()))


@pytest.fixture
def world(backend: str, worlds: dict[str, tuple[World, World]]) -> World:
    """This module's world (an organisation and the ids its tests act on) on the current backend."""
    return worlds[backend][0]


@pytest.fixture
def other_world(backend: str, worlds: dict[str, tuple[World, World]]) -> World:
    """A second world on the current backend, whose objects must stay out of ``world``'s reach."""
    return worlds[backend][1]


@pytest.fixture
def own_databases(tmp_path: Path) -> Iterator[OwnDatabases]:
    """Databases of this test's own (``make`` a new one, ``switch`` to another), cleaned up after the test."""
    databases = OwnDatabases(tmp_path)
    yield databases
    databases.close()
