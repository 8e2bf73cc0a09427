"""JSON routes of the failure-code catalogue: list it (everyone who reads work orders), add, rename, deactivate."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.assets.enums import AssetType
from app.core.api_support import PROBLEM_RESPONSES, CurrentPrincipal, conflict_response
from app.core.db import session_scope
from app.core.input_types import RowId
from app.core.schemas import Schema
from app.work_orders import failure_codes
from app.work_orders.enums import FailureCodeKind
from app.work_orders.schemas import FailureCodeCreate, FailureCodeRead, FailureCodeUpdate

router = APIRouter(tags=['failure codes'], responses=PROBLEM_RESPONSES)
Id = RowId  # a path's id: 1 … 2^63 − 1, else 422


class FailureCodeFilter(Schema):
    asset_type: AssetType | None = None
    kind: FailureCodeKind | None = None
    include_inactive: bool = False


@router.get('/failure-codes')
def list_failure_codes(
    principal: CurrentPrincipal, filters: Annotated[FailureCodeFilter, Query()]
) -> list[FailureCodeRead]:
    """The catalogue completion picks from, by asset type, kind and code; deactivated entries only on request."""
    with session_scope() as session:
        return failure_codes.list_failure_codes(session=session, principal=principal, **filters.model_dump())


@router.post('/failure-codes', status_code=201, responses=conflict_response('The code exists for that type and kind'))
def create_failure_code(body: FailureCodeCreate, principal: CurrentPrincipal) -> FailureCodeRead:
    """Add a problem, cause or remedy code for an asset type (admin, supervisor)."""
    with session_scope() as session:
        return failure_codes.create_failure_code(session=session, principal=principal, data=body)


@router.patch('/failure-codes/{code_id:int}')
def update_failure_code(code_id: Id, body: FailureCodeUpdate, principal: CurrentPrincipal) -> FailureCodeRead:
    """Change the label, or `active: true` to offer a deactivated entry again (admin, supervisor)."""
    with session_scope() as session:
        return failure_codes.update_failure_code(session=session, principal=principal, code_id=code_id, data=body)


@router.delete('/failure-codes/{code_id:int}', status_code=204, response_class=Response)
def deactivate_failure_code(code_id: Id, principal: CurrentPrincipal) -> Response:
    """Stop offering an entry at completion; work orders closed with it keep its code (admin, supervisor)."""
    with session_scope() as session:
        failure_codes.deactivate_failure_code(session=session, principal=principal, code_id=code_id)
    return Response(status_code=204)
