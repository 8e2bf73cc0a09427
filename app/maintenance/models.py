"""Scheduling tables: each site's working calendar and its closures (the site's timezone is the site's own)."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base, IdMixin, TimestampMixin
from app.core.models import enum_column
from app.maintenance.enums import ClosedDayPolicy

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
