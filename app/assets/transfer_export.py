"""Asset export (CSV or XLSX) with exactly the import's columns, so an edited export imports back as updates."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.assets.models import Asset
from app.assets.schemas import AssetFilter
from app.assets.service import filtered_asset_query  # the list's filters: export = what the list shows
from app.assets.transfer_rows import ATTR_PREFIX, COLUMNS, EXAMPLE_ROW, format_cell
from app.core.models import Site
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.spreadsheets import YIELD_PER, SpreadsheetFormat, csv_bytes, spreadsheet_bytes

_COLUMN_WIDTHS = {'code': 16, 'name': 32, 'description': 40, 'site': 20, 'parent_code': 16}


def export_assets(
    *, session: Session, principal: Principal, filters: AssetFilter, fmt: SpreadsheetFormat = 'csv'
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
    # CSV text cells are neutralised against formulas (app.core.spreadsheets); the CSV import restores them.
    body, content_type = spreadsheet_bytes(
        fmt, header, table, text_of=format_cell, sheet_title='Assets', widths=_COLUMN_WIDTHS
    )
    stamp = datetime.now(UTC).strftime('%Y%m%d-%H%M')
    return body, content_type, f'assets-{stamp}.{fmt}'


def template_csv() -> bytes:
    """The header row and one example row: a starting point for a new import file."""
    return csv_bytes(COLUMNS, [[EXAMPLE_ROW[name] for name in COLUMNS]])


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
