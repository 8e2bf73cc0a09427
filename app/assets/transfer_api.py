"""JSON routes for asset import/export and QR codes. Registered before the other asset routes, so that
``/assets/export`` and ``/assets/import`` are not taken for ``/assets/{asset_id}``."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import Response

from app.assets import labels, service, transfer, transfer_mapping
from app.assets.schemas import AssetFilter, ImportReport
from app.core.api_support import PROBLEM_RESPONSES, CurrentPrincipal, conflict_response, problem_response
from app.core.db import session_scope
from app.core.input_types import RowId

router = APIRouter(responses=PROBLEM_RESPONSES, tags=['assets'])
Id = RowId  # a path's id: 1 … 2^63 − 1, else 422

_IMPORT_RESPONSES = {
    **conflict_response('Some of the assets changed at the same moment; nothing was written'),
    422: problem_response(
        'Strict import (not a dry run) of a file with errors: nothing was written. Each row error '
        'is in `errors` as `{"field": "row 7: parent_code", "message": ...}` (the file header is row 1).'
    ),
}
_FILE_TYPES = {'text/csv': {}, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {}}


@router.post('/assets/import', responses=_IMPORT_RESPONSES)
def import_assets(
    principal: CurrentPrincipal,
    file: Annotated[UploadFile, File(description='CSV (UTF-8, comma or semicolon) or XLSX; header row first')],
    dry_run: Annotated[bool, Query(description='Only check the file and report; write nothing')] = True,
    mode: Annotated[
        Literal['strict', 'valid_rows'],
        Query(description='strict: all rows or nothing; valid_rows: import the valid rows, skip the rest'),
    ] = 'strict',
    mapping: Annotated[
        str | None,
        Form(
            description='Optional JSON object: file column → field it fills (one of the import columns or '
            'attr:<key>), "" to ignore the column, e.g. {"Asset No.": "code", "Serial": "serial_number", "Notes": ""}'
        ),
    ] = None,
) -> ImportReport:
    """Import assets from a CSV or XLSX file: an existing code updates that asset, a new code creates one.

    A dry run (the default) reports what would be created and updated and every row error. Without it, a strict
    import of a file with any error is refused with 422 and writes nothing; valid_rows imports the valid rows and
    reports the others (200). Needs the admin or supervisor role.
    """
    columns = transfer_mapping.parse_mapping(mapping)
    content = file.file.read(transfer.MAX_FILE_BYTES + 1)
    name = file.filename or 'upload.csv'
    with session_scope() as session:
        if dry_run:
            return transfer.preview_import(
                session=session, principal=principal, file_name=name, content=content, mapping=columns
            )
        return transfer.run_import(
            session=session, principal=principal, file_name=name, content=content, mode=mode, mapping=columns
        )


@router.get('/assets/export', response_class=Response, responses={200: {'content': _FILE_TYPES}})
def export_assets(
    principal: CurrentPrincipal,
    filters: Annotated[AssetFilter, Query()],
    fmt: Annotated[Literal['csv', 'xlsx'], Query(alias='format', description='csv or xlsx')] = 'csv',
) -> Response:
    """Every asset matching the list filters (limit/offset are ignored) as a file with the import's columns."""
    with session_scope() as session:
        body, content_type, file_name = transfer.export_assets(
            session=session, principal=principal, filters=filters, fmt=fmt
        )
    return Response(
        body, media_type=content_type, headers={'Content-Disposition': f'attachment; filename="{file_name}"'}
    )


@router.get(
    '/assets/{asset_id:int}/qr.svg', response_class=Response, responses={200: {'content': {'image/svg+xml': {}}}}
)
def asset_qr_code(asset_id: Id, principal: CurrentPrincipal, request: Request) -> Response:
    """The asset's QR code (SVG) linking to its page in the web app, for printing on a label."""
    with session_scope() as session:
        asset = service.get_asset(session=session, principal=principal, asset_id=asset_id)
    svg = labels.qr_svg(labels.asset_page_url(str(request.base_url), asset.id), size_px=256)
    return Response(svg, media_type='image/svg+xml', headers={'Cache-Control': 'private, max-age=86400'})
