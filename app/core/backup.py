"""Portable backups: every table as JSON lines in one gzip file, restorable into SQLite or PostgreSQL.

Chosen over pg_dump/sqlite3 .backup so that one format moves a plant between the embedded database and
production in both directions. A backup records its schema revision; restore refuses another revision.
"""

from __future__ import annotations

import base64
import gzip
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, LargeBinary, MetaData, func, insert, select, text

from app.core import audit_guard
from app.core.db import get_engine, is_postgresql
from app.core.migrate import current_revision

FORMAT = 'cmms-hub-backup'
BATCH = 5000


class BackupError(RuntimeError):
    pass


def write_backup(path: str | Path, metadata: MetaData) -> dict[str, int]:
    """Write every table of ``metadata`` (all domains': ``app.domains.Base.metadata``), parents before children, to
    ``path``; returns rows per table."""
    engine = get_engine()
    counts: dict[str, int] = {}
    with gzip.open(path, 'wt', encoding='utf-8') as out, engine.connect() as connection:
        out.write(json.dumps({'format': FORMAT, 'revision': current_revision(engine)}) + '\n')
        for table in metadata.sorted_tables:
            counts[table.name] = 0
            for row in connection.execute(select(table)).mappings():
                out.write(json.dumps({'t': table.name, 'r': {k: _encode(v) for k, v in row.items()}}) + '\n')
                counts[table.name] += 1
    return counts


def read_backup(path: str | Path, metadata: MetaData, *, force: bool = False) -> dict[str, int]:
    """Load a backup into this database in one transaction; refuses a non-empty database unless forced."""
    engine = get_engine()
    tables = {t.name: t for t in metadata.sorted_tables}
    counts: dict[str, int] = dict.fromkeys(tables, 0)
    # Read before the write transaction starts: on SQLite a second connection would wait for it and time out.
    revision = current_revision(engine)
    with gzip.open(path, 'rt', encoding='utf-8') as source, engine.begin() as connection:
        header = json.loads(source.readline() or '{}')
        if header.get('format') != FORMAT:
            raise BackupError(f'{path} is not a CMMS Hub backup')
        if header.get('revision') != revision:
            raise BackupError(
                f'backup is at schema revision {header.get("revision")}, this database at '
                f'{revision}; run the matching version of CMMS Hub'
            )
        populated = [name for name, t in tables.items() if connection.scalar(select(func.count()).select_from(t))]
        if populated and not force:
            raise BackupError(f'the database is not empty ({", ".join(populated)}); use --force to replace it')
        with audit_guard.lifted(connection):  # replacing the whole database replaces its audit log too
            for table in reversed(metadata.sorted_tables):
                connection.execute(table.delete())
            pending: dict[str, list[dict[str, Any]]] = {}
            for line in source:
                entry = json.loads(line)
                table = tables[entry['t']]
                pending.setdefault(table.name, []).append(_decode(table, entry['r']))
                if len(pending[table.name]) >= BATCH:
                    counts[table.name] += _flush(connection, table, pending.pop(table.name))
            for name, rows in pending.items():  # file order is parents first, so flushing in that order is safe
                counts[name] += _flush(connection, tables[name], rows)
        if is_postgresql(engine):
            _reset_sequences(connection, metadata)
    return {name: n for name, n in counts.items() if n}


def _flush(connection: Any, table: Any, rows: list[dict[str, Any]]) -> int:
    connection.execute(insert(table), rows)
    return len(rows)


def _reset_sequences(connection: Any, metadata: MetaData) -> None:
    for table in metadata.sorted_tables:
        if 'id' in table.c and table.c.id.autoincrement:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608  names from metadata
                    f'COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)'
                )
            )


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if hasattr(value, 'value'):
        return value.value
    return value


def _decode(table: Any, row: dict[str, Any]) -> dict[str, Any]:
    decoded = {}
    for name, value in row.items():
        column_type = table.c[name].type
        if value is not None and (isinstance(column_type, DateTime) or _is_datetime(column_type)):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(column_type, LargeBinary):
            value = base64.b64decode(value)
        decoded[name] = value
    return decoded


def _is_datetime(column_type: Any) -> bool:
    return isinstance(getattr(column_type, 'impl', None), DateTime)
