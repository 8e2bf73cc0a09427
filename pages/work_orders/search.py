"""The work orders in the top bar's search: by number (WO-000042, wo-42, 42), title or the asset's code."""

from __future__ import annotations

from urllib.parse import urlencode

from app.core.principal import Principal
from app.work_orders import service as work_orders
from app.work_orders.schemas import WorkOrderFilter
from components import work_order_badges as badges
from components.links import LinkLine
from components.search_box import SearchGroup
from pages.kernel.bridge import call

SHOWN = 5


async def search_work_orders(principal: Principal, text: str, site_id: int | None) -> SearchGroup:
    page = await call(
        work_orders.list_work_orders,
        principal=principal,
        filters=WorkOrderFilter(q=text, site_id=site_id, sort='number', descending=True, limit=SHOWN),
    )
    lines = [
        LinkLine(
            f'{wo.number} · {wo.title}',
            f'{wo.asset_code} · {wo.asset_name}' if wo.asset_code else '',
            f'/work-orders/{wo.id}',
            badges.link_badge('status', wo.status),
        )
        for wo in page.items
    ]
    return SearchGroup('Work orders', 'assignment', lines, page.total, '/work-orders/list?' + urlencode({'q': text}))
