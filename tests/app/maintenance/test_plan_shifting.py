"""Tolerance and shift on completion: SAP's worked example, Maximo's fixed vs floating, extended dates."""

from __future__ import annotations

from datetime import datetime

from app.maintenance.enums import Frequency, PlanMode
from app.maintenance.recurrence import Cycle
from app.maintenance.shifting import ShiftRule, replan

QUARTERLY = Cycle(Frequency.QUARTERLY)
SAP = ShiftRule(PlanMode.FIXED, tolerance_pct=10, shift_pct=50)
ANCHOR = datetime(2027, 1, 1, 7)
PLANNED = datetime(2027, 4, 1, 7)


def _next(cycle: Cycle, anchor: datetime, planned: datetime, result) -> datetime:
    return cycle.next_after(result.anchor, planned if result.moved_days == 0 else result.anchor)


def test_saps_example_14_days_late_outside_a_9_day_tolerance_moves_the_plan_7_days() -> None:
    result = replan(QUARTERLY, SAP, anchor=ANCHOR, planned=PLANNED, due=PLANNED, completed=datetime(2027, 4, 15, 10))
    assert SAP.tolerance_days(QUARTERLY) == 9
    assert result.moved_days == 7
    assert result.reason == (
        'completed 14 days late on Thu 15 Apr 2027 (outside the 9-day tolerance): the plan moves 7 days later '
        '(50 % of the deviation)'
    )
    assert _next(QUARTERLY, ANCHOR, PLANNED, result) == datetime(2027, 7, 8, 7)


def test_inside_the_tolerance_a_late_completion_does_not_move_the_plan() -> None:
    result = replan(QUARTERLY, SAP, anchor=ANCHOR, planned=PLANNED, due=PLANNED, completed=datetime(2027, 4, 9, 16))
    assert result.moved_days == 0
    assert 'completed 8 days late' in result.reason and 'inside the 9-day tolerance' in result.reason
    assert _next(QUARTERLY, ANCHOR, PLANNED, result) == datetime(2027, 7, 1, 7)


def test_maximos_fixed_and_floating_30_day_frequency_completed_4_days_late() -> None:
    every_30_days = Cycle(Frequency.DAILY, 30)
    target = datetime(2027, 1, 1, 8)
    completed = datetime(2027, 1, 5, 15)
    fixed, floating = (
        replan(
            every_30_days,
            ShiftRule(mode, tolerance_pct=0),
            anchor=target,
            planned=target,
            due=target,
            completed=completed,
        )
        for mode in (PlanMode.FIXED, PlanMode.FLOATING)
    )
    assert _next(every_30_days, target, target, fixed) == datetime(2027, 1, 31, 8)
    assert 'a fixed plan keeps its dates' in fixed.reason
    assert _next(every_30_days, target, target, floating) == datetime(2027, 2, 4, 8)


def test_a_floating_plan_completed_early_counts_the_next_date_from_the_completion() -> None:
    rule = ShiftRule(PlanMode.FLOATING)
    result = replan(QUARTERLY, rule, anchor=ANCHOR, planned=PLANNED, due=PLANNED, completed=datetime(2027, 3, 20, 9))
    assert result.moved_days == -12
    assert 'completed 12 days early' in result.reason and 'moves 12 days earlier' in result.reason
    assert _next(QUARTERLY, ANCHOR, PLANNED, result) == datetime(2027, 6, 20, 7)


def test_an_extended_date_is_what_the_completion_is_measured_against() -> None:
    extended = datetime(2027, 4, 20, 7)
    on_time = replan(QUARTERLY, SAP, anchor=ANCHOR, planned=PLANNED, due=extended, completed=datetime(2027, 4, 20, 11))
    assert on_time.moved_days == 0 and on_time.reason.startswith('completed on time')
    assert _next(QUARTERLY, ANCHOR, PLANNED, on_time) == datetime(2027, 7, 1, 7)  # the series did not move
