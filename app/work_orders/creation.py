"""Making a work order: who may set what, checking references, applying a template, estimating the cost, numbering.

Rights: WORK_ORDERS_REQUEST raises a *request* — title, description, asset (or site), work type, priority, failure
codes and a template (a planner's approved recipe: its checklist and estimate come along). Planning needs
WORK_ORDERS_MANAGE: status ``scheduled``, an assignee or team, a due time, estimated hours or cost, ad-hoc checklist
steps, a PM schedule link. A requester sending any of those gets 403 naming them, never a silent drop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Select, and_, bindparam, insert, literal, select
from sqlalchemy.orm import Session

from app.assets.enums import AssetStatus
from app.assets.models import Asset
from app.core import audit, events
from app.core.db import utcnow
from app.core.enums import AuditAction
from app.core.errors import FieldError, Forbidden, ValidationFailed
from app.core.models import Site, User
from app.core.numbers import MAX_MONEY
from app.core.permissions import ROLE_PERMISSIONS, Permission, can
from app.core.principal import Principal
from app.core.scoping import find_scoped, is_row_id
from app.inventory.models import Part
from app.work_orders import events as published
from app.work_orders.enums import Priority, StepKind, StepState, WorkOrderStatus, WorkType
from app.work_orders.labour import DEFAULT_HOURLY_RATE
from app.work_orders.models import WorkOrder, WorkOrderStep, WorkOrderTemplate, WorkOrderTransition
from app.work_orders.numbering import next_number
from app.work_orders.schemas import StepDefinition, WorkOrderCreate, WorkOrderRead, format_number
from app.work_orders.views import snapshot, step_read, work_order_read

# Statements built once, values passed as parameters: the compiled form is reused from the statement cache.
_INSERT_WORK_ORDER = insert(WorkOrder.__table__).returning(WorkOrder.__table__.c.id)
_INSERT_STEPS = insert(WorkOrderStep.__table__).returning(WorkOrderStep.__table__.c.id, sort_by_parameter_order=True)
_INSERT_TRANSITION = insert(WorkOrderTransition.__table__).inline()  # no RETURNING: the id is not needed
_ROLL_UPS = {'actual_hours': Decimal('0'), 'labour_cost': Decimal('0'), 'parts_cost': Decimal('0')}
_STEP_DEFAULTS = {
    'state': StepState.PENDING,
    'value_number': None,
    'value_text': '',
    'passed': None,
    'completed_by': '',
    'completed_at': None,
    'follow_up_work_order_id': None,
}
PLANNING_FIELDS = ('assignee_id', 'team', 'due_at', 'estimated_hours', 'estimated_cost', 'steps', 'schedule_id')
_END_OF_LIFE = (AssetStatus.RETIRED, AssetStatus.DECOMMISSIONED)
_CENT = Decimal('0.01')


@dataclass
class References:
    """The checked rows a work order points at (None when not given)."""

    asset: Any = None  # id, code, name, site_id, status
    assignee: Any = None  # id, name, active, role, hourly_rate
    template: WorkOrderTemplate | None = None
    errors: list[FieldError] = field(default_factory=list)


def check_create_rights(principal: Principal, data: WorkOrderCreate) -> None:
    """403 naming the planning fields a requester sent (see the module docstring)."""
    if can(principal, Permission.WORK_ORDERS_MANAGE):
        return
    planned = [name for name in PLANNING_FIELDS if getattr(data, name) not in (None, '', [])]
    if data.status is not WorkOrderStatus.REQUESTED:
        planned.insert(0, 'status')
    if planned:
        raise Forbidden(
            f'the {principal.role.value} role may raise a work request but not plan it: '
            f'{", ".join(planned)} need a supervisor'
        )


def check_references(
    session: Session, principal: Principal, *, asset_id: int | None, assignee_id: int | None, template_id: int | None
) -> References:
    """Load the asset, assignee and template; each must be the organisation's (else a 422 naming the field)."""
    found = References()
    found.asset, found.assignee = _asset_and_assignee(session, principal, asset_id, assignee_id)
    if asset_id is not None:
        if found.asset is None:
            found.errors.append(FieldError('asset_id', f'asset {asset_id} not found'))
        elif found.asset.status in _END_OF_LIFE:
            found.errors.append(FieldError('asset_id', f'asset {found.asset.code} is {found.asset.status.value}'))
    if assignee_id is not None:
        problem = _assignee_problem(found.assignee, assignee_id)
        if problem:
            found.errors.append(FieldError('assignee_id', problem))
    if template_id is not None:
        found.template = _own(session, WorkOrderTemplate, template_id, principal)
        if found.template is None:
            found.errors.append(FieldError('template_id', f'template {template_id} not found'))
        elif not found.template.active:
            found.errors.append(FieldError('template_id', f'template {found.template.name!r} is inactive'))
    return found


