"""Changing many assets at once (the list's selection): one transaction, all or nothing.

Each asset goes through the same service functions as a single change, so the permissions, the end-of-life rules
and guards, the history, the audit entries and the domain events are the ones of a single change. The first asset
that is refused stops the whole change; its error names that asset, and the caller's transaction rolls back.
"""

from __future__ import annotations

from pydantic import Field, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.assets import service
from app.assets.enums import AssetStatus
from app.assets.models import Asset
from app.assets.schemas import AssetRead, LocationChange
from app.core.errors import DomainError, FieldError, NotFound, Throttled, ValidationFailed
from app.core.input_types import RowId
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.schemas import Schema

MAX_BULK = 500


class BulkAssetChange(Schema):
    asset_ids: list[RowId] = Field(min_length=1, max_length=MAX_BULK, description='The assets to change')
    status: AssetStatus | None = Field(default=None, description='New status of every asset')
    site_id: RowId | None = Field(default=None, description='Move every asset to this site')
    note: str = Field(default='', max_length=2000, description='Why; shown in each history timeline')

    @model_validator(mode='after')
    def _something_to_change(self) -> BulkAssetChange:
        if self.status is None and self.site_id is None:
            raise ValueError('send a status or a site_id to change')
        return self


class BulkAssetResult(Schema):
    changed: int = Field(description='How many assets were changed (the rest already had these values)')
    items: list[AssetRead]


def bulk_change_assets(*, session: Session, principal: Principal, data: BulkAssetChange) -> BulkAssetResult:
    """Set the status and/or the site of every listed asset; refused as a whole when any one is refused."""
    require(principal, Permission.ASSETS_WRITE if data.site_id is not None else Permission.ASSETS_ASSESS)
    ids = list(dict.fromkeys(data.asset_ids))
    rows = session.execute(
        select(Asset.id, Asset.code, Asset.version).where(
            Asset.organization_id == principal.organization_id, Asset.id.in_(ids)
        )
    ).all()
    known = {row.id: row for row in rows}
    if missing := [asset_id for asset_id in ids if asset_id not in known]:
        raise NotFound(f'asset {missing[0]} not found; nothing was changed')
    items, changed = [], 0
    for asset_id in ids:
        code, before = known[asset_id].code, known[asset_id].version
        try:
            read = None
            if data.site_id is not None:
                move = LocationChange(site_id=data.site_id, note=data.note)
                read = service.move_asset(session=session, principal=principal, asset_id=asset_id, data=move)
            if data.status is not None:
                read = service.set_asset_status(
                    session=session, principal=principal, asset_id=asset_id, status=data.status, note=data.note
                )
        except DomainError as error:
            raise _naming(error, code) from None
        items.append(read)
        changed += read.version != before
    return BulkAssetResult(changed=changed, items=items)


def _naming(error: DomainError, code: str) -> DomainError:
    """The same refusal (same status), its message naming the asset and saying that nothing changed."""
    suffix = '; nothing was changed'
    if isinstance(error, ValidationFailed):
        return ValidationFailed(
            [FieldError(e.field, f'{code}: {e.message}') for e in error.errors], f'{code}: {error.detail}{suffix}'
        )
    if isinstance(error, Throttled):
        return error
    return type(error)(f'{code}: {error.detail}{suffix}')
