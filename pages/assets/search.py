"""The asset register's share of the top bar's search and of the "needs attention" page."""

from __future__ import annotations

from urllib.parse import urlencode

from app.assets import service as assets
from app.assets.enums import AssetStatus
from app.assets.schemas import AssetFilter, AssetRead, AssetSort
from app.core.principal import Principal
from components import asset_badges, design
from components.links import LinkLine
from components.search_box import SearchGroup
from pages.kernel.areas import Attention
from pages.kernel.bridge import call

SHOWN = 5
# "Down" is the status language's red: in repair. Maintenance, testing and standby are amber (planned, not broken).
DOWN = [AssetStatus.REPAIR]


async def search_assets(principal: Principal, text: str, site_id: int | None) -> SearchGroup:
    """By code or name (also serial number, model, maker), codes in order."""
    filters = AssetFilter(q=text, site_id=site_id, limit=SHOWN)
    page = await call(assets.list_assets, principal=principal, filters=filters)
    more = '/assets?' + urlencode({'q': text})
    return SearchGroup('Assets', 'precision_manufacturing', [_line(a) for a in page.items], page.total, more)


async def assets_down(principal: Principal, site_id: int | None) -> Attention:
    """Assets in repair, the most critical first."""
    filters = AssetFilter(status=DOWN, site_id=site_id, sort=AssetSort.CRITICALITY, descending=True, limit=SHOWN)
    page = await call(assets.list_assets, principal=principal, filters=filters)
    return Attention(
        title='Assets down',
        icon='error',
        color=design.DANGER,
        count=page.total,
        path='/assets?' + urlencode([('status', s.value) for s in DOWN]),
        lines=[_line(asset, criticality=True) for asset in page.items],
        empty='Every asset is running.',
    )


def _line(asset: AssetRead, *, criticality: bool = False) -> LinkLine:
    detail = asset.site_name or ''
    if criticality:
        detail += f' · {asset_badges.label(asset.criticality)} criticality'
    return LinkLine(
        f'{asset.code} · {asset.name}', detail, f'/assets/{asset.id}', asset_badges.link_badge('status', asset.status)
    )
