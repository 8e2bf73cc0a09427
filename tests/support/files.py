"""Small files as uploads carry them: images and a PDF recognised by their content, spreadsheets built from dicts."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook, load_workbook

PNG = b'\x89PNG\r\n\x1a\n' + b'\x00' * 32
JPEG = b'\xff\xd8\xff\xe0' + b'\x00' * 32
WEBP = b'RIFF\x24\x00\x00\x00WEBPVP8 ' + b'\x00' * 24
GIF = b'GIF89a' + b'\x00' * 16
PDF = b'%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n'


def pump(code: str, **fields: Any) -> dict[str, Any]:
    """A row of an asset import file: a pump with that code (more columns as ``fields``)."""
    return {'code': code, 'name': f'Pump {code}', 'asset_type': 'equipment', **fields}


def csv_file(*rows: dict[str, Any], columns: list[str] | None = None) -> bytes:
    """A CSV file of ``rows``; the columns are every key in order of first use unless given."""
    columns = columns or list(dict.fromkeys(key for row in rows for key in row))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([[row.get(column, '') for column in columns] for row in rows])
    return buffer.getvalue().encode()


def write_csv(rows: list[dict[str, str]]) -> bytes:
    """A CSV file of rows read back by ``read_csv`` (the first row's keys are the columns)."""
    return csv_file(*rows, columns=list(rows[0]))


def xlsx_file(*rows: dict[str, Any]) -> bytes:
    """An XLSX workbook whose first sheet holds ``rows`` under a header of their keys."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode('utf-8-sig'))))


def read_xlsx(content: bytes) -> list[dict[str, Any]]:
    rows = list(load_workbook(io.BytesIO(content), read_only=True).worksheets[0].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
