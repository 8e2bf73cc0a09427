"""Work-order templates: reusable recipes (title, type, priority, estimate, checklist steps, planned parts).

Creating a work order from a template is the work-order service's job (it calls ``template_for_use``); the
scheduling issue generates preventive work orders from them. Templates are deactivated, never deleted, so the
work orders made from one keep pointing at it. Steps and parts are stored as JSON lists; part quantities as
decimal strings (``"2.5"``), exact on both databases.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import audit
from app.core.enums import AuditAction
from app.core.errors import Conflict, FieldError, ValidationFailed
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.schemas import Page, PageParams
from app.core.scoping import find_scoped, load_scoped
from app.core.search_text import contains_text
from app.inventory.stock import org_parts
from app.work_orders.models import WorkOrderTemplate
from app.work_orders.schemas import PartLine, StepDefinition
from app.work_orders.template_schemas import TemplateCreate, TemplateRead, TemplateUpdate

TEMPLATE_FIELDS = ['name', 'title', 'description', 'work_type', 'priority', 'estimated_hours', 'steps', 'parts']


def create_template(*, session: Session, principal: Principal, data: TemplateCreate) -> TemplateRead:
    """Add a template; its name must be free in the organisation (409) and its parts the organisation's."""
    require(principal, Permission.TEMPLATES_MANAGE)
    _check_parts(session, principal, data.parts)
    _ensure_name_free(session, principal, data.name)
    values = data.model_dump(exclude={'steps', 'parts'})
    template = WorkOrderTemplate(
        organization_id=principal.organization_id,
        **values,
        steps=_json_steps(data.steps),
        parts=_json_parts(data.parts),
    )
    session.add(template)
    _flush_or_conflict(session, data.name)
    session.refresh(template)  # decimals as stored, as a later GET shows them
    audit.record(
        session,
        principal,
        AuditAction.CREATE,
        'work_order_template',
        template.id,
        changes=audit.created(_snapshot(template)),
        summary=f'created work-order template {template.name}',
    )
    return TemplateRead.model_validate(template)


def list_templates(
    *,
    session: Session,
    principal: Principal,
    include_inactive: bool = False,
    q: str | None = None,
    page: PageParams | None = None,
) -> Page[TemplateRead]:
    """Templates by name (active ones unless ``include_inactive``); ``q`` searches name and title."""
    require(principal, Permission.WORK_ORDERS_READ)
    page = page or PageParams(limit=500)
    query = select(WorkOrderTemplate).where(WorkOrderTemplate.organization_id == principal.organization_id)
    if not include_inactive:
        query = query.where(WorkOrderTemplate.active.is_(True))
    if q and q.strip():
        query = query.where(contains_text(q, WorkOrderTemplate.name, WorkOrderTemplate.title))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(WorkOrderTemplate.name, WorkOrderTemplate.id).limit(page.limit).offset(page.offset)
    )
    items = [TemplateRead.model_validate(row) for row in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


def get_template(*, session: Session, principal: Principal, template_id: int) -> TemplateRead:
    """One template (also an inactive one)."""
    require(principal, Permission.WORK_ORDERS_READ)
    return TemplateRead.model_validate(load_scoped(session, WorkOrderTemplate, template_id, principal))


def template_for_use(*, session: Session, principal: Principal, template_id: int) -> TemplateRead:
    """The active template a new work order is made from; an unknown or inactive one names ``template_id`` (422)."""
    require(principal, Permission.WORK_ORDERS_READ)
    template = find_scoped(session, WorkOrderTemplate, template_id, principal)
    if template is None:
        raise ValidationFailed.field('template_id', f'template {template_id} not found')
    if not template.active:
        raise ValidationFailed.field('template_id', f'template {template.name!r} is deactivated')
    return TemplateRead.model_validate(template)


def update_template(*, session: Session, principal: Principal, template_id: int, data: TemplateUpdate) -> TemplateRead:
    """Change the fields sent; ``steps`` and ``parts`` replace the whole list; ``active`` reactivates one."""
    require(principal, Permission.TEMPLATES_MANAGE)
    template = load_scoped(session, WorkOrderTemplate, template_id, principal)
    values: dict[str, Any] = data.model_dump(exclude_unset=True, exclude={'steps', 'parts'})
    if data.steps is not None:
        values['steps'] = _json_steps(data.steps)
    if data.parts is not None:
        _check_parts(session, principal, data.parts)
        values['parts'] = _json_parts(data.parts)
    values = {name: value for name, value in values.items() if getattr(template, name) != value}
    if not values:
        return TemplateRead.model_validate(template)
    if 'name' in values:
        _ensure_name_free(session, principal, values['name'])
    before = _snapshot(template) | {'active': template.active}
    for name, value in values.items():
        setattr(template, name, value)
    _flush_or_conflict(session, template.name)
    session.refresh(template)
    audit.record(
        session,
        principal,
        AuditAction.UPDATE,
        'work_order_template',
        template.id,
        changes=audit.diff(before, _snapshot(template) | {'active': template.active}),
        summary=f'updated work-order template {template.name}',
    )
    return TemplateRead.model_validate(template)


def deactivate_template(*, session: Session, principal: Principal, template_id: int) -> TemplateRead:
    """Hide a template from new work orders and schedules (it stays for the work orders made from it)."""
    return update_template(
        session=session, principal=principal, template_id=template_id, data=TemplateUpdate(active=False)
    )


def _check_parts(session: Session, principal: Principal, lines: list[PartLine]) -> None:
    known = org_parts(session, principal, [line.part_id for line in lines])
    errors, seen = [], set()
    for index, line in enumerate(lines):
        if line.part_id not in known:
            errors.append(FieldError(f'parts.{index}.part_id', f'part {line.part_id} not found'))
        elif line.part_id in seen:
            errors.append(FieldError(f'parts.{index}.part_id', 'this part is listed twice; give one total quantity'))
        seen.add(line.part_id)
    if errors:
        raise ValidationFailed(errors)


def _json_steps(steps: list[StepDefinition]) -> list[dict[str, Any]]:
    return [step.model_dump(mode='json') for step in steps]


def _json_parts(lines: list[PartLine]) -> list[dict[str, Any]]:
    return [{'part_id': line.part_id, 'quantity': f'{line.quantity.normalize():f}'} for line in lines]


def _snapshot(template: WorkOrderTemplate) -> dict[str, Any]:
    values = audit.snapshot(template, TEMPLATE_FIELDS)
    hours = values['estimated_hours']
    return values | {'estimated_hours': None if hours is None else str(hours)}


def _ensure_name_free(session: Session, principal: Principal, name: str) -> None:
    taken = session.scalar(
        select(WorkOrderTemplate.active).where(
            WorkOrderTemplate.organization_id == principal.organization_id, WorkOrderTemplate.name == name
        )
    )
    if taken is not None:
        hint = '' if taken else ' (a deactivated one: reactivate it, or choose another name)'
        raise Conflict(f'a template named {name!r} already exists{hint}')


def _flush_or_conflict(session: Session, name: str) -> None:
    # The pre-check gives the friendly error; the unique constraint still decides under concurrency.
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise Conflict(f'a template named {name!r} already exists') from None
