"""Pydantic schemas of the forecast: the plans' coming occurrences, and each site's days of work against capacity."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field, field_validator

from app.core.input_types import RowId
from app.core.schemas import Schema, StrictInput
from app.maintenance.enums import TriggerKind
from app.maintenance.schemas import span_at_most_a_year


class ForecastQuery(StrictInput):
    first_day: date
    last_day: date
    site_id: RowId | None = None

    _span = field_validator('last_day')(span_at_most_a_year)


class ForecastOccurrence(Schema):
    schedule_id: int
    schedule_name: str
    asset_id: int
    asset_code: str
    site_id: int | None
    due_at: datetime
    day: date  # the site's local date
    trigger: TriggerKind
    estimated_hours: float | None
    explanation: str


class ForecastDay(Schema):
    site_id: int
    site_name: str
    day: date
    planned_hours: float = Field(description='Estimated hours of the occurrences due that day')
    occurrences: int
    without_estimate: int = Field(description='Occurrences whose plan has no estimate (not in planned_hours)')
    technicians: int = Field(description='Active technicians whose home site this is')
    capacity_hours: float = Field(description='Technicians × the working hours of the site calendar that day')
    closed: str | None = Field(description='Why the site is closed that day, if it is')
    overloaded: bool


class Forecast(Schema):
    first_day: date
    last_day: date
    occurrences: list[ForecastOccurrence]
    days: list[ForecastDay]
    overloaded_days: int
