"""Money and quantities as every domain stores and words them: costs in NUMERIC(14, 2), rounded half up."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal('0.01')
# Costs are NUMERIC(14, 2).
MAX_MONEY = Decimal('999999999999.99')


def money(value: Decimal) -> Decimal:
    """Rounded to the cent, half up, as invoices are."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def quantity_text(value: Decimal) -> str:
    """``2.500`` → ``2.5``, ``3.000`` → ``3`` (for messages)."""
    text = f'{value:f}'
    return text.rstrip('0').rstrip('.') if '.' in text else text
