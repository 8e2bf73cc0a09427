"""Work-order schemas: create/update/read families, filters, status moves, steps, parts, time, templates."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from app.assets.enums import AssetType
from app.core.input_types import Int64, JsonBool, RowId
from app.core.schemas import PageParams, Schema, SearchText, StrictInput, UtcDatetime
from app.inventory.enums import StockMovementKind
from app.inventory.schemas import WorkOrderPartRead
from app.work_orders.enums import (
    FailureCodeKind,
    Priority,
    StepKind,
    StepState,
    TimeLogSource,
    WorkOrderStatus,
    WorkType,
)

NUMBER_PREFIX = 'WO-'
# Ids in bodies and filters: in range for a BIGINT, so a wild number is a 422 naming the field, not a database error.


def format_number(number: int) -> str:
    return f'{NUMBER_PREFIX}{number:06d}'


class StepDefinition(StrictInput):
    """A checklist step as planned (in a template or a new work order)."""

    title: str = Field(min_length=1, max_length=300)
    kind: StepKind = StepKind.CHECKBOX
    required: JsonBool = True
    min_value: float | None = Field(default=None, allow_inf_nan=False)
    max_value: float | None = Field(default=None, allow_inf_nan=False)
    unit: str = Field(default='', max_length=32)

    @model_validator(mode='after')
    def _limits(self) -> StepDefinition:
        if self.kind is not StepKind.NUMBER and (self.min_value is not None or self.max_value is not None):
            raise ValueError('limits only apply to number steps')
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            raise ValueError('min_value must not be above max_value')
        return self


class PartLine(StrictInput):
    part_id: RowId
    quantity: Decimal = Field(gt=0, le=Decimal('100000'), decimal_places=3)


class WorkOrderCreate(StrictInput):
    title: str | None = Field(default=None, min_length=1, max_length=200, description='Required without a template')
    description: str = Field(default='', max_length=20_000)
    asset_id: RowId | None = None
    site_id: RowId | None = Field(default=None, description='Taken from the asset when one is given')
    work_type: WorkType | None = Field(default=None, description="The template's, else corrective")
    priority: Priority | None = Field(default=None, description="The template's, else medium")
    status: Literal[WorkOrderStatus.REQUESTED, WorkOrderStatus.SCHEDULED] = WorkOrderStatus.REQUESTED
    due_at: UtcDatetime | None = None
    assignee_id: RowId | None = None
    team: str = Field(default='', max_length=120)
    estimated_hours: Decimal | None = Field(default=None, ge=0, le=Decimal('100000'), decimal_places=2)
    estimated_cost: Decimal | None = Field(default=None, ge=0, le=Decimal('999999999999'), decimal_places=2)
    failure_problem: str = Field(default='', max_length=120)
    failure_cause: str = Field(default='', max_length=120)
    failure_remedy: str = Field(default='', max_length=120)
    steps: list[StepDefinition] = Field(default_factory=list, max_length=200)
    template_id: RowId | None = None
    schedule_id: RowId | None = None


class WorkOrderUpdate(StrictInput):
    """Partial update of the plan; ``version`` is required so a stale form can never overwrite (409)."""

    version: Int64
    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=20_000)
    asset_id: RowId | None = None
    work_type: WorkType | None = None
    priority: Priority | None = None
    due_at: UtcDatetime | None = None
    assignee_id: RowId | None = None
    team: str | None = Field(default=None, max_length=120)
    estimated_hours: Decimal | None = Field(default=None, ge=0, le=Decimal('100000'), decimal_places=2)
    estimated_cost: Decimal | None = Field(default=None, ge=0, le=Decimal('999999999999'), decimal_places=2)
    failure_problem: str | None = Field(default=None, max_length=120)
    failure_cause: str | None = Field(default=None, max_length=120)
    failure_remedy: str | None = Field(default=None, max_length=120)
    failure_note: str | None = Field(default=None, max_length=2000)


class StatusChange(StrictInput):
    """A status move; completing also takes the failure codes (from the catalogue of the asset's type) and a note.

    The codes are required when completing corrective or emergency work, or work with a failed step, for each kind
    the catalogue has entries for; a code left out keeps the one already recorded.
    """

    status: WorkOrderStatus
    note: str = Field(default='', max_length=2000)
    version: Int64 | None = None
    failure_problem: str | None = Field(default=None, max_length=120, description='Completing: what failed (code)')
    failure_cause: str | None = Field(default=None, max_length=120, description='Completing: why (code)')
    failure_remedy: str | None = Field(default=None, max_length=120, description='Completing: what was done (code)')
    failure_note: str | None = Field(default=None, max_length=2000, description='Completing: what the codes miss')


FailureCodeText = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, to_upper=True, min_length=1, max_length=32, pattern=r'^[A-Za-z0-9][A-Za-z0-9._\-]*$'
    ),
]


class FailureCodeCreate(StrictInput):
    asset_type: AssetType
    kind: FailureCodeKind
    code: FailureCodeText = Field(description='Letters, digits, . _ -; stored in capitals, e.g. SEAL-LEAK')
    label: str = Field(min_length=1, max_length=120)


class FailureCodeUpdate(StrictInput):
    label: str | None = Field(default=None, min_length=1, max_length=120)
    active: JsonBool | None = None


class FailureCodesAsked(Schema):
    """What completing one work order asks: the codes offered per kind (code → label), whether they are required,
    and the labels of the codes already recorded (field → label)."""

    required: bool
    offered: dict[str, dict[str, str]]
    labels: dict[str, str]


class FailureCodeRead(Schema):
    id: int
    asset_type: AssetType
    kind: FailureCodeKind
    code: str
    label: str
    active: bool


class StepCompletion(StrictInput):
    """The answer to a step: ``done`` for checkboxes, ``value`` for numbers, ``text``, ``passed`` for pass/fail."""

    done: JsonBool | None = None
    value: float | None = Field(default=None, allow_inf_nan=False)
    text: str | None = Field(default=None, max_length=5000)
    passed: JsonBool | None = None


class StepRead(Schema):
    id: int
    position: int
    title: str
    kind: StepKind
    required: bool
    min_value: float | None
    max_value: float | None
    unit: str
    state: StepState
    value_number: float | None
    value_text: str
    passed: bool | None
    completed_by: str
    completed_at: datetime | None
    follow_up_work_order_id: int | None


class PartUse(StrictInput):
    """Take parts from a site's stock for a work order (positive) or return them (``kind='return'``)."""

    part_id: RowId
    quantity: Decimal = Field(gt=0, le=Decimal('100000'), decimal_places=3)
    kind: Literal[StockMovementKind.ISSUE, StockMovementKind.RETURN] = StockMovementKind.ISSUE
    site_id: RowId | None = Field(default=None, description="Defaults to the work order's site")
    note: str = Field(default='', max_length=2000)


class TimeLogCreate(StrictInput):
    """A manual entry (``hours``, optionally ``started_at``), or ``action`` start/stop of the caller's timer."""

    action: Literal['manual', 'start', 'stop'] = 'manual'
    hours: Decimal | None = Field(default=None, gt=0, le=Decimal('24'), decimal_places=2)
    started_at: UtcDatetime | None = None
    user_id: RowId | None = Field(default=None, description='Supervisors may log for someone else')
    note: str = Field(default='', max_length=2000)


class TimeLogRead(Schema):
    id: int
    user_id: int
    user_name: str = ''
    source: TimeLogSource
    started_at: datetime
    ended_at: datetime | None
    hours: Decimal
    hourly_rate: Decimal
    cost: Decimal
    note: str


class RunningTimerRead(TimeLogRead):
    """The caller's running timer, with the work order it runs on."""

    work_order_id: int
    work_order_number: str
    work_order_title: str


class CommentCreate(StrictInput):
    body: str = Field(min_length=1, max_length=10_000)


class CommentRead(Schema):
    id: int
    author_label: str
    body: str
    created_at: datetime


class TransitionRead(Schema):
    from_status: WorkOrderStatus | None
    to_status: WorkOrderStatus
    at: datetime
    actor_label: str
    note: str


class PhotoRead(Schema):
    id: int
    file_name: str
    content_type: str
    size_bytes: int
    uploaded_by: str
    uploaded_at: datetime


class WorkOrderRead(Schema):
    id: int
    number: str
    title: str
    description: str
    asset_id: int | None
    asset_code: str | None = None
    asset_name: str | None = None
    site_id: int | None
    work_type: WorkType
    priority: Priority
    status: WorkOrderStatus
    is_overdue: bool
    due_at: datetime | None
    assignee_id: int | None
    assignee_name: str | None = None
    team: str
    requested_by: str
    estimated_hours: Decimal | None
    actual_hours: Decimal
    estimated_cost: Decimal | None
    actual_cost: Decimal
    labour_cost: Decimal
    parts_cost: Decimal
    failure_problem: str
    failure_cause: str
    failure_remedy: str
    failure_note: str = ''
    steps_total: int = 0
    steps_done: int = 0
    steps: list[StepRead] = Field(default_factory=list)
    parts: list[WorkOrderPartRead] = Field(default_factory=list)
    template_id: int | None
    schedule_id: int | None
    follow_up_of_id: int | None
    scheduled_at: datetime | None
    started_at: datetime | None
    completed_at: datetime | None
    cancelled_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class WorkOrderCard(Schema):
    """What a kanban card shows: the board reads these columns only (a busy board draws 1,000 cards on one page)."""

    id: int
    number: str
    title: str
    site_id: int | None
    priority: Priority
    status: WorkOrderStatus
    is_overdue: bool
    due_at: datetime | None
    completed_at: datetime | None = None  # a completed card says when, not when it was due
    asset_code: str | None = None
    asset_name: str | None = None
    assignee_name: str | None = None
    steps_total: int = 0
    steps_done: int = 0


class WorkOrderFilter(PageParams):
    status: list[WorkOrderStatus | Literal['overdue', 'open']] | None = Field(
        default=None, description="Any of the statuses; 'overdue' = due passed and not closed; 'open' = not closed"
    )
    asset_id: RowId | None = None
    site_id: RowId | None = None
    assignee_id: RowId | None = None
    priority: list[Priority] | None = None
    work_type: list[WorkType] | None = None
    schedule_id: RowId | None = None
    due_before: UtcDatetime | None = None
    due_after: UtcDatetime | None = None
    completed_since: UtcDatetime | None = None
    q: SearchText | None = Field(
        default=None, max_length=200, description="Search number ('WO-42', '42'), title, asset code"
    )
    sort: Literal['number', 'due_at', 'priority', 'status', 'created_at', 'updated_at', 'title'] = 'number'
    descending: bool = True

    @field_validator('status', 'priority', 'work_type', mode='before')
    @classmethod
    def _split_commas(cls, value: Any) -> Any:
        # ?status=open&status=overdue and ?status=open,overdue mean the same; empty means no filter.
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list | tuple):
            parts = [p.strip() for v in value for p in (v.split(',') if isinstance(v, str) else [v])]
            return [p for p in parts if p != ''] or None
        return value


class TimelineEntry(Schema):
    """One line of a work order's timeline (status moves, comments, steps, parts, time, photos), newest first."""

    at: datetime
    actor: str
    kind: Literal['status', 'comment', 'step', 'part', 'time', 'photo']
    text: str
