"""Everything an organisation holds, to compare before and after a request that must change nothing.

A snapshot lists, per table, the organisation's rows (all columns but those a mere read touches) and, for domains that
store files, the names of the stored files. Each domain's ``Holdings`` names the tables its services write.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import func, select

from app.assets.models import Asset, AssetEvent, Attachment, FloorPlan, Meter, MeterReading
from app.core.db import session_scope
from app.core.files import upload_directory
from app.core.models import ApiKey, AuditEntry, Site, User
from app.domains import Base
from app.inventory.models import Part, PartStock, StockMovement
from app.work_orders.models import (
    TimeLog,
    WorkOrder,
    WorkOrderComment,
    WorkOrderPhoto,
    WorkOrderStep,
    WorkOrderTemplate,
    WorkOrderTransition,
)
from app.work_orders.photos import photo_directory

# Columns that a read or a no-op may touch (the last use of an API key, a login): not what a request "changed".
VOLATILE_COLUMNS = frozenset({'updated_at', 'last_used_at', 'last_login_at'})


class Holdings(NamedTuple):
    """The tables whose rows of one organisation a snapshot lists, and the directory of stored files it lists."""

    models: tuple[type[Base], ...]
    files: Callable[[], Path] | None = None


CORE = Holdings((Site, User, ApiKey, AuditEntry))
ASSETS = Holdings(
    (Asset, Meter, MeterReading, Attachment, AssetEvent, FloorPlan, AuditEntry), lambda: upload_directory('assets')
)
WORK_ORDERS = Holdings(
    (
        WorkOrder,
        WorkOrderStep,
        WorkOrderTransition,
        WorkOrderComment,
        WorkOrderPhoto,
        WorkOrderTemplate,
        Part,
        AuditEntry,
    ),
    photo_directory,
)
# Parts, stock and the ledger, with what parts and labour roll up into (work orders, time logs, templates).
PARTS_AND_LABOUR = Holdings((Part, PartStock, StockMovement, TimeLog, WorkOrderTemplate, WorkOrder, AuditEntry))


def snapshot(organization_id: int, holdings: Holdings) -> dict[str, Any]:
    """The organisation's rows of every table in ``holdings`` (by id), plus the stored files as ``'files'``."""
    state: dict[str, Any] = {}
    with session_scope() as session:
        for model in holdings.models:
            columns = [c for c in model.__table__.c if c.name not in VOLATILE_COLUMNS]
            rows = session.execute(select(*columns).where(model.organization_id == organization_id).order_by(model.id))
            state[model.__tablename__] = [tuple(row) for row in rows]
    if holdings.files is not None:
        state['files'] = stored_files(holdings.files())
    return state


def stored_files(directory: Path) -> set[str]:
    """The names of the files in a directory (none if it does not exist yet)."""
    return {p.name for p in directory.iterdir()} if directory.is_dir() else set()


def row_counts() -> dict[str, int]:
    """Rows per table of the whole current database, every organisation's."""
    with session_scope() as session:
        return {t.name: session.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}
