"""Parts catalogue and stock: stock on hand per site, and the ledger of every movement."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base, BigIntId, IdMixin, TimestampMixin, UTCDateTime, utcnow
from app.core.models import enum_column
from app.inventory.enums import StockMovementKind

Quantity = Numeric(12, 3)


class Part(IdMixin, TimestampMixin, Base):
    __tablename__ = 'parts'
    __table_args__ = (UniqueConstraint('organization_id', 'part_number'),)

    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'))
    part_number: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default='')
    unit: Mapped[str] = mapped_column(String(32), default='pcs')
    unit_cost: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal('0'))


class PartStock(IdMixin, Base):
    """Stock of one part at one site. The check constraint is the last line against negative stock."""

    __tablename__ = 'part_stock'
    __table_args__ = (
        UniqueConstraint('part_id', 'site_id'),
        CheckConstraint('on_hand >= 0', name='on_hand_not_negative'),
    )

    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'))
    part_id: Mapped[int] = mapped_column(ForeignKey('parts.id', ondelete='CASCADE'))
    site_id: Mapped[int] = mapped_column(ForeignKey('sites.id', ondelete='CASCADE'))
    on_hand: Mapped[Decimal] = mapped_column(Quantity, default=Decimal('0'))
    min_stock: Mapped[Decimal] = mapped_column(Quantity, default=Decimal('0'))
    bin_location: Mapped[str] = mapped_column(String(64), default='')


class StockMovement(Base):
    """One line of the stock ledger; quantity is signed (issue negative, receipt/return positive)."""

    __tablename__ = 'stock_movements'
    __table_args__ = (
        Index('ix_stock_movements_part_site_at', 'part_id', 'site_id', 'at'),
        Index('ix_stock_movements_work_order', 'work_order_id'),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'))
    part_id: Mapped[int] = mapped_column(ForeignKey('parts.id', ondelete='CASCADE'))
    site_id: Mapped[int] = mapped_column(ForeignKey('sites.id', ondelete='CASCADE'))
    kind: Mapped[StockMovementKind] = enum_column(StockMovementKind)
    quantity: Mapped[Decimal] = mapped_column(Quantity)
    balance_after: Mapped[Decimal] = mapped_column(Quantity)
    unit_cost: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    work_order_id: Mapped[int | None] = mapped_column(ForeignKey('work_orders.id', ondelete='SET NULL'))
    actor_label: Mapped[str] = mapped_column(String(320))
    note: Mapped[str] = mapped_column(Text, default='')
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
