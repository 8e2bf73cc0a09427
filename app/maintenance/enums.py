"""Scheduling vocabularies (the JSON API contract fixes frequency and trigger)."""

from enum import StrEnum


class Frequency(StrEnum):
    DAILY = 'daily'
    WEEKLY = 'weekly'
    MONTHLY = 'monthly'
    QUARTERLY = 'quarterly'
    SEMI_ANNUAL = 'semi_annual'
    ANNUAL = 'annual'
    CUSTOM = 'custom'  # an RFC 5545 RRULE


class TriggerKind(StrEnum):
    TIME = 'time'
    USAGE = 'usage'
    CONDITION = 'condition'
    EVENT = 'event'
    MANUAL = 'manual'


class PlanMode(StrEnum):
    """How a completion moves the plan: fixed keeps the dates of the plan, floating counts from the completion."""

    FIXED = 'fixed'
    FLOATING = 'floating'


class ClosedDayPolicy(StrEnum):
    """Where a due date goes when it falls on a day the site is closed."""

    BEFORE = 'before'  # the last working day before it
    AFTER = 'after'  # the first working day after it
    KEEP = 'keep'  # stays where it is
