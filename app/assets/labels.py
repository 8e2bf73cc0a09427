"""QR labels: the QR code of an asset's page as SVG (drawn here, no outside service), and the data of a label sheet."""

from __future__ import annotations

import io

import segno
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.assets.models import Asset
from app.assets.schemas import AssetFilter
from app.assets.service import filtered_asset_query
from app.assets.views import location_text
from app.core.models import Site
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.schemas import Schema

MAX_LABELS = 500  # 24 A4 pages of 21 labels; more is a print job nobody checks, and a page too heavy to draw
MAX_IDS = 2000


class LabelItem(Schema):
    id: int
    code: str
    name: str
    site: str | None
    location: str  # building / floor / room / department; '' when none is set
    url: str  # what the QR code opens: the asset's page


class LabelSheet(Schema):
    items: list[LabelItem]
    total: int  # how many assets were selected; more than ``len(items)`` when the limit cut the sheet


def asset_page_url(base_url: str, asset_id: int) -> str:
    """The asset's page in the web app, e.g. ``https://cmms.example/assets/42``: what its QR code encodes."""
    return f'{base_url.rstrip("/")}/assets/{asset_id}'


def qr_svg(url: str, *, size_px: int | None = None) -> str:
    """The QR code of ``url`` as a self-contained SVG (one path, no external resources).

    Without ``size_px`` it has only a viewBox and takes the size CSS gives it; with it, a fixed pixel size.
    Error correction M (15 %) survives a scuffed label and keeps the code small enough to print at 2 cm.
    """
    qr = segno.make(url, error='m', micro=False)
    buffer = io.BytesIO()
    options = {'scale': max(1, size_px // qr.symbol_size()[0])} if size_px else {'omitsize': True}
    qr.save(buffer, kind='svg', xmldecl=False, svgclass='qr', lineclass=None, dark='#000', light='#fff', **options)
    return buffer.getvalue().decode()


def label_sheet_items(
    *,
    session: Session,
    principal: Principal,
    base_url: str,
    filters: AssetFilter | None = None,
    ids: list[int] | None = None,
    limit: int = MAX_LABELS,
) -> LabelSheet:
    """The labels of the chosen assets (``ids``) or of the filtered list, in the list's order, at most ``limit``.

    Ids of another organisation's assets are left out like unknown ones.
    """
    require(principal, Permission.ASSETS_READ)
    organization_id = principal.organization_id
    if ids is not None:
        wanted = list(dict.fromkeys(ids))[:MAX_IDS]
        query = select(Asset).where(Asset.organization_id == organization_id, Asset.id.in_(wanted or [-1]))
        query = query.order_by(Asset.code, Asset.id)
    else:
        query = filtered_asset_query(principal, filters or AssetFilter()).limit(None).offset(None)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    assets = session.scalars(query.limit(limit)).all()
    site_ids = {asset.site_id for asset in assets if asset.site_id is not None}
    sites = dict(session.execute(select(Site.id, Site.name).where(Site.id.in_(site_ids))).all()) if site_ids else {}
    items = []
    for asset in assets:
        place = {name: getattr(asset, name) for name in ('building', 'floor', 'room', 'department')}
        location = location_text(place, None)
        items.append(
            LabelItem(
                id=asset.id,
                code=asset.code,
                name=asset.name,
                site=sites.get(asset.site_id),
                location='' if location == '(no location)' else location,
                url=asset_page_url(base_url, asset.id),
            )
        )
    return LabelSheet(items=items, total=total)
