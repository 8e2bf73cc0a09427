"""Searching text columns for what a person typed: their text is taken literally, `%` and `_` included.

SQL LIKE treats `%` and `_` as wildcards and `\\` as the escape; a search box must not. Every "contains" search
goes through ``contains_text`` so that escaping, case folding and the NUL check are the same everywhere.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, or_

from app.core.errors import ValidationFailed

ESCAPE = '\\'


def contains_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with `\\`, `%` and `_` taken literally (use with ``ESCAPE``)."""
    escaped = text.strip().replace(ESCAPE, ESCAPE * 2).replace('%', ESCAPE + '%').replace('_', ESCAPE + '_')
    return f'%{escaped}%'


def contains_text(text: str, *expressions: Any, field: str = 'q') -> ColumnElement[bool]:
    """True where any of ``expressions`` contains ``text`` (stripped), case-insensitively and literally.

    lower() on both sides rather than ILIKE: it folds case alike on SQLite and PostgreSQL (a Python-lowered pattern
    would not match SQLite's ASCII-only lower()), and it is the expression PostgreSQL's trigram indexes are built
    on. NUL cannot be stored in PostgreSQL text, so it is refused as bad input naming ``field``.
    """
    if '\x00' in text:
        raise ValidationFailed.field(field, 'must not contain NUL characters')
    pattern = func.lower(contains_pattern(text))
    return or_(*(func.lower(expression).like(pattern, escape=ESCAPE) for expression in expressions))
