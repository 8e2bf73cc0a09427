"""Time cycles: the series of planned local times a time trigger produces from its anchor.

All arithmetic is on naive local times (the site's wall clock; ``calendars.SiteCalendar.to_utc`` localises), so a
weekly 07:00 job stays at 07:00 across daylight-saving changes.

Month ends done right: a monthly (quarterly, semi-annual, annual) series keeps the day of its anchor and takes the
last day of shorter months: "monthly on the 31st" is 31 Jan, 28 (or 29) Feb, 31 Mar, 30 Apr. Each occurrence is
counted from the anchor, never from the previous occurrence, so February does not pull March back to the 28th.
RFC 5545 instead drops months without the day (a monthly RRULE with BYMONTHDAY=31 skips February); a custom rule
with one BYMONTHDAY of 29–31 is read our way too (the last of the days 28 … N that the month has), because that
is what planners mean, and users of dateutil report the RFC behaviour as a bug again and again.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from dateutil.rrule import DAILY, rrule, rrulestr

from app.maintenance.enums import Frequency

MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.SEMI_ANNUAL: 6, Frequency.ANNUAL: 12}
DAYS = {Frequency.DAILY: 1, Frequency.WEEKLY: 7}
MAX_INTERVAL = 1000
NAMES = {
    Frequency.DAILY: ('day', 'days'),
    Frequency.WEEKLY: ('week', 'weeks'),
    Frequency.MONTHLY: ('month', 'months'),
    Frequency.QUARTERLY: ('quarter', 'quarters'),
    Frequency.SEMI_ANNUAL: ('half-year', 'half-years'),
    Frequency.ANNUAL: ('year', 'years'),
}
_MONTH_END_DAY = re.compile(r'(?i)(?:^|;)BYMONTHDAY=(29|30|31)(?:;|$)')


class CycleError(ValueError):
    """A cycle that cannot work, naming the field."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f'{field_name}: {message}')
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class Cycle:
    frequency: Frequency
    interval: int = 1
    rrule: str | None = None  # for Frequency.CUSTOM: RFC 5545 RRULE without DTSTART, e.g. FREQ=WEEKLY;BYDAY=MO,TH

    def __post_init__(self) -> None:
        if not 1 <= self.interval <= MAX_INTERVAL:
            raise CycleError('interval', f'give a whole number from 1 to {MAX_INTERVAL}')
        if self.frequency is Frequency.CUSTOM:
            if not self.rrule:
                raise CycleError('rrule', 'a custom frequency needs an RRULE, e.g. FREQ=WEEKLY;BYDAY=MO,TH')
            _check_rrule(self.rrule)
        elif self.rrule:
            raise CycleError('rrule', f'an RRULE goes with the custom frequency, not {self.frequency.value}')

    def describe(self) -> str:
        """'every 3 months', 'every day', 'on FREQ=WEEKLY;BYDAY=MO,TH'."""
        if self.frequency is Frequency.CUSTOM:
            return f'on the rule {self.rrule}'
        one, many = NAMES[self.frequency]
        return f'every {one}' if self.interval == 1 else f'every {self.interval} {many}'

    def nominal_days(self) -> int:
        """The cycle's length in days for tolerances (SAP counts a month as 30 days: 3 months = 90 days)."""
        if self.frequency in DAYS:
            return DAYS[self.frequency] * self.interval
        if self.frequency in MONTHS:
            return 30 * MONTHS[self.frequency] * self.interval
        dates = list(self.series(datetime(2001, 1, 1), count=2))
        return max(1, (dates[1] - dates[0]).days) if len(dates) == 2 else 1  # a one-off rule (COUNT=1): a day

    def nth(self, anchor: datetime, k: int) -> datetime:
        """The k-th planned time after ``anchor`` (k = 0 is the anchor itself) for the built-in frequencies."""
        if self.frequency in DAYS:
            return anchor + timedelta(days=DAYS[self.frequency] * self.interval * k)
        if self.frequency in MONTHS:
            return add_months(anchor, MONTHS[self.frequency] * self.interval * k)
        raise CycleError('frequency', 'a custom rule has no fixed step: use series()')

    def series(
        self, anchor: datetime, *, after: datetime | None = None, count: int | None = None
    ) -> Iterator[datetime]:
        """Planned times from ``anchor`` on (the anchor included), those after ``after`` only, at most ``count``."""
        produced = 0
        for planned in self._unbounded(anchor, after):
            if after is not None and planned <= after:
                continue
            if count is not None and produced >= count:
                return
            produced += 1
            yield planned

    def next_after(self, anchor: datetime, when: datetime) -> datetime | None:
        """The first planned time strictly after ``when`` (None when a custom rule has ended: COUNT or UNTIL)."""
        return next(self.series(anchor, after=when, count=1), None)

    def _unbounded(self, anchor: datetime, after: datetime | None) -> Iterator[datetime]:
        if self.frequency is Frequency.CUSTOM:
            yield from self._parsed(anchor)
            return
        k = self._steps_before(anchor, after) if after is not None else 0
        while True:
            yield self.nth(anchor, k)
            k += 1

    def _steps_before(self, anchor: datetime, after: datetime) -> int:
        """A step count that lands at or before ``after`` (so a long-running plan does not count from its start)."""
        if after <= anchor:
            return 0
        if self.frequency in DAYS:
            return (after - anchor).days // (DAYS[self.frequency] * self.interval)
        months = (after.year - anchor.year) * 12 + after.month - anchor.month
        return max(0, months // (MONTHS[self.frequency] * self.interval) - 1)

    def _parsed(self, anchor: datetime) -> rrule:
        return rrulestr(_planners_month_ends(self.rrule or ''), dtstart=anchor, cache=False)


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` moved by whole months, keeping its day or taking the month's last day when it is shorter."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return moment.replace(year=year, month=month + 1, day=min(moment.day, last))


def _planners_month_ends(rule: str) -> str:
    """BYMONTHDAY=31 as 'the last of the days 28–31 the month has' (see the module docstring)."""
    found = _MONTH_END_DAY.search(rule)
    if not found or re.search(r'(?i)BYSETPOS|BYDAY|BYYEARDAY|BYWEEKNO', rule):
        return rule
    days = ','.join(str(d) for d in range(28, int(found.group(1)) + 1))
    return _MONTH_END_DAY.sub(lambda m: m.group(0).replace(m.group(1), days), rule) + ';BYSETPOS=-1'


def _check_rrule(rule: str) -> None:
    if re.search(r'(?i)DTSTART|^\s*RRULE:', rule):
        raise CycleError('rrule', 'give the rule without DTSTART or an RRULE: prefix: the schedule starts it')
    try:
        parsed = rrulestr(_planners_month_ends(rule), dtstart=datetime(2001, 1, 1), cache=False)
    except (ValueError, TypeError) as error:
        raise CycleError('rrule', f'not an RFC 5545 rule: {error}') from None
    if parsed._freq > DAILY:  # HOURLY, MINUTELY, SECONDLY: a preventive plan is at most daily
        raise CycleError('rrule', 'the shortest cycle is daily (FREQ=DAILY)')
    if next(iter(parsed), None) is None:
        raise CycleError('rrule', 'the rule produces no dates')
