"""Domain objects made through the real services, each call in a transaction of its own as an entry point makes it.

Factories take the organisation and act as its admin (work orders: its supervisor) unless told otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import update

from app.assets import service as asset_service
from app.assets.models import FloorPlan
from app.assets.schemas import AssetCreate, AssetRead
from app.core.db import in_session, session_scope, utcnow
from app.core.principal import Principal
from app.inventory import catalogue
from app.inventory.schemas import PartCreate, PartRead, StockLevelSet
from app.work_orders import service as work_order_service
from app.work_orders import templates
from app.work_orders.enums import WorkOrderStatus
from app.work_orders.models import TimeLog
from app.work_orders.schemas import StatusChange, StepDefinition, WorkOrderCreate, WorkOrderRead
from app.work_orders.template_schemas import TemplateCreate, TemplateRead
from tests.support.organizations import Org, unique

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
_FIRST_SITE = object()


def call(service: Callable[..., T], /, **kwargs: Any) -> T:
    """Run one service call in its own transaction, as a route, page or job does (``app.core.db.in_session``)."""
    return in_session(service, **kwargs)


def make_asset(org: Org, **fields: Any) -> AssetRead:
    """An asset named Pump with a unique code, of type equipment, at no site unless ``site_id`` says so."""
    values = {'code': unique('A'), 'name': 'Pump', 'asset_type': 'equipment', **fields}
    return call(asset_service.create_asset, principal=org.admin, data=AssetCreate(**values))


def make_floor_plan(org: Org, site_id: int | None = None, *, width: int = 800, height: int = 600) -> int:
    """A floor plan row (no image file) at the organisation's first site unless told; returns its id."""
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


def make_part(
    org: Org,
    stock: dict[int, str | int] | None = None,
    *,
    unit_cost: str = '10.00',
    min_stock: dict[int, str | int] | None = None,
    **fields: Any,
) -> PartRead:
    """A catalogue part with stock per site id (``{site_id: on_hand}``) and optional minimum stock per site."""
    min_stock = min_stock or {}
    levels = [
        StockLevelSet(site_id=site, on_hand=Decimal(str(qty)), min_stock=Decimal(str(min_stock.get(site, 0))))
        for site, qty in (stock or {}).items()
    ]
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


def step_definitions(*definitions: tuple[str, str] | dict[str, Any]) -> list[StepDefinition]:
    """Step definitions from (title, kind) pairs or dicts."""
    return [StepDefinition(**d) if isinstance(d, dict) else StepDefinition(title=d[0], kind=d[1]) for d in definitions]


def make_work_order(
    org: Org, *, status: WorkOrderStatus = S.REQUESTED, principal: Principal | None = None, **fields: Any
) -> WorkOrderRead:
    """A work order through the service (supervisor by default), then moved to ``status`` by the supervisor.

    Fields are those of ``WorkOrderCreate`` (``steps`` may be a list of StepDefinition); a title is made up. No site
    unless ``site_id`` or the asset gives one. Moving to completed needs no pending required steps.
    """
    values = {'title': unique('Replace bearing'), **fields}
    created = call(
        work_order_service.create_work_order, principal=principal or org.supervisor, data=WorkOrderCreate(**values)
    )
    return move(org, created.id, *PATH_TO[status]) if status is not S.REQUESTED else created


def make_job(org: Org, *, status: WorkOrderStatus = S.IN_PROGRESS, site_id: Any = _FIRST_SITE) -> int:
    """The id of a work order to book parts and time on: in progress and at the organisation's first site unless
    told otherwise (``site_id=None`` for none)."""
    return make_work_order(org, status=status, site_id=org.site_id if site_id is _FIRST_SITE else site_id).id


def move(org: Org, work_order_id: int, *statuses: WorkOrderStatus, principal: Principal | None = None) -> WorkOrderRead:
    """Move a work order through ``statuses`` in turn (supervisor by default); returns the last read."""
    read = None
    for status in statuses:
        read = call(
            work_order_service.change_status,
            principal=principal or org.supervisor,
            work_order_id=work_order_id,
            data=StatusChange(status=status),
        )
    return read if read is not None else get_work_order(org, work_order_id)


def get_work_order(org: Org, work_order_id: int) -> WorkOrderRead:
    """The work order as the service reads it for the organisation's admin."""
    return call(work_order_service.get_work_order, principal=org.admin, work_order_id=work_order_id)


def backdate_running_timers(minutes: int, *, user_id: int | None = None, work_order_id: int | None = None) -> None:
    """Make the running timers of a person, of a work order, or of both, look started ``minutes`` ago."""
    query = update(TimeLog).where(TimeLog.ended_at.is_(None))
    if user_id is not None:
        query = query.where(TimeLog.user_id == user_id)
    if work_order_id is not None:
        query = query.where(TimeLog.work_order_id == work_order_id)
    with session_scope() as session:
        session.execute(query.values(started_at=utcnow() - timedelta(minutes=minutes)))
