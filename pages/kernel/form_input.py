"""Turning what a form input holds into what a service takes."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

MONEY_PLACES = '0.01'
QUANTITY_PLACES = '0.001'


def parse_decimal(value: Any, places: str | None = None) -> Decimal | None:
    """A number input's value (float, text or None) as a Decimal, rounded to ``places`` if given; None if blank.

    Through ``str`` so that the float 0.1 becomes Decimal('0.1'), not its binary neighbour. Text that is no number
    is None too: the service then says which field is missing, next to it.
    """
    if value is None or value == '':
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number.quantize(Decimal(places)) if places else number
