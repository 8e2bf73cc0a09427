"""Schemas of the parts catalogue and its stock: create/update/read families, stock changes, filters, the ledger."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator

from app.core.db import MAX_ROW_ID
from app.core.input_types import RowId
from app.core.schemas import PageParams, Schema, SearchText, StrictInput, not_null
from app.inventory.enums import StockMovementKind

# part_stock.on_hand and min_stock are NUMERIC(12, 3): nine digits before the point.
MAX_QUANTITY = Decimal('999999999.999')


class PartUpdate(StrictInput):
    """Partial update of a catalogue entry; stock moves through receipts, counts and work orders, never here."""

    part_number: str | None = Field(default=None, min_length=1, max_length=64, pattern=r'^\S(.*\S)?$')
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    unit: str | None = Field(default=None, min_length=1, max_length=32)
    unit_cost: Decimal | None = Field(default=None, ge=0, le=Decimal('999999999'), decimal_places=2)

    _required = field_validator('part_number', 'name', 'description', 'unit', 'unit_cost')(not_null)


class StockChange(StrictInput):
    """Goods in (``receipt``: quantity added) or a stock count (``adjustment``: quantity is the counted on-hand)."""

    kind: Literal[StockMovementKind.RECEIPT, StockMovementKind.ADJUSTMENT] = StockMovementKind.RECEIPT
    site_id: RowId
    quantity: Decimal = Field(ge=0, le=MAX_QUANTITY, decimal_places=3)
    note: str = Field(default='', max_length=2000)


class StockSettings(StrictInput):
    """The reorder level (and optionally the bin) of a part at one site; on-hand is left as it is."""

    site_id: RowId
    min_stock: Decimal = Field(ge=0, le=MAX_QUANTITY, decimal_places=3)
    bin_location: str | None = Field(default=None, max_length=64)


class PartFilter(PageParams):
    q: SearchText | None = Field(default=None, max_length=200, description='Search part number and name')
    site_id: RowId | None = Field(
        default=None, ge=1, le=MAX_ROW_ID, description='Only parts stocked at this site, with its stock only'
    )
    low_only: bool = Field(default=False, description='Only parts below their minimum stock')


class MovementFilter(PageParams):
    part_id: RowId | None = None
    work_order_id: RowId | None = None


class PartCreate(StrictInput):
    part_number: str = Field(min_length=1, max_length=64, pattern=r'^\S(.*\S)?$')
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default='', max_length=5000)
    unit: str = Field(default='pcs', min_length=1, max_length=32)
    unit_cost: Decimal = Field(default=Decimal('0'), ge=0, le=Decimal('999999999'), decimal_places=2)
    stock: list[StockLevelSet] = Field(default_factory=list, description='Initial stock per site')


class StockLevelSet(StrictInput):
    site_id: RowId
    on_hand: Decimal = Field(ge=0, le=Decimal('1000000000'), decimal_places=3)
    min_stock: Decimal = Field(default=Decimal('0'), ge=0, le=Decimal('1000000000'), decimal_places=3)
    bin_location: str = Field(default='', max_length=64)


class StockRead(Schema):
    site_id: int
    site_name: str = ''
    on_hand: Decimal
    min_stock: Decimal
    bin_location: str
    is_low: bool


class PartRead(Schema):
    id: int
    part_number: str
    name: str
    description: str
    unit: str
    unit_cost: Decimal
    stock: list[StockRead] = Field(default_factory=list)
    total_on_hand: Decimal = Decimal('0')
    is_low: bool = False


class StockMovementRead(Schema):
    id: int
    part_id: int
    site_id: int
    kind: StockMovementKind
    quantity: Decimal
    balance_after: Decimal
    unit_cost: Decimal
    work_order_id: int | None
    work_order_number: str | None = None  # 'WO-001900', when the movement was for a work order
    actor_label: str
    note: str
    at: datetime


class WorkOrderPartRead(Schema):
    part_id: int
    part_number: str
    name: str
    unit: str
    quantity: Decimal = Field(description='Net quantity used (issues minus returns)')
    cost: Decimal


PartCreate.model_rebuild()
