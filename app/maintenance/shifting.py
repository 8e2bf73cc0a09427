"""How a completion moves a time plan: tolerance and shift, as SAP PM does it, with fixed and floating as its ends.

A completion is compared with the occurrence's due date. Inside the tolerance window (a percentage of the cycle,
±10 % by default) it does not move the plan at all. Outside it, the series moves by the shift factor times the
whole deviation. SAP's own example: a 3-month cycle (90 days), 10 % tolerance = 9 days, 50 % shift; completed 14
days late, so the next date moves 7 days.

Fixed and floating are the two ends of the same rule: a *fixed* plan shifts by 0 % unless told otherwise (the dates
of the plan stand, as in Maximo's fixed frequency), a *floating* plan by 100 % (the next date counts from the
completion, as in Maximo's floating frequency; with no tolerance it is exactly "completion + cycle").

A one-off extended date moves one occurrence and not the series: the completion is measured against the date the
work was due (the extended one), and a shift is applied to the series' own date for that occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.maintenance import wording
from app.maintenance.enums import PlanMode
from app.maintenance.recurrence import Cycle

DEFAULT_TOLERANCE_PCT = 10


class ShiftError(ValueError):
    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f'{field_name}: {message}')
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class ShiftRule:
    mode: PlanMode = PlanMode.FIXED
    tolerance_pct: int = DEFAULT_TOLERANCE_PCT
    shift_pct: int | None = None  # None: 0 % for a fixed plan, 100 % for a floating one

    def __post_init__(self) -> None:
        if not 0 <= self.tolerance_pct <= 100:
            raise ShiftError('tolerance_pct', 'give a percentage of the cycle from 0 to 100')
        if self.shift_pct is not None and not 0 <= self.shift_pct <= 100:
            raise ShiftError('shift_pct', 'give a percentage of the deviation from 0 to 100')

    @property
    def effective_shift_pct(self) -> int:
        if self.shift_pct is not None:
            return self.shift_pct
        return 100 if self.mode is PlanMode.FLOATING else 0

    def tolerance_days(self, cycle: Cycle) -> int:
        return round(cycle.nominal_days() * self.tolerance_pct / 100)


@dataclass(frozen=True)
class Replanned:
    """The series' new anchor after a completion (the same one when nothing moved), and why."""

    anchor: datetime
    moved_days: int
    reason: str


def replan(
    cycle: Cycle,
    rule: ShiftRule,
    *,
    anchor: datetime,
    planned: datetime,
    due: datetime,
    completed: datetime,
) -> Replanned:
    """Where the series stands after the occurrence planned at ``planned`` (due ``due``) was completed.

    All naive local times. Days are counted between calendar dates, so an hour's difference is no deviation.
    """
    deviation = (completed.date() - due.date()).days
    tolerance = rule.tolerance_days(cycle)
    how = _deviation_words(deviation, completed)
    if deviation == 0 or abs(deviation) <= tolerance:
        inside = f', inside the {tolerance}-day tolerance' if deviation else ''
        return Replanned(anchor, 0, f'{how}{inside}: the plan stands')
    moved = round(deviation * rule.effective_shift_pct / 100)
    outside = f'outside the {tolerance}-day tolerance' if tolerance else 'no tolerance'
    if moved == 0:
        return Replanned(anchor, 0, f'{how} ({outside}); a fixed plan keeps its dates')
    direction = 'later' if moved > 0 else 'earlier'
    return Replanned(
        planned + timedelta(days=moved),
        moved,
        f'{how} ({outside}): the plan moves {wording.days(abs(moved))} {direction} '
        f'({rule.effective_shift_pct} % of the deviation)',
    )


def _deviation_words(deviation: int, completed: datetime) -> str:
    if deviation == 0:
        return f'completed on time on {wording.day(completed)}'
    late = 'late' if deviation > 0 else 'early'
    return f'completed {wording.days(abs(deviation))} {late} on {wording.day(completed)}'
