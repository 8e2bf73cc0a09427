"""Schemas of the outbox as admins see it: deliveries, their filter, the counts by state."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from app.core.schemas import PageParams, Schema, SearchText

DeliveryStatus = Literal['pending', 'delivered', 'dead']


class DeliveryFilter(PageParams):
    status: DeliveryStatus | None = Field(default=None, description='pending (incl. retrying), delivered or dead')
    subscriber: SearchText | None = Field(default=None, max_length=150, description='Exact subscriber name')
    event_name: SearchText | None = Field(default=None, max_length=100, description='Exact event name')


class DeliveryRead(Schema):
    """One delivery of one event to one durable subscriber."""

    id: int
    event_name: str
    event_version: int
    aggregate: str
    payload: dict[str, Any]
    subscriber: str
    idempotency_key: str
    status: DeliveryStatus
    attempts: int
    available_at: datetime
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None

    @property
    def is_retrying(self) -> bool:
        return self.status == 'pending' and self.attempts > 0


class OutboxSummary(Schema):
    pending: int = Field(description='Waiting for their first attempt')
    retrying: int = Field(description='Failed at least once; another attempt is scheduled')
    dead: int = Field(description="Gave up after the subscriber's attempts: an admin may send them again")
    delivered: int = Field(description='Delivered and not yet pruned (kept 7 days)')
    dead_by_subscriber: dict[str, int]
