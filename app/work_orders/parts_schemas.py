"""Schemas of the parts catalogue, stock, labour and templates that ``schemas.py`` does not hold (kept apart so two
developers never edit one file): partial updates, stock changes, filters and the caller's running timer."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator

from app.core.db import MAX_ROW_ID
from app.core.schemas import PageParams, SearchText, StrictInput
from app.work_orders.enums import Priority, StockMovementKind, WorkType
from app.work_orders.schemas import PartLine, StepDefinition, TimeLogRead

# part_stock.on_hand and min_stock are NUMERIC(12, 3): nine digits before the point.
MAX_QUANTITY = Decimal('999999999.999')
# Costs are NUMERIC(14, 2).
MAX_MONEY = Decimal('999999999999.99')


def _not_null(value: object) -> object:
    # Only runs for a field that was sent: null would mean "erase", which these columns cannot be.
    if value is None:
        raise ValueError('cannot be null; leave the field out to keep its value')
    return value


class PartUpdate(StrictInput):
    """Partial update of a catalogue entry; stock moves through receipts, counts and work orders, never here."""

    part_number: str | None = Field(default=None, min_length=1, max_length=64, pattern=r'^\S(.*\S)?$')
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    unit: str | None = Field(default=None, min_length=1, max_length=32)
    unit_cost: Decimal | None = Field(default=None, ge=0, le=Decimal('999999999'), decimal_places=2)

    _required = field_validator('part_number', 'name', 'description', 'unit', 'unit_cost')(_not_null)


class StockChange(StrictInput):
    """Goods in (``receipt``: quantity added) or a stock count (``adjustment``: quantity is the counted on-hand)."""

    kind: Literal[StockMovementKind.RECEIPT, StockMovementKind.ADJUSTMENT] = StockMovementKind.RECEIPT
    site_id: int
    quantity: Decimal = Field(ge=0, le=MAX_QUANTITY, decimal_places=3)
    note: str = Field(default='', max_length=2000)


class StockSettings(StrictInput):
    """The reorder level (and optionally the bin) of a part at one site; on-hand is left as it is."""

    site_id: int
    min_stock: Decimal = Field(ge=0, le=MAX_QUANTITY, decimal_places=3)
    bin_location: str | None = Field(default=None, max_length=64)


class PartFilter(PageParams):
    q: SearchText | None = Field(default=None, max_length=200, description='Search part number and name')
    site_id: int | None = Field(
        default=None, ge=1, le=MAX_ROW_ID, description='Only parts stocked at this site, with its stock only'
    )
    low_only: bool = Field(default=False, description='Only parts below their minimum stock')


class MovementFilter(PageParams):
    part_id: int | None = Field(default=None, ge=1, le=MAX_ROW_ID)
    work_order_id: int | None = Field(default=None, ge=1, le=MAX_ROW_ID)


class TemplateUpdate(StrictInput):
    """Partial update of a template; ``steps`` and ``parts``, when sent, replace the whole list."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=20_000)
    work_type: WorkType | None = None
    priority: Priority | None = None
    estimated_hours: Decimal | None = Field(default=None, ge=0, le=Decimal('100000'), decimal_places=2)
    steps: list[StepDefinition] | None = Field(default=None, max_length=200)
    parts: list[PartLine] | None = Field(default=None, max_length=100)
    active: bool | None = None

    _required = field_validator('name', 'title', 'description', 'work_type', 'priority', 'steps', 'parts', 'active')(
        _not_null
    )


class RunningTimerRead(TimeLogRead):
    """The caller's running timer, with the work order it runs on."""

    work_order_id: int
    work_order_number: str
    work_order_title: str
