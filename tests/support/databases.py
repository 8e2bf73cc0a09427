"""Databases of one test's own, beside the shared per-backend ones: new, empty databases of either backend (migrated
and made current unless told otherwise), and pointing the app at any other database; afterwards each is closed (a
PostgreSQL one dropped) and the database that was current before is current again."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from app.core import db
from app.core.migrate import upgrade_to_head
from tests.conftest import POSTGRES_SERVER_URL, create_postgres_database, drop_postgres_database


class OwnDatabases:
    """What one test opened; ``close`` (the ``own_databases`` fixture calls it) cleans up."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._previous = db._current_url
        self._opened: list[str] = []
        self._created: list[str] = []

    def make(self, backend: str, *, migrate: bool = True, prefix: str = 'cmms_own') -> str:
        """A new, empty database of ``backend`` (skips the test without PostgreSQL); migrated and current unless
        ``migrate=False``, which leaves it empty for a command to set up."""
        if backend == 'postgresql' and not POSTGRES_SERVER_URL:
            pytest.skip('PostgreSQL not configured: set CMMS_TEST_DATABASE_URL')
        if backend == 'sqlite':
            url = f'sqlite:///{self._directory / f"{prefix}-{len(self._created)}.db"}'
        else:
            url = create_postgres_database(prefix)
        self._created.append(url)
        if migrate:
            upgrade_to_head(self.switch(url))
        return url

    def switch(self, url: str) -> Engine:
        """Make ``url`` the app's database for the rest of the test."""
        self._opened.append(url)
        return db.use_database(url)

    def close(self) -> None:
        for url in dict.fromkeys(self._opened + self._created):
            db.forget_database(url)
            if url in self._created and url.startswith('postgresql'):
                drop_postgres_database(url)
        db._current_url = self._previous
