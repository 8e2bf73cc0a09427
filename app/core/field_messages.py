"""Pydantic's validation errors in plain words: one sentence per field, the same for the API and the forms.

Pydantic says "String should have at least 1 character" or "Input should be 'equipment', 'machinery', …"; a person
filling in a form needs "Enter a name" or "Choose a type". The sentence comes from the error's type and its limits
(``ctx``), with the field's noun where one reads better. Messages the schemas write themselves (``ValueError`` in a
validator) pass through, first letter in capitals.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

# How a field is named in "Enter …" / "Choose …"; fields not listed say "this".
NOUNS = {
    'name': 'a name',
    'title': 'a title',
    'code': 'a code',
    'label': 'a label',
    'email': 'an email address',
    'username': 'your email address',
    'password': 'a password',
    'unit': 'a unit',
    'part_number': 'a part number',
    'asset_type': 'a type',
    'status': 'a status',
    'condition': 'a condition',
    'criticality': 'a criticality',
    'priority': 'a priority',
    'work_type': 'a type',
    'role': 'a role',
    'kind': 'a kind',
    'timezone': 'a timezone',
    'site_id': 'a site',
    'quantity': 'a quantity',
    'hours': 'the hours',
    'value': 'a value',
}
CHOICE_TYPES = frozenset({'enum', 'literal_error'})
# Fields picked from a list: missing, they ask "Choose …" rather than "Enter …".
CHOICE_FIELDS = frozenset(
    {'asset_type', 'status', 'condition', 'criticality', 'priority', 'work_type', 'role', 'kind', 'site_id'}
)
NUMBER_TYPES = frozenset(
    {'int_parsing', 'int_type', 'float_parsing', 'float_type', 'decimal_parsing', 'decimal_type', 'finite_number'}
)
DATE_TYPES = frozenset({'date_parsing', 'date_type', 'date_from_datetime_parsing', 'date_from_datetime_inexact'})
DATETIME_TYPES = frozenset({'datetime_parsing', 'datetime_type', 'datetime_from_date_parsing', 'timezone_aware'})
PATTERNS = {
    'code': 'Use letters, digits and . _ / - only, starting with a letter or digit',
}


def plain_message(field: str, error: dict[str, Any]) -> str:
    """The sentence for one pydantic error (``ValidationError.errors()`` item) about ``field`` (dotted path)."""
    kind, ctx, given = error.get('type', ''), error.get('ctx') or {}, error.get('input')
    last = field.rsplit('.', 1)[-1]
    noun = NOUNS.get(last, '')
    empty = given is None or (isinstance(given, str) and given.strip() == '')
    if kind in CHOICE_TYPES:
        if empty:
            return f'Choose {noun}' if noun else 'Choose one of the options'
        return f'{given!r} is not one of the choices: {_choices(ctx)}'
    if kind == 'missing' or (empty and kind in ('string_too_short', 'string_type')):
        verb = 'Choose' if last in CHOICE_FIELDS else 'Enter'
        return f'{verb} {noun}' if noun else 'Fill this in'
    if kind == 'string_too_short':
        return f'Use at least {ctx.get("min_length")} characters'
    if kind == 'string_too_long':
        return f'Use at most {ctx.get("max_length")} characters'
    if kind == 'too_long':
        return f'At most {ctx.get("max_length")} entries'
    if kind == 'too_short':
        return f'At least {ctx.get("min_length")} entries'
    if kind in ('greater_than_equal', 'greater_than', 'less_than_equal', 'less_than'):
        return _bound(kind, ctx)
    if kind == 'decimal_max_places':
        places = ctx.get('decimal_places')
        return 'Use a whole number' if places == 0 else f'Use at most {places} decimal places'
    if kind in ('decimal_max_digits', 'decimal_whole_digits'):
        return 'The number is too large'
    if kind in ('int_from_float',):
        return 'Enter a whole number'
    if kind in NUMBER_TYPES:
        return 'Enter a number'
    if kind in DATE_TYPES:
        return 'Enter a date such as 2026-03-01'
    if kind in DATETIME_TYPES:
        return 'Enter a date and time with its offset, such as 2026-03-01T08:00:00+01:00'
    if kind == 'string_type':
        return 'Enter text'
    if kind in ('bool_parsing', 'bool_type'):
        return 'Use true or false'
    if kind == 'string_pattern_mismatch':
        return PATTERNS.get(last, 'This is not in the expected format')
    if kind == 'extra_forbidden':
        return 'Unknown field; check its spelling'
    if kind in ('model_type', 'dict_type', 'model_attributes_type'):
        return 'Send an object'
    if kind in ('list_type', 'tuple_type', 'set_type'):
        return 'Send a list'
    message = str(error.get('msg', '')).removeprefix('Value error, ')
    if 'valid email address' in message:
        return 'Enter a valid email address, such as name@example.com'
    return message[:1].upper() + message[1:]


def _bound(kind: str, ctx: dict[str, Any]) -> str:
    limit = next(iter(ctx.values()), '')
    limit = _number(limit)
    return {
        'greater_than_equal': f'Must be {limit} or more',
        'greater_than': f'Must be more than {limit}',
        'less_than_equal': f'Must be {limit} or less',
        'less_than': f'Must be less than {limit}',
    }[kind]


def _number(value: Any) -> str:
    """A limit as a person writes it: 0, 2.5, 999,999,999,999."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = Decimal(str(value))
        return f'{number:,.0f}' if number == number.to_integral_value() else f'{number:,}'
    return str(value)


def _choices(ctx: dict[str, Any]) -> str:
    expected = str(ctx.get('expected', ''))
    return expected.replace("'", '') or 'see the documentation'
