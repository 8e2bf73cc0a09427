"""Asset export (CSV or XLSX) with exactly the import's columns, so an edited export imports back as updates."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.assets.models import Asset
from app.assets.schemas import AssetFilter
from app.assets.service import filtered_asset_query  # the list's filters: export = what the list shows
from app.assets.transfer_rows import ATTR_PREFIX, COLUMNS, EXAMPLE_ROW, format_cell
from app.core.models import Site
from app.core.permissions import Permission, require
from app.core.principal import Principal

ExportFormat = Literal['csv', 'xlsx']
CSV_TYPE = 'text/csv; charset=utf-8'
XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
YIELD_PER = 1000
_COLUMN_WIDTHS = {'code': 16, 'name': 32, 'description': 40, 'site': 20, 'parent_code': 16}


def export_assets(
    *, session: Session, principal: Principal, filters: AssetFilter, fmt: ExportFormat = 'csv'
) -> tuple[bytes, str, str]:
    """The filtered assets (all pages) as (file bytes, content type, file name), in the import's columns."""
    require(principal, Permission.ASSETS_READ)
    organization_id = principal.organization_id
    codes = dict(session.execute(select(Asset.id, Asset.code).where(Asset.organization_id == organization_id)).all())
    sites = dict(session.execute(select(Site.id, Site.name).where(Site.organization_id == organization_id)).all())
    query = filtered_asset_query(principal, filters).limit(None).offset(None)
    # Rows stream from the database in batches; only the cell values are kept, for the attribute columns.
    rows = [_cells(asset, codes, sites) for asset in session.scalars(query.execution_options(yield_per=YIELD_PER))]
    keys = sorted({key for _, attributes in rows for key in attributes})
    header = [*COLUMNS, *(ATTR_PREFIX + key for key in keys)]
    table = ([*values, *(attributes.get(key) for key in keys)] for values, attributes in rows)
    stamp = datetime.now(UTC).strftime('%Y%m%d-%H%M')
    if fmt == 'xlsx':
        return _xlsx(header, table), XLSX_TYPE, f'assets-{stamp}.xlsx'
    return _csv(header, ([format_cell(v) for v in values] for values in table)), CSV_TYPE, f'assets-{stamp}.csv'


def template_csv() -> bytes:
    """The header row and one example row: a starting point for a new import file."""
    return _csv(list(COLUMNS), iter([[EXAMPLE_ROW[name] for name in COLUMNS]]))


def _cells(asset: Asset, codes: dict[int, str], sites: dict[int, str]) -> tuple[list[Any], dict[str, Any]]:
    values = []
    for name in COLUMNS:
        if name == 'parent_code':
            values.append(codes.get(asset.parent_id) if asset.parent_id else None)
        elif name == 'site':
            values.append(sites.get(asset.site_id) if asset.site_id else None)
        else:
            value = getattr(asset, name)
            values.append(value.value if hasattr(value, 'value') else value)
    return values, dict(asset.attributes or {})


def _csv(header: list[str], rows: Iterator[list[str]]) -> bytes:
    buffer = io.StringIO()
    buffer.write('\ufeff')  # the byte-order mark makes Excel open UTF-8 CSV correctly; import strips it
    writer = csv.writer(buffer, lineterminator='\r\n')
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode('utf-8')


def _xlsx(header: list[str], rows: Iterator[list[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)  # streams rows to the file instead of building a cell grid in memory
    sheet = workbook.create_sheet('Assets')
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _COLUMN_WIDTHS.get(name, 14)
    sheet.freeze_panes = 'A2'
    bold = Font(bold=True)
    cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for values in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)  # exact for 2-decimal money up to 10^13; Excel has no decimal type
    if isinstance(value, str) and value.startswith('='):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = 's'  # text stays text: a name like "=SUM(...)" must never become a formula
        return cell
    return value
