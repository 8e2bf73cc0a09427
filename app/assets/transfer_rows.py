"""Reading an asset import file (CSV or XLSX) into rows, and checking each row on its own with AssetCreate.

What needs the database or the other rows (sites, parents, duplicates, cycles) is checked in transfer.py.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from app.assets.enums import AssetCondition, AssetStatus, AssetType, Criticality
from app.assets.schemas import AssetCreate, ImportRowError
from app.core.spreadsheets import restore

COLUMNS = (
    'code', 'name', 'asset_type', 'status', 'condition', 'criticality', 'parent_code', 'site',
    'building', 'floor', 'room', 'department', 'latitude', 'longitude', 'manufacturer', 'model',
    'serial_number', 'install_date', 'warranty_expires', 'purchase_cost', 'expected_life_years', 'description',
)  # fmt: skip
REQUIRED = ('code', 'name', 'asset_type')
ATTR_PREFIX = 'attr:'
LOCATION_FIELDS = ('building', 'floor', 'room', 'department', 'latitude', 'longitude')
ENUM_FIELDS = {'asset_type': AssetType, 'status': AssetStatus, 'condition': AssetCondition, 'criticality': Criticality}
DATE_FIELDS = ('install_date', 'warranty_expires')
# Columns stored on the asset row itself (parent_code and site are resolved to ids by the caller).
ASSET_FIELDS = tuple(c for c in COLUMNS if c not in ('parent_code', 'site'))
MAX_ROWS = 100_000
EXAMPLE_ROW = {
    'code': 'PUMP-001', 'name': 'Cooling water pump 1', 'asset_type': 'equipment', 'status': 'operational',
    'condition': 'good', 'criticality': 'high', 'parent_code': '', 'site': '', 'building': 'Hall A', 'floor': '1',
    'room': 'A-104', 'department': 'Utilities', 'latitude': '', 'longitude': '', 'manufacturer': 'Grundfos',
    'model': 'CR 32-2', 'serial_number': 'SN-48213', 'install_date': '2021-06-15', 'warranty_expires': '2026-06-15',
    'purchase_cost': '8450.00', 'expected_life_years': '15', 'description': 'Primary loop pump',
}  # fmt: skip
_ISO_DATE = re.compile(r'^\d{4}-\d{2}-\d{2}$')
_INT = re.compile(r'^-?(0|[1-9]\d{0,17})$')
_FLOAT = re.compile(r'^-?\d+\.\d+$')


class FileUnreadable(ValueError):
    """The file is neither a CSV nor an XLSX we can read."""


@dataclass(eq=False)  # rows are compared and hashed by identity
class ImportRow:
    """One data row: its line in the file, the checked values, and what the caller still has to resolve."""

    line: int
    code: str
    values: dict[str, Any] = field(default_factory=dict)  # every asset column, validated, defaults filled in
    given: set[str] = field(default_factory=set)  # the columns an update sets (an empty enum cell keeps the value)
    attributes: dict[str, Any] = field(default_factory=dict)  # attr:<key> → value, None = empty cell
    parent_code: str | None = None
    site_name: str | None = None
    errors: list[ImportRowError] = field(default_factory=list)

    def error(self, field_name: str, message: str) -> None:
        self.errors.append(ImportRowError(row=self.line, field=field_name, message=message))


@dataclass
class Header:
    columns: list[str]  # per position: a known column, 'attr:<key>' or '' for an unusable column
    errors: list[ImportRowError]

    def __post_init__(self) -> None:
        # What check_row does with each usable column, worked out once per file rather than once per cell.
        self.slots = [(index, name, _kind(name)) for index, name in enumerate(self.columns) if name]
        self.code_index = self.columns.index('code') if 'code' in self.columns else None

    def has(self, name: str) -> bool:
        return name in self.columns


_ATTR, _PARENT, _SITE, _DATE, _PLACE, _ENUM, _PLAIN = range(7)


def _kind(name: str) -> int:
    if name.startswith(ATTR_PREFIX):
        return _ATTR
    kinds = {'parent_code': _PARENT, 'site': _SITE, **dict.fromkeys(DATE_FIELDS, _DATE),
             **dict.fromkeys(LOCATION_FIELDS, _PLACE), **dict.fromkeys(ENUM_FIELDS, _ENUM)}  # fmt: skip
    return kinds.get(name, _PLAIN)


def read_table(file_name: str, content: bytes) -> Iterator[tuple[int, list[Any]]]:
    """(line number, cells) of every row, the header being line 1; XLSX by name or content, else CSV."""
    if file_name.lower().endswith(('.xlsx', '.xlsm')) or content[:4] == b'PK\x03\x04':
        return _read_xlsx(content)
    return _read_csv(content)


def parse_header(cells: list[Any], mapping: dict[str, str] | None = None) -> Header:
    """Known columns in any letter case, and ``attr:<key>`` columns; unknown, duplicate, missing → line-1 errors.

    With a ``mapping`` (file column → field, '' to ignore; transfer_mapping) the file's columns are read as the
    fields they are mapped to; a mapped column the file does not have is an error.
    """
    columns, errors, seen = [], [], set()
    for source in set(mapping or {}) - {text(cell) for cell in cells}:
        errors.append(ImportRowError(row=1, field=source, message=f'the file has no column {source!r} to map'))
    for cell in cells:
        raw = text(cell)
        if mapping is not None and raw in mapping:
            if not mapping[raw]:  # ignored
                columns.append('')
                continue
            raw = mapping[raw]
        name = raw.lower()
        if name.startswith(ATTR_PREFIX):
            name = ATTR_PREFIX + raw[len(ATTR_PREFIX) :].strip()
            if name == ATTR_PREFIX:
                errors.append(ImportRowError(row=1, field=raw, message='give the attribute a name: attr:<key>'))
                name = ''
        elif name not in COLUMNS:
            message = f'unknown column {raw!r}; use {", ".join(COLUMNS)} or attr:<key>' if raw else 'empty column name'
            errors.append(ImportRowError(row=1, field=raw or 'header', message=message))
            name = ''
        if name and name in seen:
            errors.append(ImportRowError(row=1, field=raw, message=f'column {raw!r} appears twice'))
            name = ''
        seen.add(name)
        columns.append(name)
    for required in REQUIRED:
        if required not in seen:
            errors.append(ImportRowError(row=1, field=required, message=f'required column {required!r} is missing'))
    return Header(columns, errors)


def check_row(header: Header, line: int, cells: list[Any]) -> ImportRow:
    """Validate one row against AssetCreate; errors name the file's column."""
    count = len(cells)
    row = ImportRow(line=line, code='')
    data: dict[str, Any] = {}
    location: dict[str, Any] = {}
    attributes = row.attributes
    for index, name, kind in header.slots:
        cell = cells[index] if index < count else None
        if kind == _ATTR:
            attributes[name[len(ATTR_PREFIX) :]] = attribute_value(cell)
            continue
        value = cell.strip() if cell.__class__ is str else text(cell)
        if kind == _PARENT:
            row.parent_code = value or None
            continue
        if kind == _SITE:
            row.site_name = value or None
            continue
        if not value:  # the default on create; cleared on update, except enums, which keep their value
            if kind != _ENUM:
                row.given.add(name)
            continue
        row.given.add(name)
        if kind == _PLACE:
            location[name] = value
        elif kind == _DATE and not _ISO_DATE.match(value):
            row.error(name, f'not a date: {value!r}; write it as YYYY-MM-DD')
        else:
            data[name] = value
    row.code = data.get('code', '')
    if ('latitude' in location) != ('longitude' in location):
        missing = 'longitude' if 'latitude' in location else 'latitude'
        row.error(missing, 'give both latitude and longitude, or neither')
        location.pop('latitude', None)
        location.pop('longitude', None)
    data['location'] = location
    data['attributes'] = {key: value for key, value in attributes.items() if value is not None}
    for required in REQUIRED:
        data.setdefault(required, '')
    try:
        model = AssetCreate.model_validate(data)
    except ValidationError as exc:
        _add_validation_errors(row, exc)
        return row
    fields, place = model.__dict__, model.location.__dict__  # read, not dumped: the models are not kept
    row.values = {name: place[name] if name in place else fields[name] for name in ASSET_FIELDS}
    row.values['attributes'] = fields['attributes']
    return row


