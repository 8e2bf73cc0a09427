"""How the engine writes dates and amounts in its explanations: one style for every reason it gives."""

from __future__ import annotations

from datetime import date, datetime


def day(value: date | datetime) -> str:
    """'Sat 12 Apr 2026' (the weekday matters to a planner: it is why dates move)."""
    return f'{value:%a} {value.day} {value:%b %Y}'


def days(count: int) -> str:
    return f'{count} day' if abs(count) == 1 else f'{count} days'


def amount(value: float, unit: str) -> str:
    """'12,500 h', '2.5 km': no trailing zeros, thousands separated."""
    text = f'{value:,.2f}'.rstrip('0').rstrip('.')
    return f'{text} {unit}'.strip()
