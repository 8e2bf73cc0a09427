"""Time cycles: built-in frequencies, month ends, custom RRULEs and the errors a planner sees for a bad cycle."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.maintenance.enums import Frequency
from app.maintenance.recurrence import Cycle, CycleError


def _dates(cycle: Cycle, anchor: datetime, count: int) -> list[str]:
    return [f'{d:%Y-%m-%d %H:%M}' for d in cycle.series(anchor, count=count)]


def test_monthly_on_the_31st_takes_the_last_day_of_short_months_and_comes_back_to_the_31st() -> None:
    assert _dates(Cycle(Frequency.MONTHLY), datetime(2027, 1, 31, 7), 5) == [
        '2027-01-31 07:00',
        '2027-02-28 07:00',
        '2027-03-31 07:00',
        '2027-04-30 07:00',
        '2027-05-31 07:00',
    ]


def test_monthly_on_the_31st_takes_the_29th_of_february_in_a_leap_year() -> None:
    assert _dates(Cycle(Frequency.MONTHLY), datetime(2028, 1, 31, 7), 3)[1] == '2028-02-29 07:00'


def test_a_custom_rule_on_monthday_31_means_the_months_last_day_not_rfc_5545s_skip() -> None:
    cycle = Cycle(Frequency.CUSTOM, rrule='FREQ=MONTHLY;BYMONTHDAY=31')
    assert _dates(cycle, datetime(2028, 1, 31, 6, 30), 4) == [
        '2028-01-31 06:30',
        '2028-02-29 06:30',
        '2028-03-31 06:30',
        '2028-04-30 06:30',
    ]


def test_a_custom_rule_on_monthday_30_keeps_the_30th_and_takes_february_s_last_day() -> None:
    cycle = Cycle(Frequency.CUSTOM, rrule='FREQ=MONTHLY;BYMONTHDAY=30')
    assert _dates(cycle, datetime(2027, 1, 30, 8), 3) == ['2027-01-30 08:00', '2027-02-28 08:00', '2027-03-30 08:00']


def test_an_annual_plan_from_the_29th_of_february_lands_on_the_28th_then_back_on_the_29th() -> None:
    assert _dates(Cycle(Frequency.ANNUAL), datetime(2028, 2, 29, 9), 5) == [
        '2028-02-29 09:00',
        '2029-02-28 09:00',
        '2030-02-28 09:00',
        '2031-02-28 09:00',
        '2032-02-29 09:00',
    ]


@pytest.mark.parametrize(
    ('frequency', 'interval', 'second'),
    [
        (Frequency.DAILY, 3, '2027-01-04 07:00'),
        (Frequency.WEEKLY, 2, '2027-01-15 07:00'),
        (Frequency.QUARTERLY, 1, '2027-04-01 07:00'),
        (Frequency.SEMI_ANNUAL, 1, '2027-07-01 07:00'),
        (Frequency.ANNUAL, 2, '2029-01-01 07:00'),
    ],
)
def test_each_frequency_steps_by_its_interval(frequency: Frequency, interval: int, second: str) -> None:
    assert _dates(Cycle(frequency, interval), datetime(2027, 1, 1, 7), 2)[1] == second


def test_a_weekly_custom_rule_on_two_weekdays() -> None:
    cycle = Cycle(Frequency.CUSTOM, rrule='FREQ=WEEKLY;BYDAY=MO,TH')
    assert _dates(cycle, datetime(2027, 1, 4, 7), 4) == [
        '2027-01-04 07:00',
        '2027-01-07 07:00',
        '2027-01-11 07:00',
        '2027-01-14 07:00',
    ]


def test_the_series_after_a_moment_starts_strictly_after_it_and_skips_ahead_on_long_plans() -> None:
    cycle = Cycle(Frequency.MONTHLY)
    anchor = datetime(2000, 1, 31, 7)
    assert cycle.next_after(anchor, datetime(2027, 2, 28, 7)) == datetime(2027, 3, 31, 7)
    assert cycle.next_after(anchor, datetime(2027, 2, 27)) == datetime(2027, 2, 28, 7)
    daily = Cycle(Frequency.DAILY, 10)
    assert daily.next_after(datetime(2000, 1, 1), datetime(2027, 1, 1)) == datetime(2027, 1, 9)  # day 9,870


def test_a_custom_rule_that_has_ended_has_no_next_date() -> None:
    cycle = Cycle(Frequency.CUSTOM, rrule='FREQ=DAILY;COUNT=3')
    assert cycle.next_after(datetime(2027, 1, 1), datetime(2027, 1, 3)) is None


def test_nominal_lengths_count_a_month_as_30_days_as_sap_does() -> None:
    assert Cycle(Frequency.QUARTERLY).nominal_days() == 90
    assert Cycle(Frequency.WEEKLY, 2).nominal_days() == 14
    assert Cycle(Frequency.CUSTOM, rrule='FREQ=WEEKLY;INTERVAL=3').nominal_days() == 21
    assert Cycle(Frequency.CUSTOM, rrule='FREQ=DAILY;COUNT=1').nominal_days() == 1  # a one-off has no cycle


def test_descriptions_read_as_a_planner_says_them() -> None:
    assert Cycle(Frequency.QUARTERLY).describe() == 'every quarter'
    assert Cycle(Frequency.MONTHLY, 3).describe() == 'every 3 months'
    assert Cycle(Frequency.DAILY).describe() == 'every day'


@pytest.mark.parametrize(
    ('kwargs', 'field', 'words'),
    [
        ({'frequency': Frequency.DAILY, 'interval': 0}, 'interval', 'from 1 to 1000'),
        ({'frequency': Frequency.CUSTOM}, 'rrule', 'needs an RRULE'),
        ({'frequency': Frequency.WEEKLY, 'rrule': 'FREQ=WEEKLY'}, 'rrule', 'goes with the custom frequency'),
        ({'frequency': Frequency.CUSTOM, 'rrule': 'FREQ=HOURLY'}, 'rrule', 'shortest cycle is daily'),
        ({'frequency': Frequency.CUSTOM, 'rrule': 'FREQ=SOMETIMES'}, 'rrule', 'not an RFC 5545 rule'),
        ({'frequency': Frequency.CUSTOM, 'rrule': 'DTSTART:20270101T000000\nRRULE:FREQ=DAILY'}, 'rrule', 'DTSTART'),
    ],
)
def test_a_cycle_that_cannot_work_is_refused_naming_the_field(kwargs: dict, field: str, words: str) -> None:
    with pytest.raises(CycleError) as refused:
        Cycle(**kwargs)
    assert refused.value.field == field
    assert words in refused.value.message
