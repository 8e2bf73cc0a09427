"""Work-order template schemas: create, partial update, read."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field, field_validator

from app.core.input_types import JsonBool
from app.core.schemas import Schema, StrictInput, not_null
from app.work_orders.enums import Priority, WorkType
from app.work_orders.schemas import PartLine, StepDefinition


class TemplateCreate(StrictInput):
    name: str = Field(min_length=1, max_length=200)
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default='', max_length=20_000)
    work_type: WorkType
    priority: Priority = Priority.MEDIUM
    estimated_hours: Decimal | None = Field(default=None, ge=0, le=Decimal('100000'), decimal_places=2)
    steps: list[StepDefinition] = Field(default_factory=list, max_length=200)
    parts: list[PartLine] = Field(default_factory=list, max_length=100)


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
    active: JsonBool | None = None

    _required = field_validator('name', 'title', 'description', 'work_type', 'priority', 'steps', 'parts', 'active')(
        not_null
    )


class TemplateRead(Schema):
    id: int
    name: str
    title: str
    description: str
    work_type: WorkType
    priority: Priority
    estimated_hours: Decimal | None
    steps: list[StepDefinition]
    parts: list[PartLine]
    active: bool
