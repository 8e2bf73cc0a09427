"""Scheduling tables: each site's working calendar and its closures (the site's timezone is the site's own), and
the maintenance schedules (preventive plans)."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.assets.enums import AssetStatus
from app.core.db import Base, IdMixin, TimestampMixin, UTCDateTime
from app.core.models import enum_column
from app.maintenance.enums import ClosedDayPolicy, Frequency, PlanMode, TriggerKind
from app.work_orders.enums import Priority, WorkType

MONDAY_TO_FRIDAY = 0b0011111  # bit n set: the site works on weekday n (Monday = 0)


class SiteCalendarSettings(IdMixin, TimestampMixin, Base):
    """How one site works; a site without a row works Monday to Friday, 07:00–16:00, without public holidays."""

    __tablename__ = 'site_calendars'
    __table_args__ = (
        UniqueConstraint('site_id'),
        CheckConstraint('working_days > 0 AND working_days < 128', name='working_days_bits'),
        CheckConstraint('day_ends > day_starts', name='day_ends_after_start'),
    )

    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey('sites.id', ondelete='CASCADE'))
    working_days: Mapped[int] = mapped_column(Integer, default=MONDAY_TO_FRIDAY)
    day_starts: Mapped[time] = mapped_column(Time, default=time(7))
    day_ends: Mapped[time] = mapped_column(Time, default=time(16))
    country: Mapped[str | None] = mapped_column(String(3))
    subdivision: Mapped[str | None] = mapped_column(String(10))
    policy: Mapped[ClosedDayPolicy] = enum_column(ClosedDayPolicy, default=ClosedDayPolicy.BEFORE)


class SiteClosure(IdMixin, TimestampMixin, Base):
    """Days a site is closed on top of its weekends and public holidays (a shutdown, a stocktake)."""

    __tablename__ = 'site_closures'
    __table_args__ = (
        Index('ix_site_closures_site_first', 'site_id', 'first_day'),
        CheckConstraint('last_day >= first_day', name='last_day_after_first'),
    )

    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey('sites.id', ondelete='CASCADE'))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200))


class MaintenanceSchedule(IdMixin, TimestampMixin, Base):
    """A preventive plan for one asset: what work, and the triggers that make it due (see schedule_schemas).

    ``anchor_at`` is where the time series counts from: ``start_at`` at first, moved by completions outside the
    tolerance (``shifting.py``). ``next_due_at`` and its explanation are kept current by the service, so lists sort
    by them without computing every plan.
    """

    __tablename__ = 'maintenance_schedules'
    __table_args__ = (
        Index('ix_maintenance_schedules_org_next_due', 'organization_id', 'next_due_at'),
        CheckConstraint('interval >= 1', name='interval_positive'),
    )

    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default='')
    asset_id: Mapped[int] = mapped_column(ForeignKey('assets.id', ondelete='CASCADE'), index=True)
    template_id: Mapped[int | None] = mapped_column(ForeignKey('work_order_templates.id', ondelete='SET NULL'))
    maintenance_type: Mapped[WorkType] = enum_column(WorkType)
    priority: Mapped[Priority] = enum_column(Priority)
    estimated_hours: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey('users.id', ondelete='SET NULL'))
    team: Mapped[str] = mapped_column(String(120), default='')
    lead_days: Mapped[int] = mapped_column(Integer, default=7)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    trigger: Mapped[TriggerKind] = enum_column(TriggerKind)
    triggers: Mapped[list[str]] = mapped_column(JSON, default=list)
    frequency: Mapped[Frequency | None] = enum_column(Frequency, nullable=True)
    interval: Mapped[int] = mapped_column(Integer, default=1)
    rrule: Mapped[str | None] = mapped_column(String(500))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    anchor_at: Mapped[datetime] = mapped_column(UTCDateTime)
    plan_mode: Mapped[PlanMode] = enum_column(PlanMode, default=PlanMode.FIXED)
    tolerance_pct: Mapped[int] = mapped_column(Integer, default=10)
    shift_pct: Mapped[int | None] = mapped_column(Integer)
    usage_meter: Mapped[str | None] = mapped_column(String(120))
    usage_every: Mapped[float | None] = mapped_column(Float)
    event_asset_status: Mapped[AssetStatus | None] = enum_column(AssetStatus, nullable=True)
    event_work_type: Mapped[WorkType | None] = enum_column(WorkType, nullable=True)
    event_delay_days: Mapped[int] = mapped_column(Integer, default=0)
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_due_explanation: Mapped[str] = mapped_column(Text, default='')
    version: Mapped[int] = mapped_column(Integer, default=1)
