"""Pydantic schemas of scheduling: a site's calendar, its closures and the days it is closed."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator

from app.core.schemas import Schema, StrictInput, not_null
from app.maintenance.enums import ClosedDayPolicy

Weekday = Annotated[int, Field(ge=0, le=6, description='0 = Monday … 6 = Sunday')]
MAX_SPAN_DAYS = 366


def span_at_most_a_year(value: date, info: ValidationInfo) -> date:
    """A validator of ``last_day`` against ``first_day``: on or after it, at most a year on (a field validator, so
    the other fields' errors come at the same time)."""
    first = info.data.get('first_day')
    if first is not None and value < first:
        raise ValueError('The last day cannot be before the first day')
    if first is not None and (value - first).days >= MAX_SPAN_DAYS:
        raise ValueError(f'At most {MAX_SPAN_DAYS} days at once')
    return value


class ClosureCreate(StrictInput):
    first_day: date
    last_day: date
    reason: str = Field(min_length=1, max_length=200)

    _span = field_validator('last_day')(span_at_most_a_year)


class ClosureRead(Schema):
    id: int
    first_day: date
    last_day: date
    reason: str


class SiteCalendarUpdate(StrictInput):
    """What an admin sets; omitted fields keep their values. ``country: null`` drops the public holidays."""

    working_days: list[Weekday] | None = Field(default=None, min_length=1, max_length=7)
    day_starts: time | None = None
    day_ends: time | None = None
    country: str | None = Field(default=None, min_length=2, max_length=3)
    subdivision: str | None = Field(default=None, min_length=1, max_length=10)
    policy: ClosedDayPolicy | None = None

    # Sent as null these would erase what a calendar cannot be without (country null: no public holidays).
    _required = field_validator('working_days', 'day_starts', 'day_ends', 'policy')(not_null)

    @field_validator('working_days')
    @classmethod
    def _distinct_days(cls, days: list[int] | None) -> list[int] | None:
        if days is not None and len(set(days)) != len(days):
            raise ValueError('Name each weekday once')
        return sorted(days) if days is not None else None

    @field_validator('country', 'subdivision')
    @classmethod
    def _upper(cls, code: str | None) -> str | None:
        return code.upper() if code else code


class SiteCalendarRead(Schema):
    site_id: int
    site_name: str
    timezone: str
    working_days: list[int]
    day_starts: time
    day_ends: time
    hours_per_day: float
    country: str | None
    subdivision: str | None
    policy: ClosedDayPolicy
    closures: list[ClosureRead]


class ClosedDay(Schema):
    day: date
    reason: str


class ClosedDaysQuery(StrictInput):
    first_day: date
    last_day: date

    _span = field_validator('last_day')(span_at_most_a_year)
