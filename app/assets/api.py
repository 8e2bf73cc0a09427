"""JSON routes of the asset registry: assets, hierarchy, history, statistics, meters and attachments."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import FileResponse, Response

from app.assets import attachments, bulk, meters, service
from app.assets.schemas import (
    AssetCreate,
    AssetEventRead,
    AssetFilter,
    AssetRead,
    AssetStatistics,
    AssetUpdate,
    AttachmentRead,
    ConditionAssessment,
    LocationChange,
    MeterCreate,
    MeterRead,
    MeterReadingCreate,
    MeterReadingRead,
)
from app.core.api_support import PROBLEM_RESPONSES, CurrentPrincipal, conflict_response
from app.core.db import session_scope
from app.core.input_types import RowId
from app.core.schemas import Page, PageParams

router = APIRouter(tags=['assets'], responses=PROBLEM_RESPONSES)
Paging = Annotated[PageParams, Query()]
Id = RowId  # a path's id: 1 … 2^63 − 1, else 422


@router.post('/assets', status_code=201, responses=conflict_response('Duplicate code'))
def create_asset(body: AssetCreate, principal: CurrentPrincipal) -> AssetRead:
    """Register an asset (admin, supervisor)."""
    with session_scope() as session:
        return service.create_asset(session=session, principal=principal, data=body)


@router.get('/assets')
def list_assets(principal: CurrentPrincipal, filters: Annotated[AssetFilter, Query()]) -> Page[AssetRead]:
    """Assets matching the filters; list filters take repeated or comma-separated values (?status=a,b)."""
    with session_scope() as session:
        return service.list_assets(session=session, principal=principal, filters=filters)


@router.post('/assets/bulk', responses=conflict_response('Retirement refused, or an asset changed meanwhile'))
def bulk_change_assets(body: bulk.BulkAssetChange, principal: CurrentPrincipal) -> bulk.BulkAssetResult:
    """Set the status and/or the site of up to 500 assets in one transaction: all or nothing, the error naming the
    asset that was refused. A status needs the right to assess (retiring: to edit the register), a site to edit."""
    with session_scope() as session:
        return bulk.bulk_change_assets(session=session, principal=principal, data=body)


@router.get('/assets/statistics')
def read_asset_statistics(principal: CurrentPrincipal, site_id: RowId | None = None) -> AssetStatistics:
    """Asset counts by status, type, condition, criticality and site."""
    with session_scope() as session:
        return service.asset_statistics(session=session, principal=principal, site_id=site_id)


@router.get('/assets/{asset_id:int}')
def read_asset(asset_id: Id, principal: CurrentPrincipal) -> AssetRead:
    """One asset."""
    with session_scope() as session:
        return service.get_asset(session=session, principal=principal, asset_id=asset_id)


@router.patch(
    '/assets/{asset_id:int}', responses=conflict_response('Duplicate code, stale version, or retirement refused')
)
def update_asset(asset_id: Id, body: AssetUpdate, principal: CurrentPrincipal) -> AssetRead:
    """Change the fields sent; send `version` to refuse a change over someone else's (admin, supervisor)."""
    with session_scope() as session:
        return service.update_asset(session=session, principal=principal, asset_id=asset_id, data=body)


@router.post('/assets/{asset_id:int}/location', responses=conflict_response('Stale version'))
def move_asset(asset_id: Id, body: LocationChange, principal: CurrentPrincipal) -> AssetRead:
    """Move an asset: site, building, floor, room, department, GPS, floor-plan spot (admin, supervisor)."""
    with session_scope() as session:
        return service.move_asset(session=session, principal=principal, asset_id=asset_id, data=body)


@router.post('/assets/{asset_id:int}/condition', responses=conflict_response('Stale version, or retirement refused'))
def assess_condition(asset_id: Id, body: ConditionAssessment, principal: CurrentPrincipal) -> AssetRead:
    """Record a condition assessment, optionally with a new status (admin, supervisor, technician)."""
    with session_scope() as session:
        return service.assess_condition(session=session, principal=principal, asset_id=asset_id, data=body)


@router.get('/assets/{asset_id:int}/history')
def read_asset_history(asset_id: Id, principal: CurrentPrincipal, page: Paging) -> Page[AssetEventRead]:
    """The asset's lifecycle timeline, newest first."""
    with session_scope() as session:
        return service.asset_history(session=session, principal=principal, asset_id=asset_id, page=page)


