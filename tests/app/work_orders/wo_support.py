"""Helpers (no tests) for work-order tests: an organisation with real users per role and tokens, assets, parts,
templates, work orders moved to any status, and snapshots of everything the work-order services write."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

from fastapi.testclient import TestClient
from sqlalchemy import select

from app.assets import service as asset_service
from app.assets.schemas import AssetCreate, AssetRead
from app.core.db import session_scope
from app.core.enums import Role
from app.core.models import AuditEntry, User
from app.core.principal import Principal
from app.core.security import issue_access_token
from app.inventory import catalogue
from app.inventory.models import Part
from app.inventory.schemas import PartCreate, PartRead, StockLevelSet
from app.work_orders import service, templates
from app.work_orders.enums import WorkOrderStatus
from app.work_orders.models import (
    WorkOrder,
    WorkOrderComment,
    WorkOrderPhoto,
    WorkOrderStep,
    WorkOrderTemplate,
    WorkOrderTransition,
)
from app.work_orders.photos import photo_directory
from app.work_orders.schemas import StatusChange, StepDefinition, WorkOrderCreate, WorkOrderRead
from app.work_orders.template_schemas import TemplateCreate, TemplateRead
from tests.factories import RolePrincipals, create_organization, create_site, unique

T = TypeVar('T')
S = WorkOrderStatus
# The shortest way from a new work order (requested) to each status, as supervisor moves.
PATH_TO = {
    S.REQUESTED: [],
    S.SCHEDULED: [S.SCHEDULED],
    S.IN_PROGRESS: [S.SCHEDULED, S.IN_PROGRESS],
    S.ON_HOLD: [S.SCHEDULED, S.IN_PROGRESS, S.ON_HOLD],
    S.COMPLETED: [S.SCHEDULED, S.IN_PROGRESS, S.COMPLETED],
    S.CANCELLED: [S.CANCELLED],
}
_VOLATILE = {'updated_at', 'last_used_at', 'last_login_at'}
PNG = b'\x89PNG\r\n\x1a\n' + b'\x00' * 32


@dataclass
class Org(RolePrincipals):
    """An organisation with one real user per role (assignable), two sites and a bearer token per role."""

    id: int
    site_id: int
    other_site_id: int
    users: dict[Role, User]
    principals: dict[Role, Principal]
    tokens: dict[Role, str] = field(default_factory=dict)

    def user_id(self, role: Role) -> int:
        return self.users[role].id

    def headers(self, role: Role) -> dict[str, str]:
        return {'Authorization': f'Bearer {self.tokens[role]}'}


def new_org() -> Org:
    """A fresh organisation; tokens are issued directly (one argon2 hash per organisation, shared by its users)."""
    organization_id, members = create_organization()
    users = {role: member.user for role, member in members.items()}
    org = Org(
        organization_id,
        create_site(organization_id, name=unique('Plant North')).id,
        create_site(organization_id, name=unique('Plant South')).id,
        users,
        {role: member.principal for role, member in members.items()},
    )
    org.tokens = {role: issue_access_token(user.id, user.session_version)[0] for role, user in users.items()}
    return org


def call(function: Callable[..., T], **kwargs: Any) -> T:
    """Run one service call in its own transaction, as a route or page does."""
    with session_scope() as session:
        return function(session=session, **kwargs)


def make_asset(org: Org, **fields: Any) -> AssetRead:
    """An asset at the organisation's first site (unless ``site_id`` says otherwise)."""
    values = {'code': unique('A'), 'name': unique('Pump'), 'asset_type': 'equipment', 'site_id': org.site_id, **fields}
    return call(asset_service.create_asset, principal=org.admin, data=AssetCreate(**values))


def make_part(org: Org, *, unit_cost: str = '10.00', stock: dict[int, int] | None = None, **fields: Any) -> PartRead:
    """A catalogue part with stock per site id (``{site_id: on_hand}``)."""
    levels = [StockLevelSet(site_id=site, on_hand=Decimal(qty)) for site, qty in (stock or {}).items()]
    values = {'part_number': unique('P'), 'name': unique('Bearing'), 'unit_cost': Decimal(unit_cost), **fields}
    return call(catalogue.create_part, principal=org.admin, data=PartCreate(stock=levels, **values))


