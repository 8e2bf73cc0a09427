"""The work-order panels of the "needs attention" page: overdue work and requests waiting to be planned."""

from __future__ import annotations

from app.core.principal import Principal
from app.work_orders import service as work_orders
from app.work_orders.enums import WorkOrderStatus
from app.work_orders.schemas import WorkOrderFilter, WorkOrderRead
from components import design, tables
from components import work_order_badges as badges
from components.links import Badge, LinkLine
from pages.kernel.areas import Attention
from pages.kernel.bridge import call
from pages.kernel.zones import UTC_ZONE

SHOWN = 5  # the worst few; the figure links to the whole list


async def overdue_work(principal: Principal, site_id: int | None) -> Attention:
    """Open work past its due time, the longest overdue first."""
    page = await call(
        work_orders.list_work_orders,
        principal=principal,
        filters=WorkOrderFilter(status=['overdue'], site_id=site_id, sort='due_at', descending=False, limit=SHOWN),
    )
    return Attention(
        title='Overdue work',
        icon='schedule',
        color=design.DANGER,
        count=page.total,
        path='/work-orders/list?overdue=1&sort=due_at&descending=false',
        lines=[_line(wo, f'due {_ago(wo.due_at)}', badges.link_badge('priority', wo.priority)) for wo in page.items],
        empty='Nothing overdue.',
    )


async def requests_waiting(principal: Principal, site_id: int | None) -> Attention:
    """Work requests nobody has planned yet, the longest waiting first."""
    page = await call(
        work_orders.list_work_orders,
        principal=principal,
        filters=WorkOrderFilter(
            status=[WorkOrderStatus.REQUESTED], site_id=site_id, sort='created_at', descending=False, limit=SHOWN
        ),
    )
    return Attention(
        title='Requests waiting',
        icon='inbox',
        color=design.WARNING,
        count=page.total,
        path='/work-orders/list?status=requested&sort=created_at&descending=false',
        lines=[
            _line(wo, f'by {wo.requested_by} · {_ago(wo.created_at)}', badges.link_badge('priority', wo.priority))
            for wo in page.items
        ],
        empty='No requests waiting.',
    )


def _line(wo: WorkOrderRead, when: str, badge: Badge) -> LinkLine:
    asset = f'{wo.asset_code} · {wo.asset_name}' if wo.asset_code else 'No asset'
    return LinkLine(f'{wo.number} · {wo.title}', f'{asset} · {when}', f'/work-orders/{wo.id}', badge)


def _ago(moment) -> str:
    return tables.relative_time(moment, UTC_ZONE)[0] or '—'  # relative words do not depend on the zone