@router.get('/assets/{asset_id:int}/children')
def list_asset_children(asset_id: Id, principal: CurrentPrincipal) -> list[AssetRead]:
    """The asset's direct children."""
    with session_scope() as session:
        return service.list_children(session=session, principal=principal, asset_id=asset_id)


@router.get('/assets/{asset_id:int}/meters')
def list_meters(asset_id: Id, principal: CurrentPrincipal) -> list[MeterRead]:
    """The asset's meters with their current readings."""
    with session_scope() as session:
        return meters.list_meters(session=session, principal=principal, asset_id=asset_id)


@router.post('/assets/{asset_id:int}/meters', status_code=201, responses=conflict_response('Duplicate meter name'))
def add_meter(asset_id: Id, body: MeterCreate, principal: CurrentPrincipal) -> MeterRead:
    """Add a meter to the asset (admin, supervisor)."""
    with session_scope() as session:
        return meters.add_meter(session=session, principal=principal, asset_id=asset_id, data=body)


@router.get('/assets/{asset_id:int}/meters/{meter_id:int}/readings')
def list_meter_readings(
    asset_id: Id, meter_id: Id, principal: CurrentPrincipal, page: Paging
) -> Page[MeterReadingRead]:
    """Readings of one meter, newest first."""
    with session_scope() as session:
        return meters.list_readings(
            session=session, principal=principal, asset_id=asset_id, meter_id=meter_id, page=page
        )


@router.post('/assets/{asset_id:int}/meters/{meter_id:int}/readings', status_code=201)
def record_meter_reading(
    asset_id: Id, meter_id: Id, body: MeterReadingCreate, principal: CurrentPrincipal
) -> MeterReadingRead:
    """Record a reading; a cumulative meter refuses a value below an earlier reading (admin, supervisor, technician)."""
    with session_scope() as session:
        return meters.record_reading(
            session=session, principal=principal, asset_id=asset_id, meter_id=meter_id, data=body, source='api'
        )


@router.get('/assets/{asset_id:int}/attachments')
def list_attachments(asset_id: Id, principal: CurrentPrincipal) -> list[AttachmentRead]:
    """The asset's photos, manuals and documents, newest first."""
    with session_scope() as session:
        return attachments.list_attachments(session=session, principal=principal, asset_id=asset_id)


@router.post('/assets/{asset_id:int}/attachments', status_code=201)
def add_attachment(
    asset_id: Id,
    principal: CurrentPrincipal,
    file: Annotated[UploadFile, File(description='PDF, PNG, JPEG, WEBP, GIF or UTF-8 .txt/.csv/.md; at most 20 MB')],
    kind: Annotated[str | None, Form(description='photo, manual or document (inferred when left out)')] = None,
) -> AttachmentRead:
    """Upload a photo, manual or document; the type is read from the content (admin, supervisor, technician)."""
    content = file.file.read(attachments.MAX_BYTES + 1)  # one byte over is enough to refuse it
    with session_scope() as session:
        return attachments.add_attachment(
            session=session,
            principal=principal,
            asset_id=asset_id,
            file_name=file.filename or '',
            content=content,
            kind=kind or None,
        )


@router.get(
    '/assets/{asset_id:int}/attachments/{attachment_id:int}',
    response_class=FileResponse,
    responses={200: {'description': 'The file, as a download', 'content': {'application/octet-stream': {}}}},
)
def download_attachment(asset_id: Id, attachment_id: Id, principal: CurrentPrincipal) -> FileResponse:
    """Download an attachment's file."""
    with session_scope() as session:
        attachment, path = attachments.attachment_file(
            session=session, principal=principal, asset_id=asset_id, attachment_id=attachment_id
        )
    return FileResponse(
        path, media_type=attachment.content_type, filename=attachment.file_name, content_disposition_type='attachment'
    )


@router.delete('/assets/{asset_id:int}/attachments/{attachment_id:int}', status_code=204, response_class=Response)
def delete_attachment(asset_id: Id, attachment_id: Id, principal: CurrentPrincipal) -> Response:
    """Remove an attachment and its file (admin, supervisor)."""
    with session_scope() as session:
        attachments.delete_attachment(
            session=session, principal=principal, asset_id=asset_id, attachment_id=attachment_id
        )
    return Response(status_code=204)
