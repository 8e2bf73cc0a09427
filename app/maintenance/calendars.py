"""Site calendars: when a site works, in which timezone, and where a due date goes when the site is closed.

A calendar is plain data (a frozen dataclass): the engine that computes due dates reads it and never touches the
database. Public holidays come from the ``holidays`` package by country and subdivision (ISO 3166 codes); custom
closures (a shutdown, a stocktake) come on top. A day is closed for the first of: a closure, a public holiday, a
weekday the site does not work.

Local times are what people plan in ("07:00 on the first Monday"), so recurrence is computed on naive local times
and localised afterwards (``to_utc``): 07:00 stays 07:00 across daylight-saving changes. A local time that does not
exist (02:30 on the spring-forward night) becomes the same instant as the wall clock shows after the jump (03:30);
one that exists twice (the autumn night) is the first of the two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import holidays
from babel import Locale

from app.maintenance import wording
from app.maintenance.enums import ClosedDayPolicy

WEEKDAYS = ('Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays')
MAX_SEARCH_DAYS = 366  # a calendar closed for a whole year has no working day to move to


class CalendarError(ValueError):
    """A calendar setting that cannot work, naming the field."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f'{field_name}: {message}')
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class Closure:
    """Days the site is closed on top of weekends and public holidays, both ends included."""

    first: date
    last: date
    reason: str

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise CalendarError('closures', f'{self.reason!r} ends before it starts')


@dataclass(frozen=True)
class SiteCalendar:
    timezone: str = 'UTC'
    working_days: frozenset[int] = frozenset(range(5))  # Monday = 0 … Sunday = 6
    day_starts: time = time(7)
    day_ends: time = time(16)
    country: str | None = None  # ISO 3166-1 alpha-2, for public holidays
    subdivision: str | None = None  # ISO 3166-2 part after the dash ('BY' for Bavaria)
    closures: tuple[Closure, ...] = field(default=())
    policy: ClosedDayPolicy = ClosedDayPolicy.BEFORE

    def __post_init__(self) -> None:
        _check_timezone(self.timezone)
        if not self.working_days:
            raise CalendarError('working_days', 'a site must work on at least one weekday')
        if not set(self.working_days) <= set(range(7)):
            raise CalendarError('working_days', 'weekdays are 0 (Monday) to 6 (Sunday)')
        if self.day_ends <= self.day_starts:
            raise CalendarError('day_ends', 'the working day must end after it starts')
        _check_region(self.country, self.subdivision)

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def hours_per_day(self) -> float:
        start, end = (datetime.combine(date.min, t) for t in (self.day_starts, self.day_ends))
        return (end - start).total_seconds() / 3600

    def closed_because(self, day: date) -> str | None:
        """Why the site is closed on ``day`` ('public holiday: Christmas Day'), or None on a working day."""
        for closure in self.closures:
            if closure.first <= day <= closure.last:
                return f'site closed: {closure.reason}'
        if self.country and (name := _holidays(self.country, self.subdivision, day.year).get(day)):
            return f'public holiday: {name}'
        if day.weekday() not in self.working_days:
            return f'site closed on {self._closed_weekdays()}'
        return None

    def is_working_day(self, day: date) -> bool:
        return self.closed_because(day) is None

    def working_hours(self, day: date) -> float:
        """Hours a person works on ``day`` at this site (0 when closed): the capacity a forecast weighs work against."""
        return self.hours_per_day if self.is_working_day(day) else 0.0

    def place(self, when: datetime) -> tuple[datetime, str | None]:
        """Where a due time (naive local) lands under the policy, with the reason it moved (None: it did not)."""
        reason = self.closed_because(when.date())
        if reason is None:
            return when, None
        if self.policy is ClosedDayPolicy.KEEP:
            return when, f'kept on {wording.day(when)} ({reason}): this site keeps due dates on closed days'
        step = timedelta(days=-1 if self.policy is ClosedDayPolicy.BEFORE else 1)
        moved = when
        for _ in range(MAX_SEARCH_DAYS):
            moved += step
            if self.is_working_day(moved.date()):
                return moved, f'moved from {wording.day(when)} to {wording.day(moved)}: {reason}'
        raise CalendarError('closures', f'no working day within a year of {wording.day(when)}')

    def to_utc(self, local: datetime) -> datetime:
        """A naive local time at this site as an aware UTC instant (see the module docstring for DST gaps)."""
        return local.replace(tzinfo=self.zone, fold=0).astimezone(UTC)

    def to_local(self, instant: datetime) -> datetime:
        """An aware instant as naive local time at this site."""
        return instant.astimezone(self.zone).replace(tzinfo=None)

    def _closed_weekdays(self) -> str:
        closed = [n for n in range(7) if n not in self.working_days]
        if closed == [5, 6]:
            return 'weekends'
        return ' and '.join(WEEKDAYS[n] for n in closed)


@cache
def known_countries() -> dict[str, str]:
    """Countries public holidays are known for, ISO code → English name, by name (the calendar form's choices)."""
    names = Locale('en').territories
    codes = [code for code in holidays.list_supported_countries() if len(code) == 2]
    return dict(sorted(((code, names.get(code, code)) for code in codes), key=lambda item: item[1]))


@cache
def known_subdivisions(country: str) -> dict[str, str]:
    """The subdivisions with their own holidays, code → 'BY · Bayern' (empty for an unknown country)."""
    if country not in holidays.list_supported_countries():
        return {}
    aliases = {code: alias for alias, code in _holidays(country, None, 2000).subdivisions_aliases.items()}
    codes = holidays.list_supported_countries()[country]
    return {code: f'{code} · {aliases[code]}' if code in aliases else code for code in codes}


@cache
def _holidays(country: str, subdivision: str | None, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, subdiv=subdivision, years=year)


@cache
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def _check_timezone(name: str) -> None:
    if name not in _timezones() and name != 'UTC':
        raise CalendarError('timezone', f'{name!r} is not an IANA timezone (e.g. Europe/Berlin)')
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CalendarError('timezone', f'{name!r} is not an IANA timezone (e.g. Europe/Berlin)') from None


def _check_region(country: str | None, subdivision: str | None) -> None:
    if country is None:
        if subdivision:
            raise CalendarError('subdivision', 'a subdivision needs a country')
        return
    supported = holidays.list_supported_countries()
    if country not in supported:
        raise CalendarError('country', f'no public holidays are known for {country!r} (use an ISO code, e.g. DE)')
    if subdivision and subdivision not in supported[country]:
        some = ', '.join(supported[country][:6])
        raise CalendarError('subdivision', f'{subdivision!r} is not a subdivision of {country} (e.g. {some})')
