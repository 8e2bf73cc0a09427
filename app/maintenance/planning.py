"""A stored schedule's next due dates: the schedule's values, its site's calendar and its meter's readings, put
through the trigger engine (``due_dates``). Pure: the caller loads what it needs and passes it in.

Time series are looked at from now on (from the start when it lies ahead); a usage trigger adds its one projected
date; event and condition triggers have no date until they fire, and their explanation says what they wait for.
With several triggers, the earliest is the next due date and its explanation names the ones it beat.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice
from typing import Any

from app.maintenance import wording
from app.maintenance.calendars import SiteCalendar
from app.maintenance.due_dates import DueDate, earliest, time_occurrences, usage_due
from app.maintenance.enums import TriggerKind
from app.maintenance.recurrence import Cycle
from app.maintenance.usage import Reading, UsageProjection, UsageRule, project

LONGEST_LOOK_AHEAD = timedelta(days=366 * 30)


@dataclass(frozen=True)
class Outlook:
    next_due: DueDate | None
    explanation: str  # of the next due date, or what the schedule waits for
    upcoming: list[DueDate]


def outlook(
    values: Mapping[str, Any],
    calendar: SiteCalendar,
    *,
    now: datetime,
    readings: Sequence[Reading] = (),
    meter_unit: str = '',
    count: int = 10,
) -> Outlook:
    """The next ``count`` due dates of a schedule (``values``: its fields, ``anchor_at`` and ``start_at`` aware)."""
    kinds = _kinds(values)
    candidates: list[DueDate] = []
    waiting: list[str] = []
    if TriggerKind.TIME in kinds:
        cycle = _cycle(values)
        after = calendar.to_local(now)
        looked_from = max(after, calendar.to_local(values['anchor_at']))  # a plan may start years ahead
        until = looked_from + min(LONGEST_LOOK_AHEAD, timedelta(days=cycle.nominal_days() * (count + 2) + 62))
        candidates += islice(_time_series(values, calendar, after, until), count)
    if TriggerKind.USAGE in kinds:
        projection = _projection(values, readings, meter_unit)
        projected = usage_due(projection, calendar)
        if projected is None:
            waiting.append(projection.reason)
        else:
            candidates.append(projected)
    if TriggerKind.EVENT in kinds:
        waiting.append(_event_words(values))
    if TriggerKind.CONDITION in kinds:
        waiting.append('due when one of its condition rules fires')
    if TriggerKind.MANUAL in kinds:
        waiting.append('due when someone generates it')
    upcoming = sorted(candidates, key=lambda due: due.at)[:count]
    first_of_each = [min((c for c in candidates if c.trigger is k), key=lambda c: c.at, default=None) for k in kinds]
    next_due = earliest(first_of_each)
    if next_due is not None and upcoming and upcoming[0].at == next_due.at:
        upcoming[0] = next_due
    explanation = next_due.explanation if next_due else '; '.join(waiting) or 'nothing makes it due'
    if next_due and waiting:
        explanation += '; also ' + '; '.join(waiting)
    return Outlook(next_due, explanation, upcoming)


def dues_between(
    values: Mapping[str, Any],
    calendar: SiteCalendar,
    start: datetime,
    end: datetime,
    *,
    readings: Sequence[Reading] = (),
    meter_unit: str = '',
) -> list[DueDate]:
    """A plan's due dates from ``start`` (included) to ``end`` (excluded), aware instants: its time series, and its
    usage trigger's projected date when that falls inside (the forecast)."""
    kinds = _kinds(values)
    found: list[DueDate] = []
    if TriggerKind.TIME in kinds:
        after = calendar.to_local(start) - timedelta(microseconds=1)
        found += _time_series(values, calendar, after, calendar.to_local(end) - timedelta(microseconds=1))
    if TriggerKind.USAGE in kinds:
        projected = usage_due(_projection(values, readings, meter_unit), calendar)
        if projected is not None and start <= projected.at < end:
            found.append(projected)
    return sorted(found, key=lambda due: due.at)


def local_words(due: DueDate) -> str:
    return f'{wording.day(due.local)} {due.local:%H:%M}'


def _kinds(values: Mapping[str, Any]) -> list[TriggerKind]:
    return [TriggerKind(k) for k in (values.get('triggers') or [values['trigger']])]


def _cycle(values: Mapping[str, Any]) -> Cycle:
    return Cycle(values['frequency'], values.get('interval') or 1, values.get('rrule'))


def _time_series(
    values: Mapping[str, Any], calendar: SiteCalendar, after: datetime, until: datetime
) -> Iterator[DueDate]:
    """The time trigger's due dates with local times in (``after``, ``until``], from the start when it lies ahead."""
    anchor = calendar.to_local(values['anchor_at'])
    moved = values['anchor_at'] != values['start_at']
    note = f'from the moved plan date {wording.day(anchor)}' if moved else f'from the start on {wording.day(anchor)}'
    after = max(after, anchor - timedelta(seconds=1))
    return time_occurrences(_cycle(values), calendar, anchor=anchor, anchor_note=note, after=after, until=until)


def _projection(values: Mapping[str, Any], readings: Sequence[Reading], unit: str) -> UsageProjection:
    rule = UsageRule(values['usage_every'], values['usage_meter'], unit)
    return project(rule, base_value=_base_value(readings, values['anchor_at']), readings=readings)


def _base_value(readings: Sequence[Reading], anchor: datetime) -> float:
    """The meter's value when the plan's clock last started: the last reading at or before it, else the first."""
    before = [r for r in readings if r.at <= anchor]
    if before:
        return max(before, key=lambda r: r.at).value
    return min(readings, key=lambda r: r.at).value if readings else 0.0


def _event_words(values: Mapping[str, Any]) -> str:
    delay = f' (+{wording.days(values.get("event_delay_days") or 0)})' if values.get('event_delay_days') else ''
    parts = []
    if values.get('event_asset_status'):
        parts.append(f'the asset becomes {str(values["event_asset_status"].value).replace("_", " ")}')
    if values.get('event_work_type'):
        parts.append(f'a {values["event_work_type"].value} work order on it is completed')
    return 'due when ' + ' or '.join(parts) + delay
