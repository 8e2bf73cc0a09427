"""Usage triggers: the due date projected from the meter's recent rate, from the last reading, never slipping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.maintenance.usage import Reading, UsageRule, project

EVERY_500_HOURS = UsageRule(every=500, meter='Operating hours', unit='h')
START = datetime(2027, 3, 1, 12, tzinfo=UTC)


def _daily(days: int, per_day: float, first: float = 12_000) -> list[Reading]:
    return [Reading(START + timedelta(days=n), first + n * per_day) for n in range(days + 1)]


def test_the_due_date_is_projected_at_the_rate_of_the_last_30_days_and_says_which_rate() -> None:
    projection = project(EVERY_500_HOURS, base_value=12_000, readings=_daily(30, 10))
    assert projection.due_value == 12_500
    assert projection.rate_per_day == pytest.approx(10)
    assert projection.at == START + timedelta(days=50)
    assert projection.reason == (
        'every 500 h of Operating hours: due at 12,500 h; at 10 h/day (the 30 days to the reading of 12,300 h on '
        'Wed 31 Mar 2027) that is Tue 20 Apr 2027'
    )


def test_a_meter_based_plan_with_no_readings_for_ten_days_keeps_its_date() -> None:
    readings = _daily(30, 10)
    before = project(EVERY_500_HOURS, base_value=12_000, readings=readings)
    # Ten days pass without a reading: the projection runs from the last reading, so nothing moves.
    after = project(EVERY_500_HOURS, base_value=12_000, readings=list(readings))
    assert after.at == before.at == START + timedelta(days=50)


def test_a_new_reading_re_projects_at_the_new_rate() -> None:
    readings = [*_daily(30, 10), Reading(START + timedelta(days=35), 12_450)]
    projection = project(EVERY_500_HOURS, base_value=12_000, readings=readings)
    assert projection.rate_per_day > 10
    assert projection.at < START + timedelta(days=50)


def test_the_rate_looks_only_at_the_30_days_before_the_last_reading() -> None:
    slow_then_fast = [*_daily(60, 1), *[Reading(START + timedelta(days=60 + n), 12_060 + 5 * n) for n in range(1, 31)]]
    projection = project(EVERY_500_HOURS, base_value=12_000, readings=slow_then_fast)
    assert projection.rate_per_day == pytest.approx(5)


def test_once_the_meter_passes_the_due_value_the_work_is_due_when_it_got_there() -> None:
    readings = [Reading(START, 12_400), Reading(START + timedelta(days=10), 12_600)]
    projection = project(EVERY_500_HOURS, base_value=12_000, readings=readings)
    assert projection.at == START + timedelta(days=5)
    assert 'reached on Sat 6 Mar 2027' in projection.reason


def test_without_readings_or_movement_no_date_is_made_up() -> None:
    assert project(EVERY_500_HOURS, base_value=12_000, readings=[]).at is None
    standing = [Reading(START, 12_100), Reading(START + timedelta(days=20), 12_100)]
    projection = project(EVERY_500_HOURS, base_value=12_000, readings=standing)
    assert projection.at is None
    assert 'has not moved' in projection.reason


def test_a_usage_rule_needs_a_positive_step() -> None:
    with pytest.raises(ValueError, match='every: give a positive number'):
        UsageRule(every=0, meter='Operating hours', unit='h')
