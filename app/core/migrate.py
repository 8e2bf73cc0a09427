"""Alembic from code: upgrade on start, and the current/head revisions that /health reports."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Engine

MIGRATION_LOCK_KEY = 0x434D4D53  # 'CMMS'
MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / 'migrations'


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option('script_location', str(MIGRATIONS_DIR))
    config.set_main_option('sqlalchemy.url', url.replace('%', '%%'))
    return config


def upgrade_to_head(engine: Engine) -> None:
    """Bring the schema to the newest revision (safe to call on every start)."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        if connection.dialect.name == 'postgresql':
            # Instances starting together migrate one after the other; the lock ends with this transaction.
            connection.execute(text('SELECT pg_advisory_xact_lock(:key)'), {'key': MIGRATION_LOCK_KEY})
        config.attributes['connection'] = connection
        command.upgrade(config, 'head')


@cache
def head_revision() -> str | None:
    """The newest migration shipped with this code. Cached: the scripts cannot change under a running process, and
    reading them compiles every migration file (tens of milliseconds on each /health probe)."""
    return ScriptDirectory.from_config(alembic_config('sqlite://')).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
