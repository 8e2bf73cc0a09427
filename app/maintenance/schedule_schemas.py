"""Pydantic schemas of maintenance schedules: what a plan says, and when it is due next (with the reasons).

The contract's fields (``frequency``, ``interval``, ``rrule``, ``trigger``, ``start_at``, ``next_due_at`` …) are
here as SPEC.md names them. ``trigger`` is the schedule's main trigger; ``triggers`` lists every trigger that can
make it due (default: the main one alone), and with several the earliest wins ("whichever comes first").
The parameters of each kind are checked by the engine's own types (``Cycle``, ``ShiftRule``), so an API client and
the editor get the same field-named errors.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field, field_validator

from app.assets.enums import AssetStatus
from app.core.input_types import Int64, JsonBool, RowId
from app.core.schemas import PageParams, Schema, StrictInput, UtcDatetime, not_null
from app.maintenance.enums import Frequency, PlanMode, TriggerKind
from app.maintenance.recurrence import Cycle, CycleError
from app.maintenance.shifting import DEFAULT_TOLERANCE_PCT
from app.work_orders.enums import Priority, WorkType

Percent = Annotated[int, Field(ge=0, le=100)]
PREVIEW_COUNT = 10


def _checked_triggers(value: list[TriggerKind] | None) -> list[TriggerKind] | None:
    if value is not None and len(set(value)) != len(value):
        raise ValueError('Name each trigger once')
    return value


class ScheduleFields(StrictInput):
    """What a create and an update share; on an update every field is optional (``ScheduleUpdate``)."""

    description: str = Field(default='', max_length=4000)
    template_id: RowId | None = None
    maintenance_type: WorkType = WorkType.PREVENTIVE
    priority: Priority = Priority.MEDIUM
    estimated_hours: Decimal | None = Field(default=None, ge=0, le=10_000, decimal_places=2)
    assignee_id: RowId | None = None
    team: str = Field(default='', max_length=120)
    lead_days: int = Field(default=7, ge=0, le=365, description='Generate the work order this many days early')
    active: JsonBool = True
    frequency: Frequency | None = None
    interval: int = Field(default=1, ge=1, le=1000)
    rrule: str | None = Field(default=None, max_length=500)
    plan_mode: PlanMode = PlanMode.FIXED
    tolerance_pct: Percent = DEFAULT_TOLERANCE_PCT
    shift_pct: Percent | None = None
    usage_meter: str | None = Field(default=None, min_length=1, max_length=120, description="The asset meter's name")
    usage_every: float | None = Field(default=None, gt=0, le=1e12)
    event_asset_status: AssetStatus | None = None
    event_work_type: WorkType | None = None
    event_delay_days: int = Field(default=0, ge=0, le=365)


class ScheduleCreate(ScheduleFields):
    name: str = Field(min_length=1, max_length=200)
    asset_id: RowId
    trigger: TriggerKind = TriggerKind.TIME
    triggers: list[TriggerKind] | None = Field(default=None, min_length=1, max_length=5)
    start_at: UtcDatetime

    _triggers = field_validator('triggers')(_checked_triggers)


class ScheduleUpdate(StrictInput):
    """The fields sent change; ``version`` (optional) refuses a change made to an older version (409)."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=4000)
    template_id: RowId | None = None
    maintenance_type: WorkType | None = None
    priority: Priority | None = None
    estimated_hours: Decimal | None = Field(default=None, ge=0, le=10_000, decimal_places=2)
    assignee_id: RowId | None = None
    team: str | None = Field(default=None, max_length=120)
    lead_days: int | None = Field(default=None, ge=0, le=365)
    active: JsonBool | None = None
    trigger: TriggerKind | None = None
    triggers: list[TriggerKind] | None = Field(default=None, min_length=1, max_length=5)
    frequency: Frequency | None = None
    interval: int | None = Field(default=None, ge=1, le=1000)
    rrule: str | None = Field(default=None, max_length=500)
    start_at: UtcDatetime | None = None
    plan_mode: PlanMode | None = None
    tolerance_pct: Percent | None = None
    shift_pct: Percent | None = None
    usage_meter: str | None = Field(default=None, min_length=1, max_length=120)
    usage_every: float | None = Field(default=None, gt=0, le=1e12)
    event_asset_status: AssetStatus | None = None
    event_work_type: WorkType | None = None
    event_delay_days: int | None = Field(default=None, ge=0, le=365)
    version: Int64 | None = None

    # Sent as null these would erase what the plan cannot be without (the rest may be null: no template, no meter).
    _required = field_validator(
        'name', 'description', 'maintenance_type', 'priority', 'team', 'lead_days', 'active', 'trigger', 'interval',
        'start_at', 'plan_mode', 'tolerance_pct', 'event_delay_days',
    )(not_null)  # fmt: skip


class UpcomingDue(Schema):
    due_at: datetime
    local: str  # the site's wall clock, 'Fri 9 Apr 2027 07:00'
    trigger: TriggerKind
    explanation: str


class ScheduleRead(Schema):
    id: int
    name: str
    description: str
    asset_id: int
    asset_code: str
    site_id: int | None
    timezone: str
    template_id: int | None
    maintenance_type: WorkType
    priority: Priority
    estimated_hours: Decimal | None
    assignee_id: int | None
    team: str
    lead_days: int
    active: bool
    trigger: TriggerKind
    triggers: list[TriggerKind]
    frequency: Frequency | None
    interval: int
    rrule: str | None
    start_at: datetime
    plan_mode: PlanMode
    tolerance_pct: int
    shift_pct: int | None
    usage_meter: str | None
    usage_every: float | None
    event_asset_status: AssetStatus | None
    event_work_type: WorkType | None
    event_delay_days: int
    next_due_at: datetime | None
    next_due_explanation: str
    upcoming: list[UpcomingDue] = []
    version: int


class ScheduleFilter(PageParams):
    asset_id: RowId | None = None
    site_id: RowId | None = None
    active: bool | None = None  # a query string: 'true' / 'false'
    trigger: TriggerKind | None = None


def trigger_problems(values: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, message) for each trigger the schedule names without what it needs; empty when all is given.

    Checked on the merged values of a create or an update, so a PATCH cannot leave a plan that cannot work.
    """
    kinds = values.get('triggers') or [values['trigger']]
    if values['trigger'] not in kinds:
        return [('triggers', f'list the main trigger ({values["trigger"].value}) among the triggers')]
    problems: list[tuple[str, str]] = []
    if TriggerKind.MANUAL in kinds and len(kinds) > 1:
        problems.append(('triggers', 'a manual schedule has no other trigger: it is due when someone generates it'))
    if TriggerKind.TIME in kinds:
        if values.get('frequency') is None:
            problems.append(('frequency', 'a time trigger needs a frequency (daily … annual, or custom)'))
        else:
            try:
                Cycle(values['frequency'], values.get('interval') or 1, values.get('rrule'))
            except CycleError as error:
                problems.append((error.field, error.message))
    elif values.get('rrule'):
        problems.append(('rrule', 'an RRULE goes with a time trigger'))
    if TriggerKind.USAGE in kinds:
        if not values.get('usage_meter'):
            problems.append(('usage_meter', "a usage trigger needs the asset meter's name"))
        if not values.get('usage_every'):
            problems.append(('usage_every', 'a usage trigger needs how many meter units lie between services'))
    if TriggerKind.EVENT in kinds and not (values.get('event_asset_status') or values.get('event_work_type')):
        problems.append(('event_asset_status', 'an event trigger needs an asset status or a completed work type'))
    return problems
