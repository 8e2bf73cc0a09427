"""Properties of every time series the engine produces (hypothesis): strictly increasing, never on a closed day
unless the policy keeps it there, 07:00 stays 07:00 across DST, and splitting the horizon changes nothing (so a
generation run that stops half-way and a later run produce the same dates)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.maintenance.calendars import Closure, SiteCalendar
from app.maintenance.due_dates import time_occurrences
from app.maintenance.enums import ClosedDayPolicy, Frequency
from app.maintenance.recurrence import Cycle

ZONES = ['UTC', 'Europe/Berlin', 'America/Chicago', 'Australia/Sydney', 'Asia/Kolkata']
RULES = ['FREQ=WEEKLY;BYDAY=MO,TH', 'FREQ=MONTHLY;BYMONTHDAY=31', 'FREQ=MONTHLY;BYDAY=1MO', 'FREQ=DAILY;INTERVAL=3']


@st.composite
def cycles(draw) -> Cycle:
    frequency = draw(st.sampled_from(list(Frequency)))
    if frequency is Frequency.CUSTOM:
        return Cycle(frequency, rrule=draw(st.sampled_from(RULES)))
    return Cycle(frequency, draw(st.integers(1, 4)))


@st.composite
def calendars(draw) -> SiteCalendar:
    working = draw(st.sets(st.integers(0, 6), min_size=1))
    closures = ()
    if draw(st.booleans()):
        first = date(2027, 1, 1) + timedelta(days=draw(st.integers(0, 700)))
        closures = (Closure(first, first + timedelta(days=draw(st.integers(0, 20))), 'shutdown'),)
    return SiteCalendar(
        timezone=draw(st.sampled_from(ZONES)),
        working_days=frozenset(working),
        country=draw(st.sampled_from([None, 'DE', 'US', 'FR'])),
        closures=closures,
        policy=draw(st.sampled_from(list(ClosedDayPolicy))),
    )


anchors = st.builds(
    datetime.combine,
    st.dates(date(2026, 1, 1), date(2028, 12, 31)),
    # Whole hours outside 01:00–03:59, where some zones jump: the DST property is about times that exist.
    st.sampled_from([time(h) for h in (0, 5, 6, 7, 8, 12, 17, 22)]),
)


def _dues(cycle: Cycle, calendar: SiteCalendar, anchor: datetime, after: datetime, until: datetime) -> list:
    return list(time_occurrences(cycle, calendar, anchor=anchor, anchor_note='', after=after, until=until))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(cycles(), calendars(), anchors, st.integers(0, 400), st.integers(30, 500))
def test_a_series_is_strictly_increasing_on_working_days_at_its_local_time(
    cycle: Cycle, calendar: SiteCalendar, anchor: datetime, start_in: int, length: int
) -> None:
    after = anchor + timedelta(days=start_in)
    dues = _dues(cycle, calendar, anchor, after, after + timedelta(days=length))
    locals_ = [d.local for d in dues]
    assert locals_ == sorted(set(locals_)), 'strictly increasing'
    assert all(after < d.local <= after + timedelta(days=length) for d in dues)
    if calendar.policy is not ClosedDayPolicy.KEEP:
        assert all(calendar.is_working_day(d.local.date()) for d in dues), 'never on a closed day'
    assert all(d.local.time() == anchor.time() for d in dues), 'the local time of day holds'
    assert all(calendar.to_local(d.at) == d.local for d in dues), 'stored instants are the local times, DST included'


@settings(max_examples=100, deadline=None, derandomize=True)
@given(cycles(), calendars(), anchors, st.integers(1, 300), st.integers(1, 300))
def test_splitting_the_horizon_in_two_yields_the_same_dates(
    cycle: Cycle, calendar: SiteCalendar, anchor: datetime, first: int, second: int
) -> None:
    after = anchor - timedelta(days=1)
    middle, end = after + timedelta(days=first), after + timedelta(days=first + second)
    whole = [d.local for d in _dues(cycle, calendar, anchor, after, end)]
    halves = [
        d.local for d in _dues(cycle, calendar, anchor, after, middle) + _dues(cycle, calendar, anchor, middle, end)
    ]
    assert halves == whole
