"""Asset tables: assets, their meters and readings, attachments, lifecycle events and floor plans."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.assets.enums import AssetCondition, AssetEventKind, AssetStatus, AssetType, Criticality
from app.core.db import Base, BigIntId, IdMixin, TimestampMixin, UTCDateTime, utcnow
from app.core.models import enum_column


class Asset(IdMixin, TimestampMixin, Base):
    __tablename__ = 'assets'
    __table_args__ = (
        UniqueConstraint('organization_id', 'code'),
        Index('ix_assets_org_site', 'organization_id', 'site_id'),
        Index('ix_assets_org_status', 'organization_id', 'status'),
        Index('ix_assets_org_name', 'organization_id', 'name'),
        Index('ix_assets_org_parent', 'organization_id', 'parent_id'),
        Index('ix_assets_org_type', 'organization_id', 'asset_type'),
    )

    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'))
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default='')
    asset_type: Mapped[AssetType] = enum_column(AssetType)
    status: Mapped[AssetStatus] = enum_column(AssetStatus, default=AssetStatus.OPERATIONAL)
    condition: Mapped[AssetCondition] = enum_column(AssetCondition, default=AssetCondition.GOOD)
    criticality: Mapped[Criticality] = enum_column(Criticality, default=Criticality.MEDIUM)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey('assets.id', ondelete='RESTRICT'))
    site_id: Mapped[int | None] = mapped_column(ForeignKey('sites.id', ondelete='RESTRICT'))
    # Location within the site.
    building: Mapped[str] = mapped_column(String(120), default='')
    floor: Mapped[str] = mapped_column(String(60), default='')
    room: Mapped[str] = mapped_column(String(120), default='')
    department: Mapped[str] = mapped_column(String(120), default='')
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    floor_plan_id: Mapped[int | None] = mapped_column(ForeignKey('floor_plans.id', ondelete='SET NULL'))
    plan_x: Mapped[float | None] = mapped_column(Float)  # pixels on the floor-plan image, from the left
    plan_y: Mapped[float | None] = mapped_column(Float)  # pixels on the floor-plan image, from the top
    # Identity and money.
    manufacturer: Mapped[str] = mapped_column(String(120), default='')
    model: Mapped[str] = mapped_column(String(120), default='')
    serial_number: Mapped[str] = mapped_column(String(120), default='')
    install_date: Mapped[date | None] = mapped_column(Date)
    warranty_expires: Mapped[date | None] = mapped_column(Date)
    purchase_cost: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    expected_life_years: Mapped[int | None] = mapped_column(Integer)
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {'version_id_col': version}  # stale writes raise instead of silently overwriting


class Meter(IdMixin, TimestampMixin, Base):
    __tablename__ = 'asset_meters'
    __table_args__ = (UniqueConstraint('asset_id', 'name'),)

    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'), index=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey('assets.id', ondelete='CASCADE'), index=True)
    name: Mapped[str] = mapped_column(String(120))
    unit: Mapped[str] = mapped_column(String(32))
    # Cumulative meters (run hours, cycles, odometer) never go down; a lower reading is refused.
    cumulative: Mapped[bool] = mapped_column(Boolean, default=True)
    current_reading: Mapped[float | None] = mapped_column(Float)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MeterReading(Base):
    __tablename__ = 'asset_meter_readings'
    __table_args__ = (Index('ix_asset_meter_readings_meter_at', 'meter_id', 'read_at'),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'))
    meter_id: Mapped[int] = mapped_column(ForeignKey('asset_meters.id', ondelete='CASCADE'))
    value: Mapped[float] = mapped_column(Float)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(32), default='manual')
    recorded_by: Mapped[str] = mapped_column(String(320), default='')


class Attachment(IdMixin, Base):
    __tablename__ = 'asset_attachments'

    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'))
    asset_id: Mapped[int] = mapped_column(ForeignKey('assets.id', ondelete='CASCADE'), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))  # photo, manual, document
    uploaded_by: Mapped[str] = mapped_column(String(320))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AssetEvent(Base):
    """One entry of an asset's lifecycle timeline: who, when, what changed from → to, and why."""

    __tablename__ = 'asset_events'
    __table_args__ = (Index('ix_asset_events_asset_at', 'asset_id', 'at'),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'))
    asset_id: Mapped[int] = mapped_column(ForeignKey('assets.id', ondelete='CASCADE'))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_label: Mapped[str] = mapped_column(String(320))
    kind: Mapped[AssetEventKind] = enum_column(AssetEventKind)
    field: Mapped[str | None] = mapped_column(String(64))
    from_value: Mapped[str | None] = mapped_column(Text)
    to_value: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default='')
    score: Mapped[int | None] = mapped_column(Integer)


class FloorPlan(IdMixin, TimestampMixin, Base):
    """An uploaded plan image of one floor of one building; assets are placed on it in pixel coordinates."""

    __tablename__ = 'floor_plans'
    __table_args__ = (UniqueConstraint('organization_id', 'site_id', 'building', 'floor'),)

    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'))
    site_id: Mapped[int] = mapped_column(ForeignKey('sites.id', ondelete='CASCADE'))
    building: Mapped[str] = mapped_column(String(120))
    floor: Mapped[str] = mapped_column(String(60))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
