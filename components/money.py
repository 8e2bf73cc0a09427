"""Amounts of money as people read them, in the organisation's currency: '€1,234.50', '$12.00', 'CHF 80.00'.

The one formatter of money: every page shows costs through it. The currency is an organisation setting
(``OrganizationRead.currency``); ``page_context`` sets it for the page, so a page shows ``money(value)``.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal, get_currency_precision, get_currency_symbol
from nicegui import app

from components import tables

DEFAULT_CURRENCY = 'EUR'
_PAGE_KEY = 'cmms_currency'
LOCALE = 'en'  # the UI's language: thousands with commas, decimals with a point


def format_money(value: Decimal | float | int | None, currency: str) -> str:
    """``value`` with the currency's symbol (or its code when it has no symbol of its own) and its decimals."""
    if value is None:
        return '—'
    digits = get_currency_precision(currency)
    number = format_decimal(Decimal(str(value)), format='#,##0' + ('.' + '0' * digits if digits else ''), locale=LOCALE)
    symbol = get_currency_symbol(currency, locale=LOCALE)
    if symbol == currency or symbol.isalpha():  # 'CHF', 'kr': a word, so a space before the number
        return f'{symbol}\u00a0{number}'
    return f'-{symbol}{number[1:]}' if number.startswith('-') else f'{symbol}{number}'


def symbol(currency: str | None = None) -> str:
    """The currency's symbol, for labels of money inputs ('Unit cost (€)')."""
    return get_currency_symbol(currency or page_currency(), locale=LOCALE)


def set_page_currency(currency: str) -> None:
    """The organisation's currency for this page (its browser tab), as ``page_context`` read it."""
    app.storage.client[_PAGE_KEY] = currency


def page_currency() -> str:
    return app.storage.client.get(_PAGE_KEY, DEFAULT_CURRENCY)


def money(value: Decimal | float | int | None) -> str:
    """``value`` in the page's currency."""
    return format_money(value, page_currency())


def money_column(name: str, label: str) -> dict:
    """A right-aligned table column of amounts (rows from ``money_fields``), sorted by the number, not the text."""
    return tables.column(name, label, align='right') | {
        'classes': 'cmms-num',
        ':sort': f'(a, b, rowA, rowB) => rowA.{name}_value - rowB.{name}_value',
    }


def money_fields(name: str, value: Decimal | float | int | None) -> dict:
    """``{name: '€12.50', name_value: 12.5}`` for a row of a table with a ``money_column``."""
    return {name: money(value), f'{name}_value': None if value is None else float(value)}
