"""How the work-order domain reacts to other domains' events (declared in the manifest, not registered here)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.assets.enums import END_OF_LIFE_STATUSES
from app.assets.events import AssetStatusChanged
from app.work_orders.enums import OPEN_STATUSES
from app.work_orders.models import WorkOrder
from app.work_orders.schemas import format_number


def refuse_retiring_with_open_work(session: Session, event: AssetStatusChanged) -> str | None:
    """Guard: an asset with open work orders stays in service until they are completed or cancelled."""
    if event.to_status not in END_OF_LIFE_STATUSES:
        return None
    where = (
        WorkOrder.organization_id == event.organization_id,
        WorkOrder.asset_id == event.asset_id,
        WorkOrder.status.in_(OPEN_STATUSES),
    )
    count = session.scalar(select(func.count()).select_from(WorkOrder).where(*where)) or 0
    if not count:
        return None
    numbers = session.scalars(select(WorkOrder.number).where(*where).order_by(WorkOrder.number).limit(3)).all()
    listed = ', '.join(format_number(n) for n in numbers) + (', …' if count > len(numbers) else '')
    return f'has {count} open work order{"s" if count != 1 else ""} ({listed}); complete or cancel them first'
