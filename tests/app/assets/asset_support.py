"""Helpers (no tests) for the asset registry tests: an organisation with a principal per role, assets, snapshots."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

from fastapi.testclient import TestClient
from sqlalchemy import select

from app.assets import service
from app.assets.models import Asset, AssetEvent, Attachment, FloorPlan, Meter, MeterReading
from app.assets.schemas import AssetCreate, AssetRead
from app.core import tenancy
from app.core.config import get_settings
from app.core.db import session_scope
from app.core.enums import PrincipalKind, Role
from app.core.models import AuditEntry
from app.core.principal import Principal
from tests.factories import RolePrincipals, create_api_key, create_site, unique

T = TypeVar('T')
# Columns a read or a no-op may touch; everything else must stay exactly as it was after a refused request.
_VOLATILE = {'updated_at', 'last_used_at'}


@dataclass
class Org(RolePrincipals):
    id: int
    site_id: int
    other_site_id: int
    principals: dict[Role, Principal]
    keys: dict[Role, str] = field(default_factory=dict)


def new_org(*, api_keys: bool = False) -> Org:
    """A fresh organisation with two sites and a principal per role (API keys per role when asked)."""
    with session_scope() as session:
        organization_id = tenancy.create_organization(session=session, name=unique('org')).id
    principals = {
        role: Principal(PrincipalKind.USER, None, organization_id, role, f'{role.value}@example.com') for role in Role
    }
    org = Org(
        organization_id,
        create_site(organization_id, name=unique('Plant North')).id,
        create_site(organization_id, name=unique('Plant South')).id,
        principals,
    )
    if api_keys:
        org.keys = {role: create_api_key(organization_id, role)[1] for role in Role}
    return org


def call(function: Callable[..., T], **kwargs: Any) -> T:
    """Run one service call in its own transaction, as a route or page does."""
    with session_scope() as session:
        return function(session=session, **kwargs)


def make_asset(org: Org, **fields: Any) -> AssetRead:
    values = {'code': unique('A'), 'name': 'Pump', 'asset_type': 'equipment', **fields}
    return call(service.create_asset, principal=org.admin, data=AssetCreate(**values))


def make_floor_plan(org: Org, site_id: int | None = None, *, width: int = 800, height: int = 600) -> int:
    with session_scope() as session:
        plan = FloorPlan(
            organization_id=org.id,
            site_id=site_id or org.site_id,
            building=unique('B'),
            floor='1',
            stored_name=unique('plan'),
            content_type='image/png',
            width=width,
            height=height,
        )
        session.add(plan)
        session.flush()
        return plan.id


def events_of(asset_id: int) -> list[AssetEvent]:
    """The asset's timeline, oldest first (detached rows)."""
    with session_scope() as session:
        return list(
            session.scalars(
                select(AssetEvent).where(AssetEvent.asset_id == asset_id).order_by(AssetEvent.at, AssetEvent.id)
            )
        )


def audit_of(org: Org, entity_type: str = 'asset') -> list[AuditEntry]:
    with session_scope() as session:
        return list(
            session.scalars(
                select(AuditEntry)
                .where(AuditEntry.organization_id == org.id, AuditEntry.entity_type == entity_type)
                .order_by(AuditEntry.id)
            )
        )


def asset_state(organization_id: int) -> dict[str, Any]:
    """Everything the asset registry holds for an organisation, plus the stored files, to compare before/after."""
    state: dict[str, Any] = {}
    with session_scope() as session:
        for model in (Asset, Meter, MeterReading, Attachment, AssetEvent, FloorPlan, AuditEntry):
            columns = [c for c in model.__table__.c if c.name not in _VOLATILE]
            rows = session.execute(select(*columns).where(model.organization_id == organization_id).order_by(model.id))
            state[model.__tablename__] = [tuple(row) for row in rows]
    state['files'] = stored_files()
    return state


def stored_files() -> set[str]:
    directory = get_settings().uploads_dir / 'assets'
    return {p.name for p in directory.iterdir()} if directory.is_dir() else set()


@cache
def client() -> TestClient:
    from app.api_app import create_api_app  # only the API tests need the whole app

    return TestClient(create_api_app())


def auth(org: Org, role: Role) -> dict[str, str]:
    return {'Authorization': f'Bearer {org.keys[role]}'}
