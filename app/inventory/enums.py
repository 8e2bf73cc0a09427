"""Inventory vocabularies."""

from __future__ import annotations

from enum import StrEnum


class StockMovementKind(StrEnum):
    RECEIPT = 'receipt'  # goods in
    ISSUE = 'issue'  # used on a work order
    RETURN = 'return'  # back from a work order
    ADJUSTMENT = 'adjustment'  # stock count correction