def text(value: Any) -> str:
    """A cell as trimmed text: ISO dates, integral floats without '.0', booleans as true/false."""
    if value is None:
        return ''
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def attribute_value(value: Any) -> Any:
    """A custom attribute from a cell: numbers and true/false typed (as export writes them), the rest text."""
    if isinstance(value, bool | int | float) and not isinstance(value, Decimal):
        return value
    value = text(value)
    if value == '':
        return None
    if value in ('true', 'false'):
        return value == 'true'
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value) and repr(float(value)) == value:
        return float(value)
    return value


def format_cell(value: Any) -> str:
    """A value as export writes it into a CSV cell (the inverse of ``text``/``attribute_value``)."""
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if hasattr(value, 'value'):  # enums
        return str(value.value)
    if isinstance(value, date | Decimal):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _add_validation_errors(row: ImportRow, exc: ValidationError) -> None:
    seen = {e.field for e in row.errors}
    for error in exc.errors():
        loc = [str(part) for part in error['loc']]
        if loc[0] == 'location':
            loc = loc[1:] or ['latitude']
        name = ATTR_PREFIX + loc[1] if loc[0] == 'attributes' and len(loc) > 1 else loc[0]
        if name in seen:
            continue  # one message per field (a union type reports each alternative)
        seen.add(name)
        row.error(name, _message(name, error))


