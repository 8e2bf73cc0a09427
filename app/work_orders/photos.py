"""Photos on a work order (images only: PNG, JPEG, WEBP, GIF, decided by the content), files on disk.

Files follow their rows' transaction (``app.core.files``): a failed upload leaves no file behind.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit, files
from app.core.db import utcnow
from app.core.enums import AuditAction
from app.core.errors import NotFound
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.scoping import load_scoped
from app.work_orders.comments import scoped_work_order
from app.work_orders.models import WorkOrderPhoto
from app.work_orders.schemas import PhotoRead, format_number

MAX_BYTES = files.MAX_BYTES
ALLOWED = 'a PNG, JPEG, WEBP or GIF image'
_AREA = 'work_orders'


def add_photo(
    *, session: Session, principal: Principal, work_order_id: int, file_name: str, content: bytes
) -> PhotoRead:
    """Add a photo (at most 20 MB; the type is read from the content, not the name)."""
    require(principal, Permission.WORK_ORDERS_EXECUTE)
    work_order = scoped_work_order(session, principal, work_order_id)
    upload = files.inspect_upload(file_name, content, types=files.IMAGE_TYPES, allowed=ALLOWED)
    stored_name = files.new_stored_name(upload.extension)
    with files.stored_with_transaction(session, photo_directory(), stored_name, content):
        photo = WorkOrderPhoto(
            organization_id=work_order.organization_id,
            work_order_id=work_order.id,
            file_name=upload.file_name,
            stored_name=stored_name,
            content_type=upload.content_type,
            size_bytes=upload.size_bytes,
            uploaded_by=principal.label,
            uploaded_at=utcnow(),
        )
        session.add(photo)
        session.flush()
        audit.record(
            session,
            principal,
            AuditAction.CREATE,
            'work_order_photo',
            photo.id,
            changes=audit.created(
                {'work_order_id': work_order.id, 'file_name': upload.file_name, 'size_bytes': upload.size_bytes}
            ),
            summary=f'added photo {upload.file_name} to {format_number(work_order.number)}',
        )
    return PhotoRead.model_validate(photo)


def list_photos(*, session: Session, principal: Principal, work_order_id: int) -> list[PhotoRead]:
    """A work order's photos, newest first."""
    require(principal, Permission.WORK_ORDERS_READ)
    work_order = scoped_work_order(session, principal, work_order_id)
    rows = session.scalars(
        select(WorkOrderPhoto)
        .where(WorkOrderPhoto.work_order_id == work_order.id)
        .order_by(WorkOrderPhoto.uploaded_at.desc(), WorkOrderPhoto.id.desc())
    )
    return [PhotoRead.model_validate(row) for row in rows]


def photo_file(*, session: Session, principal: Principal, work_order_id: int, photo_id: int) -> tuple[PhotoRead, Path]:
    """A photo and the path of its file, to send."""
    require(principal, Permission.WORK_ORDERS_READ)
    work_order = scoped_work_order(session, principal, work_order_id)
    photo = load_scoped(
        session,
        WorkOrderPhoto,
        photo_id,
        principal,
        where=[WorkOrderPhoto.work_order_id == work_order.id],
        missing=f'photo {photo_id} not found on {format_number(work_order.number)}',
    )
    path = photo_directory() / photo.stored_name
    if not path.is_file():
        raise NotFound(f'the file of photo {photo_id} is missing')
    return PhotoRead.model_validate(photo), path


def photo_directory() -> Path:
    return files.upload_directory(_AREA)
