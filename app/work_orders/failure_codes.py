"""The failure-code catalogue: problem, cause and remedy codes per asset type, and the rule completion follows.

Completing corrective or emergency work, or work with a failed step, records what failed, why and what was done,
picked from the catalogue of the asset's type. A kind the catalogue has no active entry for cannot be asked for,
so an organisation without a catalogue completes as before. Entries are deactivated, never deleted: completed work
orders keep the code they were closed with, and reports still find its label.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.assets.enums import AssetType
from app.assets.models import Asset
from app.core import audit
from app.core.enums import AuditAction
from app.core.errors import Conflict, FieldError, ValidationFailed
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.scoping import load_scoped
from app.work_orders.enums import REPAIR_WORK, FailureCodeKind, StepState
from app.work_orders.models import FailureCode, WorkOrder, WorkOrderStep
from app.work_orders.schemas import FailureCodeCreate, FailureCodeRead, FailureCodesAsked, FailureCodeUpdate

Catalogue = dict[FailureCodeKind, dict[str, str]]  # kind → code → label (active entries)
CODE_FIELDS: dict[FailureCodeKind, str] = {
    FailureCodeKind.PROBLEM: 'failure_problem',
    FailureCodeKind.CAUSE: 'failure_cause',
    FailureCodeKind.REMEDY: 'failure_remedy',
}
MISSING: dict[FailureCodeKind, str] = {
    FailureCodeKind.PROBLEM: 'Choose what failed',
    FailureCodeKind.CAUSE: 'Choose why it failed',
    FailureCodeKind.REMEDY: 'Choose what was done',
}


def list_failure_codes(
    *,
    session: Session,
    principal: Principal,
    asset_type: AssetType | None = None,
    kind: FailureCodeKind | None = None,
    include_inactive: bool = False,
) -> list[FailureCodeRead]:
    """The catalogue by asset type, kind and code; active entries unless ``include_inactive``."""
    require(principal, Permission.WORK_ORDERS_READ)
    query = select(FailureCode).where(FailureCode.organization_id == principal.organization_id)
    if asset_type is not None:
        query = query.where(FailureCode.asset_type == asset_type)
    if kind is not None:
        query = query.where(FailureCode.kind == kind)
    if not include_inactive:
        query = query.where(FailureCode.active.is_(True))
    rows = session.scalars(query.order_by(FailureCode.asset_type, FailureCode.kind, FailureCode.code))
    return [FailureCodeRead.model_validate(row) for row in rows]


def create_failure_code(*, session: Session, principal: Principal, data: FailureCodeCreate) -> FailureCodeRead:
    """Add a code to an asset type's catalogue (admin, supervisor); the code must be new for its type and kind."""
    require(principal, Permission.WORK_ORDERS_MANAGE)
    entry = FailureCode(organization_id=principal.organization_id, **data.model_dump())
    session.add(entry)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise Conflict(
            f'code {data.code} is already a {data.kind.value} code for {data.asset_type.value}; pick another code'
        ) from None
    audit.record(
        session,
        principal,
        AuditAction.CREATE,
        'failure_code',
        entry.id,
        changes=audit.created(_snapshot(entry)),
        summary=f'added failure code {entry.code} ({entry.asset_type.value} {entry.kind.value})',
    )
    return FailureCodeRead.model_validate(entry)


def update_failure_code(
    *, session: Session, principal: Principal, code_id: int, data: FailureCodeUpdate
) -> FailureCodeRead:
    """Rename an entry or (de)activate it (admin, supervisor); the code itself stays, as work orders store it."""
    require(principal, Permission.WORK_ORDERS_MANAGE)
    entry = load_scoped(session, FailureCode, code_id, principal, missing=f'failure code {code_id} not found')
    before = _snapshot(entry)
    for name, value in data.model_dump(exclude_unset=True).items():
        if value is None:
            raise ValidationFailed.field(name, 'cannot be empty; leave the field out to keep it')
        setattr(entry, name, value)
    session.flush()
    changes = audit.diff(before, _snapshot(entry))
    if changes:
        audit.record(
            session,
            principal,
            AuditAction.UPDATE,
            'failure_code',
            entry.id,
            changes=changes,
            summary=f'changed failure code {entry.code} ({entry.asset_type.value} {entry.kind.value})',
        )
    return FailureCodeRead.model_validate(entry)


