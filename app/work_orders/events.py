"""What the work-order domain tells others: a work order was created, assigned, moved, or completed."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

from app.core.events import DomainEvent
from app.work_orders.enums import Priority, WorkOrderStatus, WorkType
from app.work_orders.models import WorkOrder
from app.work_orders.schemas import format_number


class WorkOrderEvent(DomainEvent):
    aggregate_type: ClassVar[str] = 'work_order'
    aggregate_field: ClassVar[str] = 'work_order_id'

    work_order_id: int
    number: str
    asset_id: int | None


class WorkOrderCreated(WorkOrderEvent):
    name: ClassVar[str] = 'work_order.created'

    title: str
    work_type: WorkType
    priority: Priority
    status: WorkOrderStatus
    site_id: int | None
    assignee_id: int | None
    due_at: datetime | None
    schedule_id: int | None = None


class WorkOrderAssigned(WorkOrderEvent):
    """A new assignee (at creation too); ``assignee_id`` None means it was unassigned."""

    name: ClassVar[str] = 'work_order.assigned'

    assignee_id: int | None
    previous_assignee_id: int | None
    team: str = ''


class WorkOrderStatusChanged(WorkOrderEvent):
    name: ClassVar[str] = 'work_order.status_changed'

    from_status: WorkOrderStatus
    to_status: WorkOrderStatus
    note: str = ''


class WorkOrderCompleted(WorkOrderEvent):
    """Published with the status change to completed; a schedule counts its next due date from ``completed_at``."""

    name: ClassVar[str] = 'work_order.completed'

    work_type: WorkType
    completed_at: datetime
    due_at: datetime | None
    schedule_id: int | None = None
    actual_hours: Decimal
    failure_problem: str = ''


def _identity(work_order: WorkOrder) -> dict[str, Any]:
    return {
        'organization_id': work_order.organization_id,
        'work_order_id': work_order.id,
        'number': format_number(work_order.number),
        'asset_id': work_order.asset_id,
    }


def on_creation(work_order: WorkOrder) -> list[DomainEvent]:
    """Created, and assigned when it was created with an assignee or team."""
    published: list[DomainEvent] = [
        WorkOrderCreated(
            **_identity(work_order),
            title=work_order.title,
            work_type=work_order.work_type,
            priority=work_order.priority,
            status=work_order.status,
            site_id=work_order.site_id,
            assignee_id=work_order.assignee_id,
            due_at=work_order.due_at,
            schedule_id=work_order.schedule_id,
        )
    ]
    if work_order.assignee_id is not None or work_order.team:
        published += on_assignment(work_order, None)
    return published


def on_assignment(work_order: WorkOrder, previous_assignee_id: int | None) -> list[DomainEvent]:
    return [
        WorkOrderAssigned(
            **_identity(work_order),
            assignee_id=work_order.assignee_id,
            previous_assignee_id=previous_assignee_id,
            team=work_order.team or '',
        )
    ]


def on_move(work_order: WorkOrder, from_status: WorkOrderStatus, note: str) -> list[DomainEvent]:
    """The status change, and the completion when it is one."""
    published: list[DomainEvent] = [
        WorkOrderStatusChanged(**_identity(work_order), from_status=from_status, to_status=work_order.status, note=note)
    ]
    if work_order.status is WorkOrderStatus.COMPLETED:
        published.append(
            WorkOrderCompleted(
                **_identity(work_order),
                work_type=work_order.work_type,
                completed_at=work_order.completed_at,
                due_at=work_order.due_at,
                schedule_id=work_order.schedule_id,
                actual_hours=work_order.actual_hours or Decimal('0'),
                failure_problem=work_order.failure_problem or '',
            )
        )
    return published
