"""The audit log: who changed what, when, with the before/after of each changed field. Append-only."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session

from app.core import audit_subjects
from app.core.enums import AuditAction, PrincipalKind
from app.core.models import AuditEntry
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.schemas import AuditEntryRead, AuditFilter, AuditSubjectRead, Page
from app.core.search_text import contains_text

REDACTED = '***'
_INSERT_ENTRY = insert(AuditEntry.__table__).inline()  # no RETURNING of the new id: nobody reads it


class AuditLogIsAppendOnly(RuntimeError):
    pass


@event.listens_for(AuditEntry, 'before_update')
@event.listens_for(AuditEntry, 'before_delete')
def _refuse_audit_rewrite(*_args: Any) -> None:
    raise AuditLogIsAppendOnly('audit entries cannot be changed or deleted')


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any], secret_fields: frozenset[str] = frozenset()) -> dict:
    """``{field: [before, after]}`` for every field whose value changed; secret values are redacted."""
    changes = {}
    for name in after:
        old, new = before.get(name), after[name]
        if old != new:
            changes[name] = [REDACTED, REDACTED] if name in secret_fields else [_jsonable(old), _jsonable(new)]
    return changes


def created(after: dict[str, Any]) -> dict:
    return {name: [None, _jsonable(value)] for name, value in after.items() if value is not None}


def record(
    session: Session,
    principal: Principal | None,
    action: AuditAction,
    entity_type: str,
    entity_id: Any,
    *,
    changes: dict | None = None,
    summary: str = '',
    organization_id: int | None = None,
    client_address: str | None = None,
) -> None:
    """Write an audit entry in the caller's transaction, so it lands exactly when the change does.

    A plain INSERT on the session's connection rather than an ORM object left for the commit's flush: that flush (a
    unit of work for one row) cost a tenth of a work-order creation's server time.
    """
    session.connection().execute(
        _INSERT_ENTRY,
        {
            'organization_id': principal.organization_id if principal else organization_id,
            'actor_kind': principal.kind.value if principal else PrincipalKind.SYSTEM.value,
            'actor_id': principal.id if principal else None,
            'actor_label': principal.label if principal else 'anonymous',
            'action': action,
            'entity_type': entity_type,
            'entity_id': None if entity_id is None else str(entity_id),
            'summary': summary[:500],
            'changes': changes or {},
            'client_address': client_address or (principal.client_address if principal else None),
        },
    )


def list_audit_entries(*, session: Session, principal: Principal, filters: AuditFilter) -> Page[AuditEntryRead]:
    """Audit entries of the principal's organisation, newest first."""
    require(principal, Permission.AUDIT_READ)
    query = select(AuditEntry).where(AuditEntry.organization_id == principal.organization_id)
    if filters.actor:
        query = query.where(contains_text(filters.actor, AuditEntry.actor_label, field='actor'))
    if filters.entity_type:
        query = query.where(AuditEntry.entity_type == filters.entity_type)
    if filters.entity_id:
        query = query.where(AuditEntry.entity_id == filters.entity_id)
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.since:
        query = query.where(AuditEntry.at >= filters.since)
    if filters.until:
        query = query.where(AuditEntry.at < filters.until)
    if filters.q:
        query = query.where(contains_text(filters.q, AuditEntry.summary, AuditEntry.actor_label))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(filters.limit).offset(filters.offset)
    )
    items = _described(session, principal.organization_id, [AuditEntryRead.model_validate(row) for row in rows])
    return Page(items=items, total=total, limit=filters.limit, offset=filters.offset)


def list_audit_subjects(*, session: Session, principal: Principal) -> list[AuditSubjectRead]:
    """Every entity type the organisation's audit log holds, by its name in the UI (for the "What" filter)."""
    require(principal, Permission.AUDIT_READ)
    types = session.scalars(
        select(AuditEntry.entity_type).where(AuditEntry.organization_id == principal.organization_id).distinct()
    )
    subjects = [audit_subjects.subject(entity_type) for entity_type in types]
    return sorted(
        (AuditSubjectRead(entity_type=s.entity_type, label=s.label) for s in subjects), key=lambda s: s.label.lower()
    )


def _described(session: Session, organization_id: int, entries: list[AuditEntryRead]) -> list[AuditEntryRead]:
    """The entries with their subject's name, their entity's reference and which fields hold enum codes."""
    found = audit_subjects.references(session, organization_id, ((e.entity_type, e.entity_id) for e in entries))
    described = []
    for entry in entries:
        subject = audit_subjects.subject(entry.entity_type)
        reference = found.get((entry.entity_type, entry.entity_id))
        if reference is None and entry.entity_id:
            reference = f'#{entry.entity_id}'  # the row is gone (or never had a reference): its id is all there is
        described.append(
            entry.model_copy(
                update={
                    'entity_label': subject.label,
                    'reference': reference,
                    'enum_fields': sorted(subject.enum_fields & entry.changes.keys()),
                }
            )
        )
    return described


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)  # exact, as typed: '2.50' hours, not a binary float
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if hasattr(value, 'value'):  # enums
        return value.value
    return value
