"""Work-order export (CSV or XLSX): every work order matching the list's filters, in the list's order.

The web list's download and ``GET /api/v1/work-orders/export`` both call ``export_work_orders``. Rows stream from
the database in batches of ``YIELD_PER`` (the read columns only, no ORM objects), as the asset export does; the file
is written by app.core.spreadsheets, which neutralises CSV text cells that a spreadsheet would run as formulas.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.spreadsheets import YIELD_PER, SpreadsheetFormat, cell_text, spreadsheet_bytes
from app.work_orders.queries import filtered_work_order_query
from app.work_orders.schemas import WorkOrderFilter
from app.work_orders.views import reads_from_rows, with_read_columns

# The columns of the file, in order (fields of WorkOrderRead).
COLUMNS = (
    'number', 'title', 'status', 'priority', 'work_type', 'asset_code', 'asset_name', 'assignee_name', 'team',
    'due_at', 'is_overdue', 'steps_done', 'steps_total', 'estimated_hours', 'actual_hours', 'estimated_cost',
    'actual_cost', 'labour_cost', 'parts_cost', 'created_at', 'completed_at',
)  # fmt: skip
_COLUMN_WIDTHS = {'number': 12, 'title': 40, 'asset_code': 16, 'asset_name': 28, 'assignee_name': 20, 'team': 16}
_COLUMN_WIDTHS.update(dict.fromkeys(('due_at', 'created_at', 'completed_at'), 20))


def export_work_orders(
    *, session: Session, principal: Principal, filters: WorkOrderFilter, fmt: SpreadsheetFormat = 'csv'
) -> tuple[bytes, str, str]:
    """The filtered work orders (all pages: ``limit`` and ``offset`` are ignored) as (file bytes, content type,
    file name), sorted as the filters say; needs the right to read work orders."""
    require(principal, Permission.WORK_ORDERS_READ)
    body, content_type = spreadsheet_bytes(
        fmt,
        COLUMNS,
        _rows(session, principal, filters),
        text_of=_csv_text,
        sheet_title='Work orders',
        widths=_COLUMN_WIDTHS,
    )
    stamp = datetime.now(UTC).strftime('%Y%m%d-%H%M')
    return body, content_type, f'work-orders-{stamp}.{fmt}'


def _rows(session: Session, principal: Principal, filters: WorkOrderFilter) -> Iterator[list[Any]]:
    statement = with_read_columns(filtered_work_order_query(principal, filters))
    now = utcnow()  # one "now" for the whole file: overdue means the same in every row
    for rows in session.execute(statement.execution_options(yield_per=YIELD_PER)).partitions():
        for read in reads_from_rows(rows, now):
            yield [_value(getattr(read, name)) for name in COLUMNS]


def _value(value: Any) -> Any:
    return getattr(value, 'value', value)  # enums by value; the rest typed, for the XLSX cells


def _csv_text(value: Any) -> str:
    # As the list's CSV download has always written them: times in UTC ISO 8601, booleans True/False.
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, bool):
        return str(value)
    return cell_text(value)
