"""JSON routes of work orders: create, list, board, read, plan, status moves, steps, timeline, comments, photos."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import FileResponse, Response

from app.core.api_support import PROBLEM_RESPONSES, CurrentPrincipal, conflict_response
from app.core.db import session_scope
from app.core.input_types import RowId
from app.core.schemas import MAX_PAGE_SIZE, Page
from app.core.spreadsheets import CSV_TYPE, XLSX_TYPE
from app.work_orders import comments, export, photos, service, steps, taking
from app.work_orders.enums import WorkOrderStatus
from app.work_orders.schemas import (
    CommentCreate,
    CommentRead,
    PhotoRead,
    StatusChange,
    StepCompletion,
    StepRead,
    TimelineEntry,
    WorkOrderCreate,
    WorkOrderFilter,
    WorkOrderRead,
    WorkOrderUpdate,
)

router = APIRouter(tags=['work orders'], responses=PROBLEM_RESPONSES)
Id = RowId  # a path's id: 1 … 2^63 − 1, else 422
Filters = Annotated[WorkOrderFilter, Query()]


@router.post('/work-orders', status_code=201)
def create_work_order(body: WorkOrderCreate, principal: CurrentPrincipal) -> WorkOrderRead:
    """Raise a work request (technicians: status requested, no planning fields) or plan a work order (supervisors);
    with `template_id`, the template's checklist, type, priority, estimate and planned parts come along."""
    with session_scope() as session:
        return service.create_work_order(session=session, principal=principal, data=body)


@router.get('/work-orders')
def list_work_orders(principal: CurrentPrincipal, filters: Filters) -> Page[WorkOrderRead]:
    """Work orders matching the filters; `status` also takes `open` and `overdue`; list filters take repeated or
    comma-separated values (?status=open,overdue). Items carry checklist progress, not the steps themselves."""
    with session_scope() as session:
        return service.list_work_orders(session=session, principal=principal, filters=filters)


@router.get('/work-orders/board')
def read_board(
    principal: CurrentPrincipal,
    filters: Filters,
    per_column: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
) -> dict[WorkOrderStatus, Page[WorkOrderRead]]:
    """The kanban: each status column's total and first `per_column` cards (completed: the last 7 days)."""
    with session_scope() as session:
        return service.board(session=session, principal=principal, filters=filters, per_column=per_column)


@router.get(
    '/work-orders/export',
    response_class=Response,
    responses={200: {'description': 'The file, as a download', 'content': {CSV_TYPE: {}, XLSX_TYPE: {}}}},
)
def export_work_orders(
    principal: CurrentPrincipal,
    filters: Filters,
    fmt: Annotated[Literal['csv', 'xlsx'], Query(alias='format', description='csv or xlsx')] = 'csv',
) -> Response:
    """Every work order matching the list filters, in the list's order (limit/offset are ignored), as a CSV or XLSX
    file. CSV text cells that a spreadsheet would take for a formula (starting with = + - @, tab or CR) start with a
    quote (`'=…`); XLSX cells are typed, text as text."""
    with session_scope() as session:
        body, content_type, file_name = export.export_work_orders(
            session=session, principal=principal, filters=filters, fmt=fmt
        )
    return Response(
        body, media_type=content_type, headers={'Content-Disposition': f'attachment; filename="{file_name}"'}
    )


@router.get('/work-orders/{work_order_id:int}')
def read_work_order(work_order_id: Id, principal: CurrentPrincipal) -> WorkOrderRead:
    """One work order with its checklist steps and the parts used."""
    with session_scope() as session:
        return service.get_work_order(session=session, principal=principal, work_order_id=work_order_id)


@router.patch(
    '/work-orders/{work_order_id:int}', responses=conflict_response('Stale version, or the work order is closed')
)
def update_work_order(work_order_id: Id, body: WorkOrderUpdate, principal: CurrentPrincipal) -> WorkOrderRead:
    """Change the plan (admin, supervisor) or only the failure codes (also technicians); `version` is required."""
    with session_scope() as session:
        return service.update_work_order(session=session, principal=principal, work_order_id=work_order_id, data=body)


@router.put(
    '/work-orders/{work_order_id:int}/status', responses=conflict_response('Move not allowed, steps pending, stale')
)
def change_status(work_order_id: Id, body: StatusChange, principal: CurrentPrincipal) -> WorkOrderRead:
    """Move the work order (e.g. `{"status": "in_progress"}`); an invalid move is 409 and changes nothing."""
    with session_scope() as session:
        return service.change_status(session=session, principal=principal, work_order_id=work_order_id, data=body)


