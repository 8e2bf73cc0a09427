"""What the asset register tells other domains: an asset was created, changed status, was assessed, or a meter was
read. Published inside the changing transaction (``app.core.events``)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import ClassVar

from app.assets.enums import AssetCondition, AssetStatus, AssetType
from app.core.events import DomainEvent


class AssetEvent(DomainEvent):
    aggregate_type: ClassVar[str] = 'asset'
    aggregate_field: ClassVar[str] = 'asset_id'

    asset_id: int
    code: str


class AssetCreated(AssetEvent):
    name: ClassVar[str] = 'asset.created'

    asset_name: str
    asset_type: AssetType
    status: AssetStatus
    site_id: int | None


class AssetStatusChanged(AssetEvent):
    """Guards may refuse it: the work-order domain refuses retiring an asset that still has open work."""

    name: ClassVar[str] = 'asset.status_changed'

    from_status: AssetStatus
    to_status: AssetStatus
    note: str = ''

    def refusal(self, objections: list[str]) -> str:
        return f'{self.code} cannot be set to {self.to_status.value}: {"; ".join(objections)}'


class ConditionAssessed(AssetEvent):
    name: ClassVar[str] = 'asset.condition_assessed'

    from_condition: AssetCondition
    condition: AssetCondition
    score: int | None = None
    note: str = ''


class MeterReadingRecorded(AssetEvent):
    """Usage-based maintenance reads these: the meter's value at ``read_at`` (cumulative meters only grow)."""

    name: ClassVar[str] = 'asset.meter_reading_recorded'

    meter_id: int
    meter_name: str
    unit: str
    cumulative: bool
    value: Decimal
    read_at: datetime
