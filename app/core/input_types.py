"""The bounds of every integer that arrives from outside, and the strict JSON types, in one place.

Ids, versions and offsets are 64-bit signed integers in both databases; a larger number in a path, query, form or
JSON body would pass Python and fail inside the driver as a 500. Declaring them with these types makes FastAPI and
pydantic answer 422 naming the field, and puts the bounds in the OpenAPI document
(``tests/app/core/test_input_bounds.py`` checks that every integer the API accepts has them). Tokens are bounded
where they are decoded (``app.core.security``), with a 401.
"""

from __future__ import annotations

from typing import Annotated

from annotated_types import Interval
from pydantic import Strict

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

RowId = Annotated[int, Interval(ge=1, le=INT64_MAX)]
"""A row's id: positive and 64-bit, in a path (``/assets/{asset_id}``), a query, a form or a body."""

Int64 = Annotated[int, Interval(ge=INT64_MIN, le=INT64_MAX)]
"""Any other integer a database column stores: a version for optimistic locking, an attribute value."""

JsonBool = Annotated[bool, Strict()]
"""A JSON body's true or false, nothing else: pydantic's lax bool would take 0, 1, "yes" or "off" as well. (Query
parameters stay lax — they arrive as text, and ``?low_only=true`` must work.)"""