def make_template(org: Org, **fields: Any) -> TemplateRead:
    """A template: by default two steps (a checkbox and a number 0–10 bar) and 2 h estimate, no parts."""
    values = {
        'name': unique('Template'),
        'title': 'Monthly pump check',
        'work_type': 'preventive',
        'priority': 'high',
        'estimated_hours': Decimal('2'),
        'steps': [
            {'title': 'Lock out', 'kind': 'checkbox'},
            {'title': 'Discharge pressure', 'kind': 'number', 'min_value': 0, 'max_value': 10, 'unit': 'bar'},
        ],
        **fields,
    }
    return call(templates.create_template, principal=org.admin, data=TemplateCreate(**values))


def steps(*definitions: tuple[str, str] | dict[str, Any]) -> list[StepDefinition]:
    """Step definitions from (title, kind) pairs or dicts."""
    return [StepDefinition(**d) if isinstance(d, dict) else StepDefinition(title=d[0], kind=d[1]) for d in definitions]


def make_work_order(
    org: Org,
    *,
    status: WorkOrderStatus = WorkOrderStatus.REQUESTED,
    principal: Principal | None = None,
    **fields: Any,
) -> WorkOrderRead:
    """A work order through the service (supervisor by default), then moved to ``status`` by the supervisor.

    Fields are those of ``WorkOrderCreate`` (``steps`` may be a list of StepDefinition); a title is made up.
    Moving to completed needs no pending required steps.
    """
    values = {'title': unique('Replace bearing'), **fields}
    created = call(service.create_work_order, principal=principal or org.supervisor, data=WorkOrderCreate(**values))
    return move(org, created.id, *PATH_TO[status]) if status is not WorkOrderStatus.REQUESTED else created


def move(org: Org, work_order_id: int, *statuses: WorkOrderStatus, principal: Principal | None = None) -> WorkOrderRead:
    """Move a work order through ``statuses`` in turn (supervisor by default); returns the last read."""
    read = None
    for status in statuses:
        read = call(
            service.change_status,
            principal=principal or org.supervisor,
            work_order_id=work_order_id,
            data=StatusChange(status=status),
        )
    return read if read is not None else get(org, work_order_id)


def get(org: Org, work_order_id: int) -> WorkOrderRead:
    return call(service.get_work_order, principal=org.admin, work_order_id=work_order_id)


def transitions_of(work_order_id: int) -> list[WorkOrderTransition]:
    with session_scope() as session:
        return list(
            session.scalars(
                select(WorkOrderTransition)
                .where(WorkOrderTransition.work_order_id == work_order_id)
                .order_by(WorkOrderTransition.id)
            )
        )


def audit_of(org: Org, entity_type: str = 'work_order', entity_id: int | None = None) -> list[AuditEntry]:
    with session_scope() as session:
        query = select(AuditEntry).where(AuditEntry.organization_id == org.id, AuditEntry.entity_type == entity_type)
        if entity_id is not None:
            query = query.where(AuditEntry.entity_id == str(entity_id))
        return list(session.scalars(query.order_by(AuditEntry.id)))


STATE_MODELS: tuple[type, ...] = (
    WorkOrder,
    WorkOrderStep,
    WorkOrderTransition,
    WorkOrderComment,
    WorkOrderPhoto,
    WorkOrderTemplate,
    Part,
    AuditEntry,
)


def state(organization_id: int, models: Iterable[type] = STATE_MODELS) -> dict[str, Any]:
    """Everything the work-order services write for an organisation, plus the photo files, to compare before/after."""
    snapshot: dict[str, Any] = {}
    with session_scope() as session:
        for model in models:
            columns = [c for c in model.__table__.c if c.name not in _VOLATILE]
            rows = session.execute(select(*columns).where(model.organization_id == organization_id).order_by(model.id))
            snapshot[model.__tablename__] = [tuple(row) for row in rows]
    snapshot['files'] = photo_files()
    return snapshot


def photo_files() -> set[str]:
    directory = photo_directory()
    return {p.name for p in directory.iterdir()} if directory.is_dir() else set()


@cache
def client() -> TestClient:
    from app.api_app import create_api_app  # only the API tests need the whole app

    return TestClient(create_api_app())
