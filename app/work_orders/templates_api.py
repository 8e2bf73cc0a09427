"""JSON routes of work-order templates."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.core.api_support import PROBLEM_RESPONSES, CurrentPrincipal, conflict_response
from app.core.db import session_scope
from app.core.input_types import RowId
from app.core.schemas import Page, PageParams, SearchText
from app.work_orders import templates
from app.work_orders.template_schemas import TemplateCreate, TemplateRead, TemplateUpdate

router = APIRouter(tags=['work-order templates'], responses=PROBLEM_RESPONSES)
Id = RowId  # a path's id: 1 … 2^63 − 1, else 422
_DUPLICATE = conflict_response('Duplicate name')


class TemplateFilter(PageParams):
    include_inactive: bool = False
    q: SearchText | None = None


@router.get('/work-order-templates')
def list_templates(principal: CurrentPrincipal, filters: Annotated[TemplateFilter, Query()]) -> Page[TemplateRead]:
    """Templates by name; deactivated ones only with `include_inactive`."""
    with session_scope() as session:
        return templates.list_templates(
            session=session,
            principal=principal,
            include_inactive=filters.include_inactive,
            q=filters.q,
            page=PageParams(limit=filters.limit, offset=filters.offset),
        )


@router.post('/work-order-templates', status_code=201, responses=_DUPLICATE)
def create_template(body: TemplateCreate, principal: CurrentPrincipal) -> TemplateRead:
    """Add a template: title, type, priority, estimated hours, checklist steps, parts (admin, supervisor)."""
    with session_scope() as session:
        return templates.create_template(session=session, principal=principal, data=body)


@router.get('/work-order-templates/{template_id:int}')
def read_template(template_id: Id, principal: CurrentPrincipal) -> TemplateRead:
    """One template."""
    with session_scope() as session:
        return templates.get_template(session=session, principal=principal, template_id=template_id)


@router.patch('/work-order-templates/{template_id:int}', responses=_DUPLICATE)
def update_template(template_id: Id, body: TemplateUpdate, principal: CurrentPrincipal) -> TemplateRead:
    """Change the fields sent; `steps` and `parts` replace the whole list; `active: true` reactivates."""
    with session_scope() as session:
        return templates.update_template(session=session, principal=principal, template_id=template_id, data=body)


@router.delete('/work-order-templates/{template_id:int}', status_code=204, response_class=Response)
def deactivate_template(template_id: Id, principal: CurrentPrincipal) -> Response:
    """Deactivate a template: no new work orders from it; existing ones keep it (admin, supervisor)."""
    with session_scope() as session:
        templates.deactivate_template(session=session, principal=principal, template_id=template_id)
    return Response(status_code=204)