def deactivate_failure_code(*, session: Session, principal: Principal, code_id: int) -> FailureCodeRead:
    """Stop offering an entry; work orders closed with it keep it."""
    return update_failure_code(
        session=session, principal=principal, code_id=code_id, data=FailureCodeUpdate(active=False)
    )


def asked_at_completion(*, session: Session, principal: Principal, work_order_id: int) -> FailureCodesAsked:
    """What completing this work order asks (the lists of its asset's type; required or not) and the labels of the
    codes it already has (deactivated entries too, so an old code still reads as words)."""
    require(principal, Permission.WORK_ORDERS_READ)
    work_order = load_scoped(
        session, WorkOrder, work_order_id, principal, missing=f'work order {work_order_id} not found'
    )
    asset_type = asset_type_of(session, work_order)
    offered = catalogue_for(session, work_order.organization_id, asset_type)
    recorded = {field: getattr(work_order, field) for field in CODE_FIELDS.values() if getattr(work_order, field)}
    labels = {}
    if recorded and asset_type is not None:
        rows = session.execute(
            select(FailureCode.kind, FailureCode.code, FailureCode.label).where(
                FailureCode.organization_id == work_order.organization_id,
                FailureCode.asset_type == asset_type,
                FailureCode.code.in_(set(recorded.values())),
            )
        )
        by_kind = {(kind, code): label for kind, code, label in rows}
        labels = {
            field: by_kind[(kind, recorded[field])]
            for kind, field in CODE_FIELDS.items()
            if (kind, recorded.get(field)) in by_kind
        }
    return FailureCodesAsked(
        required=codes_required(session, work_order) and any(offered.values()),
        offered={kind.value: codes for kind, codes in offered.items()},
        labels=labels,
    )


def catalogue_for(session: Session, organization_id: int, asset_type: AssetType | None) -> Catalogue:
    """The active entries offered for an asset type, by kind (empty without a type: there is nothing to pick)."""
    found: Catalogue = {kind: {} for kind in FailureCodeKind}
    if asset_type is None:
        return found
    rows = session.execute(
        select(FailureCode.kind, FailureCode.code, FailureCode.label)
        .where(
            FailureCode.organization_id == organization_id,
            FailureCode.asset_type == asset_type,
            FailureCode.active.is_(True),
        )
        .order_by(FailureCode.label)
    )
    for kind, code, label in rows:
        found[kind][code] = label
    return found


def codes_required(session: Session, work_order: WorkOrder) -> bool:
    """Whether completing must record the failure: repair work, or a checklist step that failed."""
    if work_order.work_type in REPAIR_WORK:
        return True
    failed = exists().where(WorkOrderStep.work_order_id == work_order.id, WorkOrderStep.state == StepState.FAILED)
    return bool(session.scalar(select(failed)))


def asset_type_of(session: Session, work_order: WorkOrder) -> AssetType | None:
    if work_order.asset_id is None:
        return None
    return session.scalar(select(Asset.asset_type).where(Asset.id == work_order.asset_id))


def check_codes(session: Session, work_order: WorkOrder, sent: dict[str, Any], *, completing: bool) -> None:
    """Refuse codes that are not in the catalogue of the asset's type, and (completing) missing required ones.

    ``sent`` holds the failure fields of the request; those not sent keep the work order's. Every problem at once,
    each at its field.
    """
    catalogue = catalogue_for(session, work_order.organization_id, asset_type_of(session, work_order))
    required = completing and codes_required(session, work_order)
    errors = []
    for kind, field in CODE_FIELDS.items():
        offered = catalogue[kind]
        if not offered:
            continue  # nothing to pick from: free text, as before the organisation had a catalogue
        value = sent[field] if sent.get(field) is not None else getattr(work_order, field)
        if value and value not in offered and field in sent:
            errors.append(FieldError(field, 'Choose one of the codes in the list'))
        elif required and (not value or value not in offered):
            errors.append(FieldError(field, MISSING[kind]))
    if errors:
        raise ValidationFailed(errors)


def _snapshot(entry: FailureCode) -> dict[str, Any]:
    return {
        'asset_type': entry.asset_type.value,
        'kind': entry.kind.value,
        'code': entry.code,
        'label': entry.label,
        'active': entry.active,
    }
