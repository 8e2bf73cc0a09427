"""Usage triggers: every N units of an asset's meter, with the due date projected from the meter's recent rate.

The projection runs from the *last reading*, at the rate over the 30 days up to that reading: a day without
readings changes nothing, so the date does not slip a day for every day without data (Maximo projects from today
and does). Every new reading re-projects. The explanation names the rate it assumed.

Once a reading reaches the due value, the work is due when the meter got there: the moment is interpolated between
the last reading below it and the first at or above it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.maintenance import wording

RATE_WINDOW_DAYS = 30


@dataclass(frozen=True)
class Reading:
    at: datetime  # aware
    value: float


@dataclass(frozen=True)
class UsageRule:
    every: float  # units between services, e.g. 500 (operating hours)
    meter: str  # the meter's name, for the explanation ('Operating hours')
    unit: str = ''

    def __post_init__(self) -> None:
        if not self.every > 0:
            raise ValueError('every: give a positive number of meter units between services')


@dataclass(frozen=True)
class UsageProjection:
    due_value: float
    at: datetime | None  # None: not enough readings to say when
    rate_per_day: float | None
    reason: str


def project(rule: UsageRule, *, base_value: float, readings: Sequence[Reading]) -> UsageProjection:
    """When the meter reaches ``base_value + every`` (the reading at the last completion, or at the plan's start)."""
    due_value = base_value + rule.every
    target = (
        f'every {wording.amount(rule.every, rule.unit)} of {rule.meter}: due at {wording.amount(due_value, rule.unit)}'
    )
    ordered = sorted(readings, key=lambda r: r.at)
    if not ordered:
        return UsageProjection(due_value, None, None, f'{target}; no readings yet to project a date from')
    reached = _reached(ordered, due_value)
    if reached is not None:
        return UsageProjection(due_value, reached, None, f'{target}, reached on {wording.day(reached)}')
    last = ordered[-1]
    window = [r for r in ordered if r.at >= last.at - timedelta(days=RATE_WINDOW_DAYS)]
    rate = _rate(window)
    if rate is None:
        return UsageProjection(
            due_value,
            None,
            None,
            f'{target}; {wording.amount(last.value, rule.unit)} on {wording.day(last.at)}, and the meter has not '
            f'moved in the {RATE_WINDOW_DAYS} days before that reading, so no date can be projected',
        )
    at = last.at + timedelta(days=(due_value - last.value) / rate)
    return UsageProjection(
        due_value,
        at,
        rate,
        f'{target}; at {wording.amount(round(rate, 1), rule.unit)}/day (the {RATE_WINDOW_DAYS} days to the reading '
        f'of {wording.amount(last.value, rule.unit)} on {wording.day(last.at)}) that is {wording.day(at)}',
    )


def _reached(ordered: Sequence[Reading], due_value: float) -> datetime | None:
    for before, reading in zip([None, *ordered], ordered, strict=False):
        if reading.value < due_value:
            continue
        if before is None or reading.value == before.value:
            return reading.at
        share = (due_value - before.value) / (reading.value - before.value)
        return before.at + (reading.at - before.at) * max(0.0, min(1.0, share))
    return None


def _rate(window: Sequence[Reading]) -> float | None:
    """Units per day from the first to the last reading of the window (None when it has not moved forward)."""
    if len(window) < 2:
        return None
    first, last = window[0], window[-1]
    days = (last.at - first.at).total_seconds() / 86400
    if days <= 0 or last.value <= first.value:
        return None
    return (last.value - first.value) / days
