"""Pooled PostgreSQL connections that the server hung up on are replaced at checkout, without a ping per checkout."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text

from app.core import db
from tests.support.databases import OwnDatabases


@pytest.fixture
def postgres_url(own_databases: OwnDatabases) -> str:
    return own_databases.make('postgresql', migrate=False, prefix='cmms_pool')


def _backend_pid(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(text('SELECT pg_backend_pid()'))


def _terminate(url: str, pid: int) -> None:
    admin = create_engine(url.replace('postgresql://', 'postgresql+psycopg://', 1), isolation_level='AUTOCOMMIT')
    with admin.connect() as connection:
        assert connection.scalar(text('SELECT pg_terminate_backend(:pid)'), {'pid': pid})
    admin.dispose()


@pytest.mark.parametrize('which', ['main', 'autonomous'])
def test_a_connection_the_server_closed_is_replaced_at_checkout(postgres_url: str, which: str) -> None:
    engine = db.make_engine(postgres_url, pool_size=1)
    if which == 'autonomous':
        engine = db.autonomous_engine(engine)
    first = _backend_pid(engine)
    assert _backend_pid(engine) == first, 'the pool reuses its connection'

    _terminate(postgres_url, first)
    time.sleep(0.2)  # the server's goodbye reaching the client socket

    assert _backend_pid(engine) != first, 'a dead connection was handed out'
    engine.dispose()
