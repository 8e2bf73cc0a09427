"""Database plumbing: declarative base, engines for SQLite and PostgreSQL, the session scope."""

from __future__ import annotations

import select
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import BigInteger, DateTime, Integer, MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.types import TypeDecorator

from app.core.config import get_settings
from app.core.input_types import INT64_MAX

NAMING_CONVENTION = {
    'ix': 'ix_%(column_0_label)s',
    'uq': 'uq_%(table_name)s_%(column_0_N_name)s',
    'ck': 'ck_%(table_name)s_%(constraint_name)s',
    'fk': 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s',
    'pk': 'pk_%(table_name)s',
}

# BIGINT on PostgreSQL; SQLite only auto-increments a column declared exactly INTEGER.
BigIntId = BigInteger().with_variant(Integer(), 'sqlite')
# Both dialects store ids (and offsets) as signed 64-bit integers; a larger number names no row, and the
# drivers raise on it instead of finding nothing (``app.core.input_types`` keeps such numbers out of the API).
MAX_ROW_ID = INT64_MAX


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC timestamps on both dialects (SQLite stores naive UTC, PostgreSQL timestamptz)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError('naive datetime given; store timezone-aware values')
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == 'sqlite' else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class IdMixin:
    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    """Engine tuned per dialect: SQLite in WAL with foreign keys, PostgreSQL through psycopg 3 with a pool."""
    if url.startswith('sqlite'):
        engine = create_engine(url, connect_args={'check_same_thread': False, 'timeout': 30})
        event.listen(engine, 'connect', _configure_sqlite_connection)
        # pysqlite's own BEGIN handling defers locks until the first write, which deadlocks read-then-write
        # transactions under concurrency; emitting BEGIN ourselves makes transactions behave as on PostgreSQL.
        event.listen(engine, 'begin', lambda conn: conn.exec_driver_sql('BEGIN IMMEDIATE'))
        return engine
    if url.startswith('postgresql://'):
        url = 'postgresql+psycopg://' + url.removeprefix('postgresql://')
    engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size)
    event.listen(engine, 'checkout', _refuse_hung_up_connection)
    return engine


def _refuse_hung_up_connection(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Checkout check on PostgreSQL, in place of ``pool_pre_ping``'s round trip to the server on every checkout.

    An idle pooled connection has nothing to read unless the server has hung up (restart, idle timeout,
    ``pg_terminate_backend``): then its socket is readable. Raising DisconnectionError makes the pool drop the
    connection and hand out another (or a new one). Cost: one poll() with zero timeout.
    """
    if dbapi_connection.closed or dbapi_connection.broken:
        raise DisconnectionError('the connection is closed')
    poller = select.poll()
    poller.register(dbapi_connection.fileno(), select.POLLIN)
    if poller.poll(0):
        raise DisconnectionError('the server closed this connection')


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # let the 'begin' listener own transactions
    cursor = dbapi_connection.cursor()
    cursor.execute('PRAGMA journal_mode=WAL')
    cursor.execute('PRAGMA foreign_keys=ON')
    cursor.execute('PRAGMA synchronous=NORMAL')
    cursor.execute('PRAGMA busy_timeout=30000')
    cursor.close()


_engines: dict[str, Engine] = {}
_autonomous_engines: dict[Engine, Engine] = {}
_session_factories: dict[Engine, sessionmaker[Session]] = {}
_current_url: str | None = None


def use_database(url: str) -> Engine:
    """Make ``url`` the database of this process (the app at start, tests per backend)."""
    global _current_url
    if url not in _engines:
        _engines[url] = make_engine(url, pool_size=get_settings().pool_size)
    _current_url = url
    return _engines[url]


def forget_database(url: str) -> None:
    """Close every pooled connection to ``url`` (before the database is dropped or replaced)."""
    if (engine := _engines.pop(url, None)) is not None:
        _session_factories.pop(engine, None)
        if (autonomous := _autonomous_engines.pop(engine, None)) is not None:
            autonomous.dispose()
        engine.dispose()


def autonomous_engine(engine: Engine) -> Engine:
    """An autocommit pool beside a PostgreSQL engine, for statements that commit on their own at once.

    Its transactions do not wait for the disk (``synchronous_commit=off``): a row lock they take is released as soon
    as the statement ends instead of after a WAL flush. That is safe only for writes that later synchronous commits
    depend on: those commits flush the WAL up to and past them. Work-order numbering uses it.
    """
    if engine not in _autonomous_engines:
        _autonomous_engines[engine] = create_engine(
            engine.url,
            isolation_level='AUTOCOMMIT',
            # As many as the main pool: with fewer, concurrent creations open and close overflow connections, and a
            # PostgreSQL connection costs a process start on the server (work-order creation lost a fifth of its rate).
            pool_size=get_settings().pool_size,
            max_overflow=get_settings().pool_size,
            connect_args={'options': '-c synchronous_commit=off'},
        )
        event.listen(_autonomous_engines[engine], 'checkout', _refuse_hung_up_connection)
    return _autonomous_engines[engine]


def get_engine() -> Engine:
    if _current_url is None:
        return use_database(get_settings().effective_database_url)
    return _engines[_current_url]


def is_postgresql(engine: Engine | None = None) -> bool:
    return (engine or get_engine()).dialect.name == 'postgresql'


def session_factory() -> sessionmaker[Session]:
    engine = get_engine()
    if (factory := _session_factories.get(engine)) is None:
        # One per engine: each sessionmaker makes its own Session subclass, and every new class costs SQLAlchemy
        # a round of event set-up on its first use (about a millisecond per request when made per call).
        factory = _session_factories[engine] = sessionmaker(bind=engine, expire_on_commit=False)
    return factory


@contextmanager
def session_scope() -> Iterator[Session]:
    """One unit of work: commits when the block succeeds, rolls everything back when it raises."""
    session = session_factory()()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


T = TypeVar('T')


def in_session(service: Callable[..., T], /, **kwargs: Any) -> T:
    """Call one service function in a transaction of its own, as an entry point does: ``service(session=…, **kwargs)``.

    The service owns the rules and the unit of work's content; the entry point (route, page, job, test) owns the
    transaction: it commits when the service returns and rolls everything back when it raises.
    """
    with session_scope() as session:
        return service(session=session, **kwargs)
