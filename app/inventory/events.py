"""What inventory tells other domains: a part's stock at a site fell below its minimum."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from app.core.events import DomainEvent


class StockBelowMinimum(DomainEvent):
    """Published when a movement takes on-hand from at or above the minimum to below it (once per crossing)."""

    name: ClassVar[str] = 'inventory.stock_below_minimum'
    aggregate_type: ClassVar[str] = 'part_stock'
    aggregate_field: ClassVar[str] = 'stock_key'

    part_id: int
    part_number: str
    part_name: str
    site_id: int
    on_hand: Decimal
    min_stock: Decimal
    unit: str

    @property
    def stock_key(self) -> str:
        return f'{self.part_id}@{self.site_id}'