def _message(name: str, error: dict[str, Any]) -> str:
    kind, given = error['type'], error.get('input')
    if name in ENUM_FIELDS and kind == 'enum':
        allowed = ', '.join(member.value for member in ENUM_FIELDS[name])
        return f'unknown value {given!r}; allowed: {allowed}'
    if kind == 'missing' or (name in REQUIRED and given == ''):
        return 'required; this cell must not be empty'
    if name == 'code' and kind == 'string_pattern_mismatch':
        return f'{given!r} is not a valid code: letters, digits and . _ / - only, starting with a letter or digit'
    if kind.startswith('date'):
        return f'not a valid date: {given!r} ({error.get("ctx", {}).get("error", "use YYYY-MM-DD")})'
    if kind in ('float_parsing', 'int_parsing', 'decimal_parsing', 'float_type', 'int_type', 'decimal_type'):
        return f'not a number: {given!r}'
    return f'{error["msg"].removeprefix("Value error, ")} (got {given!r})'


def _read_csv(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    for encoding in ('utf-8-sig', 'cp1252'):
        try:
            decoded = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise FileUnreadable('the file is not UTF-8 text; save it as CSV UTF-8 or XLSX')
    if '\x00' in decoded[:4096]:
        raise FileUnreadable('this looks like a binary file; upload a CSV (UTF-8) or an XLSX workbook')
    first_line = decoded.split('\n', 1)[0]
    delimiter = max((',', ';', '\t'), key=first_line.count)  # Excel in many locales saves with ';'
    reader = csv.reader(io.StringIO(decoded, newline=''), delimiter=delimiter)
    try:
        if "'" not in decoded:  # nothing to restore (the usual file): the rows as read
            yield from enumerate(reader, start=1)
            return
        # Exports quote cells that would be formulas ('=…, see app.core.spreadsheets); they import as exported.
        for line, cells in enumerate(reader, start=1):
            yield line, [restore(cell) for cell in cells]
    except csv.Error as exc:
        raise FileUnreadable(f'the CSV cannot be read near line {reader.line_num}: {exc}') from None


def _read_xlsx(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook  # only needed for spreadsheets

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # a broken upload is the user's file, never a server error
        raise FileUnreadable(f'the XLSX workbook cannot be opened ({exc}); save it again from Excel') from None
    try:
        rows = enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1)
        while True:
            try:
                line, cells = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # malformed sheet XML inside a valid zip
                raise FileUnreadable(f'the XLSX workbook is damaged ({exc}); save it again from Excel') from None
            yield line, list(cells)
    finally:
        workbook.close()
