"""The trigger engine's answer: when work is due, by which trigger, and why, in words a planner can check.

Every trigger kind ends here as a ``DueDate``: time (a cycle from an anchor, placed on the site calendar), usage
(a meter projection), condition and event (the moment they fired), manual (the moment someone pressed
"generate"). With several triggers on one schedule the earliest wins ("whichever comes first"), and its
explanation says which lost.

Time occurrences are strictly increasing: when the calendar moves two planned dates onto the same working day (a
daily plan on a site closed at weekends, policy "before": Saturday and Sunday both land on Friday, which is
planned itself), the later ones are merged into the first and the explanation says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from app.maintenance import wording
from app.maintenance.calendars import SiteCalendar
from app.maintenance.enums import TriggerKind
from app.maintenance.recurrence import Cycle
from app.maintenance.usage import UsageProjection

CALENDAR_SLACK = timedelta(days=62)  # the longest closure a planned date is carried over (two months' shutdown)


@dataclass(frozen=True)
class DueDate:
    local: datetime  # naive, the site's wall clock
    at: datetime  # aware UTC: what is stored
    trigger: TriggerKind
    reasons: tuple[str, ...]
    planned: datetime | None = None  # a time trigger's series date (before calendar moves and extensions)
    merged: tuple[datetime, ...] = field(default=())  # planned dates merged into this one by the calendar

    @property
    def explanation(self) -> str:
        """'every 3 months from the last completion on Tue 14 Jan 2026; moved from Sat 12 Apr 2026 to …'."""
        return '; '.join(self.reasons)


def time_occurrences(
    cycle: Cycle,
    calendar: SiteCalendar,
    *,
    anchor: datetime,
    anchor_note: str,
    after: datetime,
    until: datetime,
    extended: Mapping[datetime, datetime] | None = None,
) -> Iterator[DueDate]:
    """The due dates of a time trigger with local due times in (``after``, ``until``], strictly increasing.

    ``anchor_note`` says where the series counts from ('from the plan start on …'); ``extended`` maps a planned
    date to a one-off later (or earlier) due date for that occurrence alone.
    """
    extended = extended or {}
    previous: DueDate | None = None
    for planned in cycle.series(anchor, after=_earliest_planned(after, extended)):
        reasons = [f'{cycle.describe()} {anchor_note}']
        due = extended.get(planned, planned)
        if due != planned:
            reasons.append(f'this occurrence extended from {wording.day(planned)} to {wording.day(due)}')
        if min(planned, due) > until + CALENDAR_SLACK:
            break  # nothing later can be moved back into the window
        placed, moved = calendar.place(due)
        if moved:
            reasons.append(moved)
        if placed <= after or placed > until:
            continue
        if previous is not None and placed <= previous.local:
            previous = replace(
                previous,
                merged=(*previous.merged, planned),
                reasons=(*previous.reasons, f'also covers the occurrence planned for {wording.day(planned)}'),
            )
            continue
        if previous is not None:
            yield previous
        previous = DueDate(placed, calendar.to_utc(placed), TriggerKind.TIME, tuple(reasons), planned=planned)
    if previous is not None:
        yield previous


def usage_due(projection: UsageProjection, calendar: SiteCalendar) -> DueDate | None:
    """A usage projection as a due date at the start of the site's working day, placed on the calendar."""
    if projection.at is None:
        return None
    local = datetime.combine(calendar.to_local(projection.at).date(), calendar.day_starts)
    placed, moved = calendar.place(local)
    reasons = (projection.reason, moved) if moved else (projection.reason,)
    return DueDate(placed, calendar.to_utc(placed), TriggerKind.USAGE, reasons)


def fired(kind: TriggerKind, at: datetime, calendar: SiteCalendar, what: str) -> DueDate:
    """A condition, event or manual trigger: due at the moment it fired (work that a fault asks for waits for no
    working day)."""
    local = calendar.to_local(at)
    return DueDate(local, calendar.to_utc(local), kind, (f'{what} on {wording.day(local)} at {local:%H:%M}',))


def earliest(candidates: Iterable[DueDate | None]) -> DueDate | None:
    """Whichever comes first; the winner's explanation names the triggers it beat."""
    found = sorted((c for c in candidates if c is not None), key=lambda c: c.at)
    if len(found) < 2:
        return found[0] if found else None
    first, *rest = found
    beaten = ', '.join(f'{c.trigger.value} ({wording.day(c.local)})' for c in rest)
    return replace(first, reasons=(*first.reasons, f'whichever comes first: {first.trigger.value} before {beaten}'))


def _earliest_planned(after: datetime, extended: Mapping[datetime, datetime]) -> datetime:
    """Series dates to look at: one planned before ``after`` may be extended past it, or moved past it by the
    calendar (policy "after": a closure of up to CALENDAR_SLACK), so start that much early."""
    earliest_extension = min((p for p, due in extended.items() if due > after), default=after)
    return min(after, earliest_extension) - CALENDAR_SLACK
