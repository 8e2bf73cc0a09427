"""The audit log is append-only in the database itself, not only in the ORM.

``app/core/audit.py`` refuses ORM updates and deletes of loaded entries, but a bulk ``update(AuditEntry)``, a
``DELETE`` typed into a SQL console or a bug in a future migration would bypass it. Triggers refuse every UPDATE and
DELETE of ``audit_entries`` (and TRUNCATE on PostgreSQL) whoever sends it. The one sanctioned rewrite is restoring a
backup, which replaces the whole database: it lifts the triggers inside its own transaction and puts them back
before committing (``lifted``), so no other connection ever sees the table unguarded.

Decision: an organisation with audit entries can then no longer be deleted by a cascade; the app never deletes
organisations, and the record of what happened outliving the organisation is what an audit log is for.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text

REFUSAL = 'audit entries are append-only'

_POSTGRESQL_CREATE = (
    f"""CREATE OR REPLACE FUNCTION cmms_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '{REFUSAL} (% refused)', TG_OP; END $$""",
    'CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries '
    'FOR EACH ROW EXECUTE FUNCTION cmms_audit_append_only()',
    'CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries '
    'FOR EACH STATEMENT EXECUTE FUNCTION cmms_audit_append_only()',
)
_POSTGRESQL_DROP = (
    'DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries',
    'DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries',
)
_SQLITE_CREATE = tuple(
    f'CREATE TRIGGER audit_entries_no_{verb.lower()} BEFORE {verb} ON audit_entries '
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL} ({verb} refused)'); END"
    for verb in ('UPDATE', 'DELETE')
)
_SQLITE_DROP = ('DROP TRIGGER IF EXISTS audit_entries_no_update', 'DROP TRIGGER IF EXISTS audit_entries_no_delete')


def install(connection: Connection) -> None:
    for statement in _POSTGRESQL_CREATE if _is_postgresql(connection) else _SQLITE_CREATE:
        connection.execute(text(statement))


def remove(connection: Connection) -> None:
    for statement in _POSTGRESQL_DROP if _is_postgresql(connection) else _SQLITE_DROP:
        connection.execute(text(statement))


@contextmanager
def lifted(connection: Connection) -> Iterator[None]:
    """The table unguarded inside this transaction only (restoring a backup); guarded again before it commits."""
    remove(connection)
    yield
    install(connection)


def _is_postgresql(connection: Connection) -> bool:
    return connection.dialect.name == 'postgresql'
