"""The parts store's share of the top bar's search and of the "needs attention" page."""

from __future__ import annotations

from urllib.parse import urlencode

from app.core.numbers import quantity_text
from app.core.principal import Principal
from app.core.schemas import PageParams
from app.inventory import catalogue
from app.inventory.schemas import PartRead
from components import design
from components import work_order_badges as badges
from components.links import Badge, LinkLine
from components.search_box import SearchGroup
from pages.kernel.areas import Attention
from pages.kernel.bridge import call

SHOWN = 5


async def search_parts(principal: Principal, text: str, site_id: int | None) -> SearchGroup:
    """By part number or name (with the site filter: parts stocked at that site)."""
    page = await call(catalogue.list_parts, principal=principal, q=text, site_id=site_id, page=PageParams(limit=SHOWN))
    more = '/parts?' + urlencode({'q': text})
    return SearchGroup('Parts', 'inventory_2', [_line(part) for part in page.items], page.total, more)


async def low_stock(principal: Principal, site_id: int | None) -> Attention:
    """Parts below their minimum on some shelf (that site's, with the site filter)."""
    page = await call(
        catalogue.list_parts, principal=principal, site_id=site_id, low_only=True, page=PageParams(limit=SHOWN)
    )
    return Attention(
        title='Low stock',
        icon='inventory_2',
        color=design.DANGER,
        count=page.total,
        path='/parts?low_only=1',
        lines=[_line(part) for part in page.items],
        empty='Every part is at or above its minimum.',
    )


def _line(part: PartRead) -> LinkLine:
    low = [s for s in part.stock if s.is_low]
    if low:
        detail = ' · '.join(f'{s.site_name} {quantity_text(s.on_hand)} (min {quantity_text(s.min_stock)})' for s in low)
        color, icon = badges.LOW_STOCK
        badge = Badge('Low stock', color, icon)
    else:
        detail, badge = f'{quantity_text(part.total_on_hand)} {part.unit} on hand', None
    return LinkLine(f'{part.part_number} · {part.name}', detail, f'/parts?part={part.id}', badge)
