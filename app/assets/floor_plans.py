"""Floor plans: upload a plan image per site/building/floor, serve it, and place assets on it in pixels."""

from __future__ import annotations

import io
import math
import secrets
import warnings
from collections.abc import Callable
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from app.assets import service
from app.assets.models import Asset, FloorPlan
from app.assets.schemas import AssetRead, FloorPlanRead, LocationChange
from app.core import audit
from app.core.config import get_settings
from app.core.enums import AuditAction
from app.core.errors import FieldError, NotFound, ValidationFailed
from app.core.models import Site
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.scoping import load_scoped

MAX_PLAN_BYTES = 15 * 1024 * 1024
MAX_PLAN_SIDE = 20_000  # pixels; larger images are refused before Pillow decodes anything
# Pillow's format name → (content type, file suffix): the three formats every browser shows.
PLAN_FORMATS = {'PNG': ('image/png', '.png'), 'JPEG': ('image/jpeg', '.jpg'), 'WEBP': ('image/webp', '.webp')}


def upload_floor_plan(
    *, session: Session, principal: Principal, site_id: int, building: str, floor: str, file_name: str, content: bytes
) -> FloorPlanRead:
    """Store the plan image of one floor; a second upload for the same floor replaces the image, keeping the id."""
    require(principal, Permission.ASSETS_WRITE)
    site = load_scoped(session, Site, site_id, principal)
    building, floor = _location_names(building, floor)
    image_format, width, height = inspect_image(content)
    content_type, suffix = PLAN_FORMATS[image_format]
    stored_name = _write_file(session, content, suffix)
    plan = session.scalar(
        select(FloorPlan).where(
            FloorPlan.organization_id == principal.organization_id,
            FloorPlan.site_id == site.id,
            FloorPlan.building == building,
            FloorPlan.floor == floor,
        )
    )
    if plan is None:
        plan = FloorPlan(
            organization_id=principal.organization_id,
            site_id=site.id,
            building=building,
            floor=floor,
            stored_name=stored_name,
            content_type=content_type,
            width=width,
            height=height,
        )
        session.add(plan)
        session.flush()
        action, summary = AuditAction.CREATE, f'uploaded the floor plan of {site.name} · {building} · {floor}'
        changes = audit.created({'file_name': file_name, 'width': width, 'height': height})
    else:
        old_name, old_size = plan.stored_name, (plan.width, plan.height)
        _rescale_placements(session, plan, width, height)
        plan.stored_name, plan.content_type, plan.width, plan.height = stored_name, content_type, width, height
        session.flush()
        _on_outcome(session, committed=lambda: plans_dir().joinpath(old_name).unlink(missing_ok=True))
        action, summary = AuditAction.UPDATE, f'replaced the floor plan of {site.name} · {building} · {floor}'
        changes = {'file_name': [None, file_name], 'size': [list(old_size), [width, height]]}
    audit.record(session, principal, action, 'floor_plan', plan.id, changes=changes, summary=summary)
    return FloorPlanRead.model_validate(plan)


def list_floor_plans(*, session: Session, principal: Principal, site_id: int | None = None) -> list[FloorPlanRead]:
    """Floor plans of the organisation (optionally of one site), by site, building and floor."""
    require(principal, Permission.ASSETS_READ)
    query = select(FloorPlan).where(FloorPlan.organization_id == principal.organization_id)
    if site_id is not None:
        query = query.where(FloorPlan.site_id == site_id)
    rows = session.scalars(query.order_by(FloorPlan.site_id, FloorPlan.building, FloorPlan.floor))
    return [FloorPlanRead.model_validate(row) for row in rows]


def get_floor_plan(*, session: Session, principal: Principal, floor_plan_id: int) -> FloorPlanRead:
    """One floor plan of the organisation."""
    require(principal, Permission.ASSETS_READ)
    return FloorPlanRead.model_validate(load_scoped(session, FloorPlan, floor_plan_id, principal))


def floor_plan_file(*, session: Session, principal: Principal, floor_plan_id: int) -> tuple[FloorPlanRead, Path, str]:
    """The plan, the path of its image on disk and the image's content type."""
    require(principal, Permission.ASSETS_READ)
    plan = load_scoped(session, FloorPlan, floor_plan_id, principal)
    path = plans_dir() / plan.stored_name
    if not path.is_file():
        raise NotFound(f'the image of floor plan {floor_plan_id} is missing; upload the plan again')
    return FloorPlanRead.model_validate(plan), path, plan.content_type