def new_work_order(
    session: Session, principal: Principal, data: WorkOrderCreate, *, follow_up_of_id: int | None = None
) -> WorkOrderRead:
    """Check, number and insert a work order with its steps, first transition and audit entry (rights checked)."""
    refs = check_references(
        session, principal, asset_id=data.asset_id, assignee_id=data.assignee_id, template_id=data.template_id
    )
    site_id = _site_id(session, principal, data, refs)
    template = refs.template
    if not (data.title or template):
        refs.errors.append(FieldError('title', 'give a title (or a template_id)'))
    if refs.errors:
        raise ValidationFailed(refs.errors)
    steps = data.steps or [_step_definition(s) for s in (template.steps if template else [])]
    planned_parts = list(template.parts) if template else []
    estimated_hours = data.estimated_hours
    if estimated_hours is None and template is not None:
        estimated_hours = template.estimated_hours
    estimated_cost = data.estimated_cost
    if estimated_cost is None:
        estimated_cost = estimate_cost(session, principal, estimated_hours, planned_parts, refs.assignee)
    now = utcnow()
    values: dict[str, Any] = {
        'organization_id': principal.organization_id,
        'title': data.title or template.title,
        'description': data.description or (template.description if template else ''),
        'asset_id': data.asset_id,
        'site_id': site_id,
        'work_type': data.work_type or (template.work_type if template else WorkType.CORRECTIVE),
        'priority': data.priority or (template.priority if template else Priority.MEDIUM),
        'status': data.status,
        'due_at': data.due_at,
        'assignee_id': data.assignee_id,
        'team': data.team,
        'estimated_hours': estimated_hours,
        'estimated_cost': estimated_cost,
        **{name: getattr(data, name) for name in ('failure_problem', 'failure_cause', 'failure_remedy')},
        'template_id': data.template_id,
        'schedule_id': data.schedule_id,
        'follow_up_of_id': follow_up_of_id,
        'planned_parts': planned_parts,
        'scheduled_at': now if data.status is WorkOrderStatus.SCHEDULED else None,
        'requester_id': principal.user_id,
        'requested_by': principal.label,
        'created_at': now,
        'updated_at': now,
    }
    # Everything is checked: only now take a number, so a refused creation never uses one (numbering.py). Plain
    # inserts (not ORM flushes): creating work orders is a hot path (machines raise hundreds a second by API).
    values['number'] = next_number(session, principal.organization_id)
    connection = session.connection()  # Core statements straight on it: the ORM's execute layer is not needed here
    work_order_id = connection.execute(_INSERT_WORK_ORDER, values).scalar_one()
    # A transient object (not in the session) carries the values to the read model, audit snapshot and steps.
    work_order = WorkOrder(id=work_order_id, version=1, **values, **_ROLL_UPS)
    step_rows = [_step_row(work_order, position, step) for position, step in enumerate(steps, start=1)]
    if step_rows:
        step_ids = connection.execute(_INSERT_STEPS, step_rows).scalars().all()
        step_rows = [WorkOrderStep(id=i, **row, **_STEP_DEFAULTS) for i, row in zip(step_ids, step_rows, strict=True)]
    connection.execute(
        _INSERT_TRANSITION,
        {
            'organization_id': principal.organization_id,
            'work_order_id': work_order_id,
            'from_status': None,
            'to_status': work_order.status,
            'at': now,
            'actor_label': principal.label,
            'note': '',
        },
    )
    number = format_number(work_order.number)
    audit.record(
        session,
        principal,
        AuditAction.CREATE,
        'work_order',
        work_order.id,
        changes=audit.created(snapshot(work_order) | {'steps': len(step_rows) or None}),
        summary=f'created work order {number}' + (f' from template {template.name}' if template else ''),
    )
    events.publish_all(session, published.on_creation(work_order))
    # Built from what is in hand rather than read back: one round trip less on the hot path.
    read = work_order_read(
        work_order,
        asset_code=refs.asset.code if refs.asset else None,
        asset_name=refs.asset.name if refs.asset else None,
        assignee_name=refs.assignee.name if refs.assignee else None,
        steps_total=len(step_rows),
        now=now,
    )
    return read.model_copy(update={'steps': [step_read(s) for s in step_rows]})