@router.post(
    '/work-orders/{work_order_id:int}/take', responses=conflict_response('Assigned to someone else, closed, or stale')
)
def take_work_order(work_order_id: Id, principal: CurrentPrincipal) -> WorkOrderRead:
    """Assign an open, unassigned work order to yourself (technicians too; re-assigning stays a planner's edit)."""
    with session_scope() as session:
        return taking.take_work_order(session=session, principal=principal, work_order_id=work_order_id)


@router.get('/work-orders/{work_order_id:int}/timeline')
def read_timeline(work_order_id: Id, principal: CurrentPrincipal) -> list[TimelineEntry]:
    """Status moves, comments, steps, parts, time and photos, newest first."""
    with session_scope() as session:
        return service.timeline(session=session, principal=principal, work_order_id=work_order_id)


@router.post(
    '/work-orders/{work_order_id:int}/steps/{step_id:int}/complete',
    responses=conflict_response('The work order is not in progress'),
)
def complete_step(work_order_id: Id, step_id: Id, body: StepCompletion, principal: CurrentPrincipal) -> StepRead:
    """Answer a step: `done` (checkbox), `value` (number; outside its limits the step fails), `text`, `passed`."""
    with session_scope() as session:
        return steps.complete_step(
            session=session, principal=principal, work_order_id=work_order_id, step_id=step_id, data=body
        )


@router.post(
    '/work-orders/{work_order_id:int}/steps/{step_id:int}/reopen',
    responses=conflict_response('The work order is not in progress'),
)
def reopen_step(work_order_id: Id, step_id: Id, principal: CurrentPrincipal) -> StepRead:
    """Clear a step's answer (back to pending)."""
    with session_scope() as session:
        return steps.reopen_step(session=session, principal=principal, work_order_id=work_order_id, step_id=step_id)


@router.post(
    '/work-orders/{work_order_id:int}/steps/{step_id:int}/follow-up',
    responses=conflict_response('The step has not failed'),
)
def create_follow_up(work_order_id: Id, step_id: Id, principal: CurrentPrincipal) -> WorkOrderRead:
    """Raise a corrective work order for a failed step; asking again returns the one already raised."""
    with session_scope() as session:
        return steps.create_follow_up(
            session=session, principal=principal, work_order_id=work_order_id, step_id=step_id
        )


@router.get('/work-orders/{work_order_id:int}/comments')
def list_comments(work_order_id: Id, principal: CurrentPrincipal) -> list[CommentRead]:
    """The work order's comments, oldest first."""
    with session_scope() as session:
        return comments.list_comments(session=session, principal=principal, work_order_id=work_order_id)


@router.post('/work-orders/{work_order_id:int}/comments', status_code=201)
def add_comment(work_order_id: Id, body: CommentCreate, principal: CurrentPrincipal) -> CommentRead:
    """Add a comment (admin, supervisor, technician)."""
    with session_scope() as session:
        return comments.add_comment(session=session, principal=principal, work_order_id=work_order_id, data=body)


@router.get('/work-orders/{work_order_id:int}/photos')
def list_photos(work_order_id: Id, principal: CurrentPrincipal) -> list[PhotoRead]:
    """The work order's photos, newest first."""
    with session_scope() as session:
        return photos.list_photos(session=session, principal=principal, work_order_id=work_order_id)


@router.post('/work-orders/{work_order_id:int}/photos', status_code=201)
def add_photo(
    work_order_id: Id,
    principal: CurrentPrincipal,
    file: Annotated[UploadFile, File(description='PNG, JPEG, WEBP or GIF; at most 20 MB')],
) -> PhotoRead:
    """Upload a photo; the type is read from the content (admin, supervisor, technician)."""
    content = file.file.read(photos.MAX_BYTES + 1)  # one byte over is enough to refuse it
    with session_scope() as session:
        return photos.add_photo(
            session=session,
            principal=principal,
            work_order_id=work_order_id,
            file_name=file.filename or '',
            content=content,
        )


@router.get(
    '/work-orders/{work_order_id:int}/photos/{photo_id:int}',
    response_class=FileResponse,
    responses={200: {'description': 'The image', 'content': {'image/*': {}}}},
)
def read_photo(work_order_id: Id, photo_id: Id, principal: CurrentPrincipal) -> FileResponse:
    """The photo's file."""
    with session_scope() as session:
        photo, path = photos.photo_file(
            session=session, principal=principal, work_order_id=work_order_id, photo_id=photo_id
        )
    return FileResponse(
        path, media_type=photo.content_type, filename=photo.file_name, content_disposition_type='inline'
    )
