"""API keys for machines: created once-visible, stored as a keyed hash, scoped to a role, revocable, may expire.

A key belongs to the organisation, not to the admin who created it: it keeps working when that person is
deactivated or leaves (``created_by_id`` only records who made it), because an integration should not stop the day
its author's account ends. Admins revoke keys they no longer trust; an expiry date bounds a key's life up front.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import audit
from app.core.db import utcnow
from app.core.enums import AuditAction
from app.core.errors import Conflict, ValidationFailed
from app.core.models import ApiKey
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyRead, Page, PageParams
from app.core.scoping import load_scoped
from app.core.security import new_api_key


def list_api_keys(*, session: Session, principal: Principal, page: PageParams | None = None) -> Page[ApiKeyRead]:
    """API keys of the organisation, newest first (secrets are never returned)."""
    require(principal, Permission.API_KEYS_MANAGE)
    page = page or PageParams(limit=500)
    query = select(ApiKey).where(ApiKey.organization_id == principal.organization_id)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(ApiKey.created_at.desc(), ApiKey.id.desc()).limit(page.limit).offset(page.offset)
    )
    return Page(items=[ApiKeyRead.model_validate(r) for r in rows], total=total, limit=page.limit, offset=page.offset)


def create_api_key(*, session: Session, principal: Principal, data: ApiKeyCreate) -> ApiKeyCreated:
    """A new key; the full key is in the answer this once and never again."""
    require(principal, Permission.API_KEYS_MANAGE)
    if data.expires_at is not None and data.expires_at <= utcnow():
        raise ValidationFailed.field('expires_at', 'must be in the future')
    full_key, prefix, secret_hash = new_api_key()
    api_key = ApiKey(
        organization_id=principal.organization_id,
        name=data.name,
        role=data.role,
        prefix=prefix,
        secret_hash=secret_hash,
        created_by_id=principal.user_id,
        expires_at=data.expires_at,
    )
    session.add(api_key)
    session.flush()
    audit.record(
        session,
        principal,
        AuditAction.CREATE,
        'api_key',
        api_key.id,
        changes=audit.created(
            {
                'name': data.name,
                'role': data.role,
                'prefix': prefix,
                'expires_at': data.expires_at.isoformat() if data.expires_at else None,
            }
        ),
        summary=f'created API key {data.name} ({prefix})',
    )
    return ApiKeyCreated(**ApiKeyRead.model_validate(api_key).model_dump(), key=full_key)


def revoke_api_key(*, session: Session, principal: Principal, api_key_id: int) -> ApiKeyRead:
    """Revoke a key at once; requests carrying it get 401 from then on."""
    require(principal, Permission.API_KEYS_MANAGE)
    # Locked, so that of several revocations at once one wins and the others see it revoked (one audit entry).
    api_key = load_scoped(session, ApiKey, api_key_id, principal, lock=True)
    if api_key.revoked_at is not None:
        raise Conflict('this API key is already revoked')
    api_key.revoked_at = utcnow()
    session.flush()
    audit.record(
        session,
        principal,
        AuditAction.UPDATE,
        'api_key',
        api_key.id,
        changes={'revoked_at': [None, api_key.revoked_at.isoformat()]},
        summary=f'revoked API key {api_key.name} ({api_key.prefix})',
    )
    return ApiKeyRead.model_validate(api_key)