def estimate_cost(
    session: Session,
    principal: Principal,
    hours: Decimal | None,
    planned_parts: list[dict[str, Any]],
    assignee: User | None,
) -> Decimal | None:
    """Planned parts × their unit cost + hours × the assignee's rate (``labour.DEFAULT_HOURLY_RATE`` without one).

    None when there is nothing to estimate from (no hours, no parts).
    """
    if hours is None and not planned_parts:
        return None
    rate = assignee.hourly_rate if assignee is not None and assignee.hourly_rate is not None else DEFAULT_HOURLY_RATE
    total = (hours or Decimal('0')) * rate
    part_ids = {int(line['part_id']) for line in planned_parts}
    if part_ids:
        costs = dict(
            session.execute(
                select(Part.id, Part.unit_cost).where(
                    Part.id.in_(part_ids), Part.organization_id == principal.organization_id
                )
            ).all()
        )
        for line in planned_parts:
            total += Decimal(str(line['quantity'])) * costs.get(int(line['part_id']), Decimal('0'))
    if total > MAX_MONEY:
        raise ValidationFailed.field('estimated_cost', f'the estimate would exceed {MAX_MONEY}; give estimated_cost')
    return total.quantize(_CENT)


def _site_id(session: Session, principal: Principal, data: WorkOrderCreate, refs: References) -> int | None:
    asset_site = refs.asset.site_id if refs.asset else None
    if data.site_id is None:
        return asset_site
    if asset_site is not None and data.site_id != asset_site:
        refs.errors.append(FieldError('site_id', f'differs from the site of asset {refs.asset.code}; leave it out'))
    elif _own(session, Site, data.site_id, principal) is None:
        refs.errors.append(FieldError('site_id', f'site {data.site_id} not found'))
    return data.site_id


def _assignee_problem(user: User | None, user_id: int) -> str | None:
    if user is None:
        return f'user {user_id} not found'
    if not user.active:
        return f'{user.name} is deactivated'
    if Permission.WORK_ORDERS_EXECUTE not in ROLE_PERMISSIONS[user.role]:
        return f'{user.name} has the {user.role.value} role and cannot carry out work'
    return None


def _asset_and_assignee(
    session: Session, principal: Principal, asset_id: int | None, assignee_id: int | None
) -> tuple[Any, Any]:
    """The organisation's asset and user rows (None when not given or not the organisation's), in one statement."""
    wanted = tuple(is_row_id(i) for i in (asset_id, assignee_id))
    if not any(wanted):
        return None, None
    values = {'organization_id': principal.organization_id, 'asset_id': asset_id, 'assignee_id': assignee_id}
    row = session.connection().execute(_LOOKUPS[wanted], values).one()._mapping
    found = []
    for (table, _, columns), is_wanted in zip(_LOOKED_UP, wanted, strict=True):
        if not is_wanted or row[f'{table.name}_id'] is None:
            found.append(None)
        else:
            found.append(SimpleNamespace(id=row[f'{table.name}_id'], **{name: row[table.c[name]] for name in columns}))
    return found[0], found[1]


# Table columns, not ORM attributes: a Core statement on the session's connection skips the ORM's compile and
# result layers (work-order creation is a hot path).
_LOOKED_UP = (
    (Asset.__table__, 'asset_id', ('code', 'name', 'site_id', 'status')),
    (User.__table__, 'assignee_id', ('name', 'active', 'role', 'hourly_rate')),
)


def _lookup_statement(wanted: tuple[bool, bool]) -> Select:
    """One row whatever exists: each wanted table outer-joined to a constant row, on its id within the organisation.

    Built once per shape with bound parameters, so a creation (a hot path) pays no statement construction.
    """
    joined, columns = select(literal(1).label('anchor')).subquery('anchor'), []
    for (table, parameter, names), is_wanted in zip(_LOOKED_UP, wanted, strict=True):
        if not is_wanted:
            continue
        on = and_(table.c.id == bindparam(parameter), table.c.organization_id == bindparam('organization_id'))
        joined = joined.outerjoin(table, on)
        columns += [table.c.id.label(f'{table.name}_id'), *(table.c[name] for name in names)]
    return select(*columns).select_from(joined)


_LOOKUPS = {wanted: _lookup_statement(wanted) for wanted in ((True, False), (False, True), (True, True))}


def _own(session: Session, model: type, object_id: int, principal: Principal) -> Any:
    """The organisation's row, or None (another organisation's row is as unknown as a missing one)."""
    return find_scoped(session, model, object_id, principal)


def _step_definition(stored: dict[str, Any]) -> StepDefinition:
    # Templates' steps were validated when the template was saved; build without re-validating old data.
    return StepDefinition.model_construct(
        title=stored.get('title', ''),
        kind=StepKind(stored.get('kind', StepKind.CHECKBOX)),
        required=stored.get('required', True),
        min_value=stored.get('min_value'),
        max_value=stored.get('max_value'),
        unit=stored.get('unit', ''),
    )


def _step_row(work_order: WorkOrder, position: int, step: StepDefinition) -> dict[str, Any]:
    return {
        'organization_id': work_order.organization_id,
        'work_order_id': work_order.id,
        'position': position,
        'title': step.title,
        'kind': step.kind,
        'required': step.required,
        'min_value': step.min_value,
        'max_value': step.max_value,
        'unit': step.unit,
    }
