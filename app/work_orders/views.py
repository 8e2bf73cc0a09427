"""Read models of work orders, built from rows (no lazy loads): the extras a list shows (asset, assignee, checklist
progress) come as correlated subqueries, which the database evaluates only for the rows of the page."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from app.assets.models import Asset
from app.core.db import utcnow
from app.core.models import User
from app.inventory import stock
from app.work_orders.enums import OPEN_STATUSES, StepState
from app.work_orders.models import WorkOrder, WorkOrderStep
from app.work_orders.schemas import StepRead, WorkOrderCard, WorkOrderRead, format_number

_CENT = Decimal('0.01')
_AssetOf = aliased(Asset, name='wo_asset')
_Assignee = aliased(User, name='wo_assignee')
_Step = aliased(WorkOrderStep, name='wo_step')
# Audit and change detection run over these: every column a person can set on the plan.
PLAN_FIELDS = [
    *('title', 'description', 'asset_id', 'site_id', 'work_type', 'priority', 'due_at', 'assignee_id', 'team'),
    *('estimated_hours', 'estimated_cost'),
]
FAILURE_FIELDS = ['failure_problem', 'failure_cause', 'failure_remedy', 'failure_note']
WORK_ORDER_FIELDS = ['number', 'status', *PLAN_FIELDS, *FAILURE_FIELDS, 'template_id', 'schedule_id', 'follow_up_of_id']


@dataclass(frozen=True)
class ReadShape:
    """Which of the work order's columns a list reads, and how a row becomes its read model."""

    columns: tuple[Any, ...]
    build: Callable[..., Any]  # (row, asset_code=…, asset_name=…, assignee_name=…, steps_total=…, steps_done=…, now=…)


def with_read_columns(query: Select, shape: ReadShape | None = None) -> Select:
    """Turn a ``select(WorkOrder)`` into one of the shape's columns plus asset code and name, assignee name and
    checklist progress. Plain columns, not ORM objects: a board of 1,000 cards spent a fifth of its time making
    ORM instances it only read (a board of 1,000 cards felt that)."""
    asset = select(_AssetOf.code, _AssetOf.name).where(_AssetOf.id == WorkOrder.asset_id).correlate(WorkOrder)
    assignee = select(_Assignee.name).where(_Assignee.id == WorkOrder.assignee_id).correlate(WorkOrder)
    steps = select(func.count()).select_from(_Step).where(_Step.work_order_id == WorkOrder.id).correlate(WorkOrder)
    answered = steps.where(_Step.state != StepState.PENDING)
    return query.with_only_columns(
        *(shape or FULL).columns,
        asset.with_only_columns(_AssetOf.code).scalar_subquery().label('asset_code'),
        asset.with_only_columns(_AssetOf.name).scalar_subquery().label('asset_name'),
        assignee.scalar_subquery().label('assignee_name'),
        steps.scalar_subquery().label('steps_total'),
        answered.scalar_subquery().label('steps_done'),
        maintain_column_froms=True,
    )


def reads_from_rows(rows: Iterable[Any], now: datetime | None = None, shape: ReadShape | None = None) -> list[Any]:
    """Read models from rows of ``with_read_columns`` (the shape's columns and the extras, by name)."""
    now, build = now or utcnow(), (shape or FULL).build
    return [
        build(
            row,
            asset_code=row.asset_code,
            asset_name=row.asset_name,
            assignee_name=row.assignee_name,
            steps_total=row.steps_total or 0,
            steps_done=row.steps_done or 0,
            now=now,
        )
        for row in rows
    ]


def fetch_reads(session: Session, query: Select) -> list[WorkOrderRead]:
    """Run a ``select(WorkOrder)`` (ordered by the caller) and return list read models (no steps or parts)."""
    return reads_from_rows(session.execute(with_read_columns(query)))


def full_read(session: Session, work_order_id: int) -> WorkOrderRead | None:
    """One work order with its checklist and the parts used on it (net of returns)."""
    found = fetch_reads(session, select(WorkOrder).where(WorkOrder.id == work_order_id))
    if not found:
        return None
    steps = session.scalars(
        select(WorkOrderStep).where(WorkOrderStep.work_order_id == work_order_id).order_by(WorkOrderStep.position)
    )
    parts = stock.work_order_part_reads(session, work_order_id)
    return found[0].model_copy(update={'steps': [step_read(s) for s in steps], 'parts': parts})


