"""JSON routes of the outbox for admins: deliveries, counts, and sending a dead delivery again."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.core import deliveries
from app.core.api_support import PROBLEM_RESPONSES, CurrentPrincipal, conflict_response
from app.core.db import in_session
from app.core.input_types import RowId
from app.core.outbox_schemas import DeliveryFilter, DeliveryRead, OutboxSummary
from app.core.schemas import Page

router = APIRouter(tags=['outbox'], responses=PROBLEM_RESPONSES)
Id = RowId  # a path's id: 1 … 2^63 − 1, else 422


@router.get('/outbox/deliveries')
def list_deliveries(principal: CurrentPrincipal, filters: Annotated[DeliveryFilter, Query()]) -> Page[DeliveryRead]:
    """Side effects owed to subscribers (notifications, sync pushes), newest first; `status=dead` lists the failed."""
    return in_session(deliveries.list_deliveries, principal=principal, filters=filters)


@router.get('/outbox/summary')
def read_outbox_summary(principal: CurrentPrincipal) -> OutboxSummary:
    """How many deliveries are waiting, retrying, dead or delivered."""
    return in_session(deliveries.outbox_summary, principal=principal)


@router.post('/outbox/deliveries/{delivery_id:int}/retry', responses=conflict_response('The delivery is not dead'))
def retry_delivery(delivery_id: Id, principal: CurrentPrincipal) -> DeliveryRead:
    """Send a dead delivery again, with a fresh set of attempts (admin)."""
    return in_session(deliveries.retry_delivery, principal=principal, delivery_id=delivery_id)
