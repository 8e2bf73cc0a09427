"""Site calendars: weekends, public holidays by country and subdivision, closures, the policy, DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from app.maintenance.calendars import CalendarError, Closure, SiteCalendar
from app.maintenance.enums import ClosedDayPolicy

BERLIN = SiteCalendar(timezone='Europe/Berlin', country='DE', subdivision='BY')


def test_a_saturday_due_date_moves_to_friday_saying_the_site_is_closed_at_weekends() -> None:
    placed, reason = BERLIN.place(datetime(2027, 4, 10, 7))
    assert placed == datetime(2027, 4, 9, 7)
    assert reason == 'moved from Sat 10 Apr 2027 to Fri 9 Apr 2027: site closed on weekends'


def test_policy_after_moves_to_monday_and_keep_leaves_it_saying_why() -> None:
    after = SiteCalendar(policy=ClosedDayPolicy.AFTER)
    assert after.place(datetime(2027, 4, 10, 7))[0] == datetime(2027, 4, 12, 7)
    keep = SiteCalendar(policy=ClosedDayPolicy.KEEP)
    placed, reason = keep.place(datetime(2027, 4, 10, 7))
    assert placed == datetime(2027, 4, 10, 7)
    assert 'keeps due dates on closed days' in reason


def test_a_national_holiday_and_a_bavarian_one_close_the_site() -> None:
    assert BERLIN.closed_because(date(2028, 10, 3)) == 'public holiday: German Unity Day'
    assert BERLIN.closed_because(date(2027, 1, 6)) == 'public holiday: Epiphany'
    assert SiteCalendar(country='DE', subdivision='BE').closed_because(date(2027, 1, 6)) is None
    placed, reason = BERLIN.place(datetime(2028, 10, 3, 7))
    assert (placed, reason) == (
        datetime(2028, 10, 2, 7),
        'moved from Tue 3 Oct 2028 to Mon 2 Oct 2028: public holiday: German Unity Day',
    )


def test_a_closure_wins_over_the_holiday_and_a_move_skips_the_whole_closure() -> None:
    shutdown = SiteCalendar(closures=(Closure(date(2027, 7, 26), date(2027, 8, 6), 'summer shutdown'),))
    assert shutdown.closed_because(date(2027, 8, 2)) == 'site closed: summer shutdown'
    placed, reason = shutdown.place(datetime(2027, 8, 2, 7))
    assert placed == datetime(2027, 7, 23, 7)  # the Friday before the shutdown
    assert reason.endswith('site closed: summer shutdown')


def test_a_site_working_six_days_names_the_day_it_is_closed() -> None:
    six_days = SiteCalendar(working_days=frozenset(range(6)))
    assert six_days.closed_because(date(2027, 4, 11)) == 'site closed on Sundays'
    assert six_days.is_working_day(date(2027, 4, 10))


def test_working_hours_are_the_capacity_of_a_day_and_none_on_a_closed_day() -> None:
    calendar = SiteCalendar(day_starts=time(6), day_ends=time(14, 30))
    assert calendar.working_hours(date(2027, 4, 9)) == 8.5
    assert calendar.working_hours(date(2027, 4, 10)) == 0


def test_local_times_localise_across_dst_and_a_time_in_the_spring_gap_is_the_clock_after_the_jump() -> None:
    assert BERLIN.to_utc(datetime(2027, 3, 27, 7)) == datetime(2027, 3, 27, 6, tzinfo=UTC)
    assert BERLIN.to_utc(datetime(2027, 3, 29, 7)) == datetime(2027, 3, 29, 5, tzinfo=UTC)
    gap = BERLIN.to_utc(datetime(2027, 3, 28, 2, 30))
    assert BERLIN.to_local(gap) == datetime(2027, 3, 28, 3, 30)


@pytest.mark.parametrize(
    ('kwargs', 'field', 'words'),
    [
        ({'timezone': 'Mars/Olympus'}, 'timezone', 'not an IANA timezone'),
        ({'working_days': frozenset()}, 'working_days', 'at least one weekday'),
        ({'working_days': frozenset({7})}, 'working_days', '0 (Monday) to 6 (Sunday)'),
        ({'day_starts': time(16), 'day_ends': time(7)}, 'day_ends', 'end after it starts'),
        ({'country': 'XX'}, 'country', 'no public holidays are known'),
        ({'country': 'DE', 'subdivision': 'ZZ'}, 'subdivision', 'not a subdivision of DE'),
        ({'subdivision': 'BY'}, 'subdivision', 'needs a country'),
    ],
)
def test_a_calendar_that_cannot_work_is_refused_naming_the_field(kwargs: dict, field: str, words: str) -> None:
    with pytest.raises(CalendarError) as refused:
        SiteCalendar(**kwargs)
    assert refused.value.field == field
    assert words in refused.value.message


def test_a_closure_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(CalendarError, match='ends before it starts'):
        Closure(date(2027, 8, 6), date(2027, 7, 26), 'summer shutdown')