def step_read(step: WorkOrderStep) -> StepRead:
    return StepRead.model_validate(step)


def is_overdue(work_order: WorkOrder | WorkOrderRead, now: datetime | None = None) -> bool:
    """Derived, never stored: the due time has passed and the work order is not closed."""
    due = work_order.due_at
    return due is not None and work_order.status in OPEN_STATUSES and due < (now or utcnow())


def work_order_read(
    work_order: WorkOrder | Any,
    *,
    asset_code: str | None = None,
    asset_name: str | None = None,
    assignee_name: str | None = None,
    steps_total: int = 0,
    steps_done: int = 0,
    now: datetime | None = None,
) -> WorkOrderRead:
    """One work order (an ORM object or a row of its columns) as its list read model (no lazy loads: the extras come
    from the caller's query)."""
    # model_construct: stored rows were validated on the way in, and a list of 50 must not re-validate each one.
    wo = work_order
    labour_cost, parts_cost = _money(wo.labour_cost) or Decimal('0.00'), _money(wo.parts_cost) or Decimal('0.00')
    return WorkOrderRead.model_construct(
        id=wo.id,
        number=format_number(wo.number),
        title=wo.title,
        description=wo.description,
        asset_id=wo.asset_id,
        asset_code=asset_code,
        asset_name=asset_name,
        site_id=wo.site_id,
        work_type=wo.work_type,
        priority=wo.priority,
        status=wo.status,
        is_overdue=is_overdue(wo, now),
        due_at=wo.due_at,
        assignee_id=wo.assignee_id,
        assignee_name=assignee_name,
        team=wo.team,
        requested_by=wo.requested_by,
        estimated_hours=_money(wo.estimated_hours),
        actual_hours=_money(wo.actual_hours) or Decimal('0.00'),
        estimated_cost=_money(wo.estimated_cost),
        actual_cost=labour_cost + parts_cost,
        labour_cost=labour_cost,
        parts_cost=parts_cost,
        failure_problem=wo.failure_problem,
        failure_cause=wo.failure_cause,
        failure_remedy=wo.failure_remedy,
        failure_note=wo.failure_note or '',
        steps_total=steps_total,
        steps_done=steps_done,
        steps=[],
        parts=[],
        template_id=wo.template_id,
        schedule_id=wo.schedule_id,
        follow_up_of_id=wo.follow_up_of_id,
        scheduled_at=wo.scheduled_at,
        started_at=wo.started_at,
        completed_at=wo.completed_at,
        cancelled_at=wo.cancelled_at,
        created_at=wo.created_at,
        updated_at=wo.updated_at,
        version=wo.version,
    )


def json_value(value: Any) -> Any:
    """A field value as the audit log stores it (JSON: enums by value, times ISO, amounts as strings)."""
    if hasattr(value, 'value'):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f'{value:.2f}'
    return value


def snapshot(work_order: WorkOrder, fields: list[str] | None = None) -> dict[str, Any]:
    return {name: json_value(getattr(work_order, name)) for name in fields or WORK_ORDER_FIELDS}


def _money(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(_CENT)


def work_order_card(
    row: Any,
    *,
    asset_code: str | None,
    asset_name: str | None,
    assignee_name: str | None,
    steps_total: int,
    steps_done: int,
    now: datetime,
) -> WorkOrderCard:
    return WorkOrderCard.model_construct(
        id=row.id,
        number=format_number(row.number),
        title=row.title,
        site_id=row.site_id,
        priority=row.priority,
        status=row.status,
        is_overdue=is_overdue(row, now),
        due_at=row.due_at,
        completed_at=row.completed_at,
        asset_code=asset_code,
        asset_name=asset_name,
        assignee_name=assignee_name,
        steps_total=steps_total,
        steps_done=steps_done,
    )


_COLUMNS = WorkOrder.__table__.c
FULL = ReadShape(tuple(_COLUMNS), work_order_read)
CARD = ReadShape(tuple(_COLUMNS[name] for name in WorkOrderCard.model_fields if name in _COLUMNS), work_order_card)
