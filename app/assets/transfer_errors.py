"""The rejected rows of an import check as a file to fix and upload again: the file's own columns and cells, plus
an ``error`` column saying what is wrong with each row (cells neutralised against formulas, app.core.spreadsheets).

The mapping step ignores the ``error`` column of such a file when it comes back (it matches no field).
"""

from __future__ import annotations

from collections import defaultdict

from app.assets.schemas import ImportReport
from app.assets.transfer_rows import read_table
from app.core.spreadsheets import csv_bytes

ERROR_COLUMN = 'error'


def rejected_rows_csv(file_name: str, content: bytes, report: ImportReport) -> bytes | None:
    """A CSV of the rows with errors (in file order) and their errors; None when no data row has one."""
    problems: dict[int, list[str]] = defaultdict(list)
    for error in report.errors:
        if error.row > 1:
            problems[error.row].append(f'{error.field}: {error.message}')
    if not problems:
        return None
    table = read_table(file_name, content)
    _line, header = next(table)
    width = len(header)
    rows = [
        [*cells[:width], *[''] * (width - len(cells)), '; '.join(problems[line])]
        for line, cells in table
        if line in problems
    ]
    return csv_bytes([*header, ERROR_COLUMN], rows)


def rejected_file_name(file_name: str) -> str:
    stem = file_name.rsplit('.', 1)[0] or 'import'
    return f'{stem}-rejected-rows.csv'