def place_asset_on_plan(
    *, session: Session, principal: Principal, asset_id: int, floor_plan_id: int, x: float, y: float
) -> AssetRead:
    """Put an asset at pixel (x, y) of a plan; its site, building and floor become the plan's (history is written)."""
    require(principal, Permission.ASSETS_WRITE)
    plan = load_scoped(session, FloorPlan, floor_plan_id, principal)
    asset = load_scoped(session, Asset, asset_id, principal)
    errors = []
    for name, value, limit in (('plan_x', x, plan.width), ('plan_y', y, plan.height)):
        if not (isinstance(value, int | float) and math.isfinite(value) and 0 <= value <= limit):
            errors.append(
                FieldError(
                    name,
                    f'must be between 0 and {limit} pixels (the plan is '
                    f'{plan.width}×{plan.height}); drop the asset inside the plan',
                )
            )
    if errors:
        raise ValidationFailed(errors)
    change = LocationChange(
        site_id=plan.site_id,
        building=plan.building,
        floor=plan.floor,
        room=asset.room,
        department=asset.department,
        latitude=asset.latitude,
        longitude=asset.longitude,
        floor_plan_id=plan.id,
        plan_x=round(float(x), 1),
        plan_y=round(float(y), 1),
        note=f'placed on the floor plan {plan.building} · {plan.floor}',
    )
    return service.move_asset(session=session, principal=principal, asset_id=asset.id, data=change)


def inspect_image(content: bytes) -> tuple[str, int, int]:
    """(Pillow format, width, height) of a PNG, JPEG or WEBP image; anything else is refused naming 'file'."""
    if not content:
        raise ValidationFailed.field('file', 'the file is empty; choose a PNG, JPEG or WEBP image of the plan')
    if len(content) > MAX_PLAN_BYTES:
        raise ValidationFailed.field('file', f'the file is {len(content) / 1e6:.1f} MB; plans may be at most 15 MB')
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('error', Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                image_format, (width, height) = image.format, image.size
                if image_format in PLAN_FORMATS and max(width, height) <= MAX_PLAN_SIDE:
                    image.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise ValidationFailed.field('file', 'not a readable image; upload a PNG, JPEG or WEBP file') from None
    if image_format not in PLAN_FORMATS:
        raise ValidationFailed.field('file', f'{image_format} images are not supported; upload a PNG, JPEG or WEBP')
    if max(width, height) > MAX_PLAN_SIDE or min(width, height) < 1:
        raise ValidationFailed.field('file', f'the image is {width}×{height} px; at most {MAX_PLAN_SIDE} px a side')
    return image_format, width, height


def plans_dir() -> Path:
    return get_settings().uploads_dir / 'floor_plans'


def _location_names(building: str, floor: str) -> tuple[str, str]:
    building, floor = (building or '').strip(), (floor or '').strip()
    errors = []
    if not building or len(building) > 120:
        errors.append(FieldError('building', 'give the building name (1–120 characters)'))
    if not floor or len(floor) > 60:
        errors.append(FieldError('floor', 'give the floor (1–60 characters), e.g. "Ground" or "Level 1"'))
    if errors:
        raise ValidationFailed(errors)
    return building, floor


def _write_file(session: Session, content: bytes, suffix: str) -> str:
    """Write the image under a random name; the file goes away again if the transaction rolls back."""
    directory = plans_dir()
    directory.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16) + suffix
    path = directory / stored_name
    path.write_bytes(content)
    _on_outcome(session, rolled_back=lambda: path.unlink(missing_ok=True))
    return stored_name


def _on_outcome(
    session: Session, *, committed: Callable[[], None] | None = None, rolled_back: Callable[[], None] | None = None
) -> None:
    """Run one callback when the session's outer transaction commits or rolls back (savepoints do not count)."""
    settled = False

    def settle(session: Session, action: Callable[[], None] | None) -> None:
        nonlocal settled
        if settled or session.in_nested_transaction():
            return
        settled = True
        if action is not None:
            action()

    event.listen(session, 'after_commit', lambda s: settle(s, committed))
    event.listen(session, 'after_rollback', lambda s: settle(s, rolled_back))


def _rescale_placements(session: Session, plan: FloorPlan, width: int, height: int) -> None:
    # A redrawn plan at another resolution keeps the assets where they were on the drawing.
    if (plan.width, plan.height) == (width, height):
        return
    session.execute(
        update(Asset)
        .where(Asset.floor_plan_id == plan.id, Asset.plan_x.is_not(None))
        .values(plan_x=Asset.plan_x * (width / plan.width), plan_y=Asset.plan_y * (height / plan.height))
        .execution_options(synchronize_session=False)
    )
