"""Work-order vocabularies (values the JSON API contract fixes): work type, priority, status, checklist steps,
failure codes."""

from enum import StrEnum


class WorkType(StrEnum):
    PREVENTIVE = 'preventive'
    CORRECTIVE = 'corrective'
    PREDICTIVE = 'predictive'
    EMERGENCY = 'emergency'
    INSPECTION = 'inspection'
    CALIBRATION = 'calibration'
    CLEANING = 'cleaning'
    LUBRICATION = 'lubrication'


class Priority(StrEnum):
    CRITICAL = 'critical'
    HIGH = 'high'
    MEDIUM = 'medium'
    LOW = 'low'


class WorkOrderStatus(StrEnum):
    REQUESTED = 'requested'
    SCHEDULED = 'scheduled'
    IN_PROGRESS = 'in_progress'
    ON_HOLD = 'on_hold'
    COMPLETED = 'completed'
    CANCELLED = 'cancelled'


OPEN_STATUSES = frozenset(
    {
        WorkOrderStatus.REQUESTED,
        WorkOrderStatus.SCHEDULED,
        WorkOrderStatus.IN_PROGRESS,
        WorkOrderStatus.ON_HOLD,
    }
)
CLOSED_STATUSES = frozenset({WorkOrderStatus.COMPLETED, WorkOrderStatus.CANCELLED})


class StepKind(StrEnum):
    CHECKBOX = 'checkbox'
    NUMBER = 'number'  # with optional min/max: a value outside marks the step failed
    TEXT = 'text'
    PASS_FAIL = 'pass_fail'  # noqa: S105  a step kind, not a secret


class StepState(StrEnum):
    PENDING = 'pending'
    DONE = 'done'
    FAILED = 'failed'


class TimeLogSource(StrEnum):
    TIMER = 'timer'
    MANUAL = 'manual'


class FailureCodeKind(StrEnum):
    PROBLEM = 'problem'
    CAUSE = 'cause'
    REMEDY = 'remedy'


# Work that repairs a breakdown: completing it needs what failed, why and what was done.
REPAIR_WORK = frozenset({WorkType.CORRECTIVE, WorkType.EMERGENCY})
