"""Asset attachments (photos, manuals, documents): type decided by the content's magic bytes, files on disk.

The file handling (sniffing, size cap, safe names, atomic writes, files that follow the transaction) is
``app.core.files``; this module adds the asset's rows, history events and audit entries.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.assets.enums import AssetEventKind
from app.assets.models import Asset, Attachment
from app.assets.schemas import AttachmentRead
from app.assets.views import add_event
from app.core import audit, files
from app.core.db import utcnow
from app.core.enums import AuditAction
from app.core.errors import NotFound, ValidationFailed
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.scoping import load_scoped

MAX_BYTES = files.MAX_BYTES
KINDS = ('photo', 'manual', 'document')
TEXT_TYPES = files.TEXT_TYPES
_TYPES = (files.PDF, *files.IMAGE_TYPES)
_ALLOWED = 'PDF, PNG, JPEG, WEBP, GIF, or UTF-8 text named .txt, .csv or .md'
_AREA = 'assets'


def add_attachment(
    *, session: Session, principal: Principal, asset_id: int, file_name: str, content: bytes, kind: str | None = None
) -> AttachmentRead:
    """Attach a photo, manual or document (at most 20 MB; the type is read from the content, not the name)."""
    require(principal, Permission.ASSETS_ASSESS)
    asset = load_scoped(session, Asset, asset_id, principal)
    if kind is not None and kind not in KINDS:
        raise ValidationFailed.field('kind', f'must be one of {", ".join(KINDS)}')
    upload = files.inspect_upload(file_name, content, types=_TYPES, text_types=TEXT_TYPES, allowed=_ALLOWED)
    name = upload.file_name
    stored_name = files.new_stored_name(upload.extension)
    with files.stored_with_transaction(session, _directory(), stored_name, content):
        attachment = Attachment(
            organization_id=principal.organization_id,
            asset_id=asset.id,
            file_name=name,
            stored_name=stored_name,
            content_type=upload.content_type,
            size_bytes=upload.size_bytes,
            kind=kind or upload.kind,
            uploaded_by=principal.label,
            uploaded_at=utcnow(),
        )
        session.add(attachment)
        session.flush()
        add_event(
            session,
            principal,
            asset,
            AssetEventKind.ATTACHMENT,
            at=attachment.uploaded_at,
            field=attachment.kind,
            to_value=name,
        )
        audit.record(
            session,
            principal,
            AuditAction.CREATE,
            'asset_attachment',
            attachment.id,
            changes=audit.created(
                {
                    'asset_id': asset.id,
                    'file_name': name,
                    'content_type': upload.content_type,
                    'size_bytes': upload.size_bytes,
                }
            ),
            summary=f'attached {name} to asset {asset.code}',
        )
    return AttachmentRead.model_validate(attachment)


def list_attachments(*, session: Session, principal: Principal, asset_id: int) -> list[AttachmentRead]:
    """The attachments of an asset, newest first."""
    require(principal, Permission.ASSETS_READ)
    load_scoped(session, Asset, asset_id, principal)
    rows = session.scalars(
        select(Attachment)
        .where(Attachment.asset_id == asset_id)
        .order_by(Attachment.uploaded_at.desc(), Attachment.id.desc())
    )
    return [AttachmentRead.model_validate(row) for row in rows]


def attachment_file(
    *, session: Session, principal: Principal, asset_id: int, attachment_id: int
) -> tuple[AttachmentRead, Path]:
    """An attachment and the path of its file, to send as a download."""
    require(principal, Permission.ASSETS_READ)
    attachment = _attachment_of(session, principal, asset_id, attachment_id)
    path = _directory() / attachment.stored_name
    if not path.is_file():
        raise NotFound(f'the file of attachment {attachment_id} is missing')
    return AttachmentRead.model_validate(attachment), path


def delete_attachment(*, session: Session, principal: Principal, asset_id: int, attachment_id: int) -> None:
    """Remove an attachment; its file is deleted once the removal commits."""
    require(principal, Permission.ASSETS_WRITE)
    attachment = _attachment_of(session, principal, asset_id, attachment_id)
    asset = session.get(Asset, attachment.asset_id)
    path = _directory() / attachment.stored_name
    session.delete(attachment)
    session.flush()
    add_event(
        session,
        principal,
        asset,
        AssetEventKind.ATTACHMENT,
        at=utcnow(),
        field=attachment.kind,
        from_value=attachment.file_name,
    )
    audit.record(
        session,
        principal,
        AuditAction.DELETE,
        'asset_attachment',
        attachment.id,
        changes={'file_name': [attachment.file_name, None]},
        summary=f'removed {attachment.file_name} from asset {asset.code}',
    )
    files.remove_after_commit(session, path)


def _attachment_of(session: Session, principal: Principal, asset_id: int, attachment_id: int) -> Attachment:
    asset = load_scoped(session, Asset, asset_id, principal)
    attachment = session.get(Attachment, attachment_id)
    if attachment is None or attachment.asset_id != asset.id or attachment.organization_id != asset.organization_id:
        raise NotFound(f'attachment {attachment_id} not found on asset {asset.code}')
    return attachment


def _directory() -> Path:
    return files.upload_directory(_AREA)
