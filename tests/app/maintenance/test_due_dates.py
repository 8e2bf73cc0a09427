"""The trigger engine's due dates: time series on a site calendar, usage, fired triggers, whichever comes first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.maintenance.calendars import SiteCalendar
from app.maintenance.due_dates import earliest, fired, time_occurrences, usage_due
from app.maintenance.enums import ClosedDayPolicy, Frequency, TriggerKind
from app.maintenance.recurrence import Cycle
from app.maintenance.usage import Reading, UsageRule, project

WEEKDAYS_ONLY = SiteCalendar(timezone='Europe/Berlin')


def _window(cycle: Cycle, calendar: SiteCalendar, anchor: datetime, after: datetime, until: datetime, **kw):
    return list(
        time_occurrences(
            cycle, calendar, anchor=anchor, anchor_note='from the plan start', after=after, until=until, **kw
        )
    )


@pytest.mark.parametrize(
    ('zone', 'offsets'),
    [
        # Berlin: summer time from 28 Mar 2027, winter time from 31 Oct 2027.
        ('Europe/Berlin', {datetime(2027, 3, 22): 6, datetime(2027, 3, 29): 5, datetime(2027, 11, 1): 6}),
        # Chicago: daylight time from 14 Mar 2027, standard time from 7 Nov 2027.
        ('America/Chicago', {datetime(2027, 3, 8): 13, datetime(2027, 3, 15): 12, datetime(2027, 11, 8): 13}),
    ],
)
def test_a_weekly_0700_job_stays_at_0700_local_across_both_dst_changes(zone: str, offsets: dict) -> None:
    calendar = SiteCalendar(timezone=zone)
    monday = datetime(2027, 1, 4, 7)
    dues = _window(Cycle(Frequency.WEEKLY), calendar, monday, datetime(2027, 1, 1), datetime(2027, 12, 31))
    assert {d.local.time() for d in dues} == {monday.time()}
    by_day = {d.local.replace(hour=0): d for d in dues}
    for day, utc_hour in offsets.items():
        assert by_day[day].at == day.replace(hour=utc_hour, tzinfo=UTC)


def test_every_due_date_explains_itself_with_the_calendar_move() -> None:
    anchor = datetime(2027, 1, 10, 7)  # a Sunday, so every quarter lands on some weekday or weekend
    dues = list(
        time_occurrences(
            Cycle(Frequency.MONTHLY, 3),
            WEEKDAYS_ONLY,
            anchor=anchor,
            anchor_note='from the last completion on Sun 10 Jan 2027',
            after=datetime(2027, 1, 1),
            until=datetime(2027, 12, 31),
        )
    )
    april = dues[1]
    assert april.planned == datetime(2027, 4, 10, 7)
    assert april.local == datetime(2027, 4, 9, 7)
    assert april.explanation == (
        'every 3 months from the last completion on Sun 10 Jan 2027; '
        'moved from Sat 10 Apr 2027 to Fri 9 Apr 2027: site closed on weekends'
    )


def test_a_daily_plan_on_a_weekday_site_merges_the_weekend_into_friday_and_stays_strictly_increasing() -> None:
    dues = _window(
        Cycle(Frequency.DAILY), WEEKDAYS_ONLY, datetime(2027, 4, 5, 7), datetime(2027, 4, 4), datetime(2027, 4, 18)
    )
    assert [d.local.day for d in dues] == [5, 6, 7, 8, 9, 12, 13, 14, 15, 16]
    friday = dues[4]
    assert friday.merged == (datetime(2027, 4, 10, 7), datetime(2027, 4, 11, 7))
    assert 'also covers the occurrence planned for Sat 10 Apr 2027' in friday.explanation


def test_policy_after_merges_the_weekend_into_monday() -> None:
    calendar = SiteCalendar(policy=ClosedDayPolicy.AFTER)
    dues = _window(
        Cycle(Frequency.DAILY), calendar, datetime(2027, 4, 5, 7), datetime(2027, 4, 4), datetime(2027, 4, 14)
    )
    assert [d.local.day for d in dues] == [5, 6, 7, 8, 9, 12, 13]  # the 14th at 07:00 is past the window
    assert dues[5].planned == datetime(2027, 4, 10, 7)


def test_an_extended_occurrence_moves_alone_and_the_series_keeps_its_dates() -> None:
    anchor = datetime(2027, 1, 4, 7)
    extended = {datetime(2027, 2, 4, 7): datetime(2027, 2, 18, 7)}
    dues = _window(
        Cycle(Frequency.MONTHLY), WEEKDAYS_ONLY, anchor, datetime(2027, 1, 5), datetime(2027, 4, 30), extended=extended
    )
    assert [d.local.date().isoformat() for d in dues] == ['2027-02-18', '2027-03-04', '2027-04-02']
    assert 'this occurrence extended from Thu 4 Feb 2027 to Thu 18 Feb 2027' in dues[0].explanation
    assert 'moved from Sun 4 Apr 2027 to Fri 2 Apr 2027' in dues[2].explanation


def test_whichever_comes_first_picks_the_usage_projection_and_names_the_time_trigger_it_beat() -> None:
    calendar = SiteCalendar(timezone='Europe/Berlin')
    start = datetime(2027, 3, 1, 12, tzinfo=UTC)
    readings = [Reading(start + timedelta(days=n), 12_000 + 20 * n) for n in range(11)]
    usage = usage_due(project(UsageRule(500, 'Operating hours', 'h'), base_value=12_000, readings=readings), calendar)
    time_due = _window(
        Cycle(Frequency.MONTHLY, 3), calendar, datetime(2027, 1, 4, 7), datetime(2027, 3, 1), datetime(2027, 6, 30)
    )[0]
    winner = earliest([time_due, usage, None])
    assert winner.trigger is TriggerKind.USAGE
    assert winner.local == datetime(2027, 3, 26, 7)  # 12,200 h on 11 Mar, 20 h/day: 12,500 h on Fri 26 Mar
    assert winner.explanation.endswith('whichever comes first: usage before time (Fri 2 Apr 2027)')


def test_a_usage_projection_on_a_holiday_moves_like_any_due_date() -> None:
    calendar = SiteCalendar(timezone='Europe/Berlin', country='DE')
    start = datetime(2027, 12, 1, 12, tzinfo=UTC)
    readings = [Reading(start, 0), Reading(start + timedelta(days=10), 100)]
    due = usage_due(project(UsageRule(240, 'Operating hours', 'h'), base_value=0, readings=readings), calendar)
    assert due.local == datetime(2027, 12, 24, 7)  # projected Sat 25 Dec (Christmas Day), moved to Friday
    assert due.explanation.endswith('moved from Sat 25 Dec 2027 to Fri 24 Dec 2027: public holiday: Christmas Day')


def test_a_fired_condition_is_due_at_once_whatever_the_calendar() -> None:
    saturday_night = datetime(2027, 4, 10, 21, 15, tzinfo=UTC)
    due = fired(
        TriggerKind.CONDITION, saturday_night, WEEKDAYS_ONLY, 'condition "Bearing temperature above 80 °C" fired'
    )
    assert due.at == saturday_night
    assert due.local == datetime(2027, 4, 10, 23, 15)
    assert due.explanation == 'condition "Bearing temperature above 80 °C" fired on Sat 10 Apr 2027 at 23:15'
