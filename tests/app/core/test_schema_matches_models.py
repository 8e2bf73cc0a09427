"""The migrations build exactly the schema the models describe, on a brand-new SQLite and PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine

from app.core.db import make_engine
from app.core.migrate import current_revision, head_revision, upgrade_to_head
from app.domains import Base
from tests.support.databases import OwnDatabases


@pytest.fixture
def fresh_engine(backend: str, own_databases: OwnDatabases) -> Iterator[Engine]:
    """An engine on a new, empty database of the backend under test (not the shared test database)."""
    engine = make_engine(own_databases.make(backend, migrate=False, prefix='cmms_schema'))
    try:
        yield engine
    finally:
        engine.dispose()


def test_migrations_create_exactly_the_models_schema(fresh_engine: Engine) -> None:
    upgrade_to_head(fresh_engine)

    with fresh_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={'compare_type': True})
        differences = compare_metadata(context, Base.metadata)

    assert differences == [], 'models and migrations disagree; autogenerate a migration and read it'
    assert current_revision(fresh_engine) == head_revision()


def test_upgrading_twice_is_harmless(fresh_engine: Engine) -> None:
    upgrade_to_head(fresh_engine)
    upgrade_to_head(fresh_engine)  # every app start does this
    assert current_revision(fresh_engine) == head_revision()
