"""JSON routes of the asset map: floor plans (upload, list, image), placing assets on a plan, map markers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import FileResponse, Response
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from app.assets import floor_plans, map_data
from app.assets.schemas import AssetFilter, AssetRead, FloorPlanRead
from app.core.api_support import PROBLEM_RESPONSES, CurrentPrincipal
from app.core.db import session_scope
from app.core.errors import ValidationFailed
from app.core.input_types import RowId
from app.core.principal import Principal
from app.core.schemas import StrictInput

router = APIRouter(responses=PROBLEM_RESPONSES)
GEOJSON = 'application/geo+json'


class PlanPosition(StrictInput):
    floor_plan_id: RowId
    x: float = Field(allow_inf_nan=False, description='Pixels from the left edge of the plan image')
    y: float = Field(allow_inf_nan=False, description='Pixels from the top edge of the plan image')


@router.get('/floor-plans', tags=['floor plans'])
def list_floor_plans(principal: CurrentPrincipal, site_id: RowId | None = None) -> list[FloorPlanRead]:
    """Floor plans of the organisation, optionally of one site."""
    with session_scope() as session:
        return floor_plans.list_floor_plans(session=session, principal=principal, site_id=site_id)


@router.post('/floor-plans', tags=['floor plans'], status_code=201)
async def upload_floor_plan(
    principal: CurrentPrincipal,
    site_id: Annotated[RowId, Form()],
    building: Annotated[str, Form(max_length=120)],
    floor: Annotated[str, Form(max_length=60)],
    file: Annotated[UploadFile, File(description='PNG, JPEG or WEBP, at most 15 MB')],
) -> FloorPlanRead:
    """Upload the plan image of one floor; uploading again for the same floor replaces it and keeps the id."""
    content = await file.read(floor_plans.MAX_PLAN_BYTES + 1)
    if len(content) > floor_plans.MAX_PLAN_BYTES:
        raise ValidationFailed.field('file', 'the file is larger than 15 MB; export the plan at a lower resolution')
    return await run_in_threadpool(_upload, principal, site_id, building, floor, file.filename or 'plan', content)


@router.get('/floor-plans/{floor_plan_id:int}', tags=['floor plans'])
def read_floor_plan(floor_plan_id: RowId, principal: CurrentPrincipal) -> FloorPlanRead:
    """One floor plan."""
    with session_scope() as session:
        return floor_plans.get_floor_plan(session=session, principal=principal, floor_plan_id=floor_plan_id)


@router.get(
    '/floor-plans/{floor_plan_id:int}/image',
    tags=['floor plans'],
    response_class=FileResponse,
    responses={200: {'content': {'image/png': {}, 'image/jpeg': {}, 'image/webp': {}}}},
)
def floor_plan_image(floor_plan_id: RowId, principal: CurrentPrincipal) -> FileResponse:
    """The plan image as uploaded."""
    with session_scope() as session:
        _plan, path, content_type = floor_plans.floor_plan_file(
            session=session, principal=principal, floor_plan_id=floor_plan_id
        )
    return FileResponse(path, media_type=content_type, headers={'Cache-Control': 'private, max-age=300'})


@router.get('/floor-plans/{floor_plan_id:int}/assets', tags=['floor plans'])
def floor_plan_assets(floor_plan_id: RowId, principal: CurrentPrincipal) -> map_data.PlanView:
    """Assets placed on the plan, and those of the same building and floor not placed yet."""
    with session_scope() as session:
        return map_data.plan_markers(session=session, principal=principal, floor_plan_id=floor_plan_id)


@router.put('/assets/{asset_id:int}/plan-position', tags=['assets'])
def place_asset(asset_id: RowId, body: PlanPosition, principal: CurrentPrincipal) -> AssetRead:
    """Put an asset on a floor plan at pixel (x, y); its site, building and floor become the plan's."""
    with session_scope() as session:
        return floor_plans.place_asset_on_plan(
            session=session,
            principal=principal,
            asset_id=asset_id,
            floor_plan_id=body.floor_plan_id,
            x=body.x,
            y=body.y,
        )


@router.get(
    '/assets/map',
    tags=['assets'],
    response_class=Response,
    responses={200: {'description': 'A GeoJSON FeatureCollection', 'content': {GEOJSON: {}}}},
)
def assets_map(principal: CurrentPrincipal, filters: Annotated[AssetFilter, Query()]) -> Response:
    """Assets with a GPS position as a GeoJSON FeatureCollection (same filters as GET /assets; no paging)."""
    with session_scope() as session:
        markers = map_data.asset_markers(session=session, principal=principal, filters=filters)
    return Response(map_data.geojson_bytes(markers), media_type=GEOJSON)


def _upload(
    principal: Principal, site_id: int, building: str, floor: str, file_name: str, content: bytes
) -> FloorPlanRead:
    with session_scope() as session:
        return floor_plans.upload_floor_plan(
            session=session,
            principal=principal,
            site_id=site_id,
            building=building,
            floor=floor,
            file_name=file_name,
            content=content,
        )
