"""Demo work orders: two years of maintenance history on the demo assets, an open backlog, and Tina's day.

Small: about 2,000 work orders; large: about 104,000. Mostly preventive work from recurring plans, plus breakdowns
with failure codes, inspections, lubrication, calibration and emergencies; checklists, status history, time logs
with costs, and parts drawn from a ~150-part store at the three sites. Written in bulk with the work-order ids
assigned up front; everything random comes from ``context.rng``.
"""

from __future__ import annotations

import json
import logging
import time as clock
import unicodedata
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, func, insert, select, text, update
from sqlalchemy.orm import Session

from app.assets.enums import AssetEventKind, AssetStatus
from app.assets.models import Asset, AssetEvent
from app.core import audit
from app.core.db import utcnow
from app.core.enums import AuditAction, Role
from app.core.models import User
from app.inventory.demo import store as demo_stock
from app.work_orders import state_machine
from app.work_orders.demo import data, failure_catalogue
from app.work_orders.demo.jobs import SLA_HOURS, DemoAsset, Job, Planner, Tech
from app.work_orders.demo.rows import RowBuilder
from app.work_orders.enums import Priority
from app.work_orders.enums import WorkOrderStatus as S
from app.work_orders.models import TimeLog, WorkOrder, WorkOrderCounter, WorkOrderStep, WorkOrderTemplate
from app.work_orders.models import WorkOrderTransition as Transition
from app.work_orders.schemas import format_number

if TYPE_CHECKING:
    from app.demo import DemoContext

log = logging.getLogger(__name__)

WORK_ORDER_COUNTS = {'small': 2_000, 'large': 104_000}
TECHNICIANS_PER_SITE = {'small': 3, 'large': 7}
CHUNK = 4_000
OUT_OF_USE = (AssetStatus.RETIRED, AssetStatus.DECOMMISSIONED, AssetStatus.SPARE)
TINA = 'technician@demo.example'
# Tina's open work: (what, due in hours or 'today', status). Overdue first, today's, then the week ahead.
TINA_DAY = [
    ('pm', -50, S.SCHEDULED),
    ('breakdown', -5, S.SCHEDULED),
    ('inspection', 'today', S.SCHEDULED),
    ('lubrication', 'today', S.SCHEDULED),
    ('breakdown', 'today', S.IN_PROGRESS),
    ('calibration', 'today', S.SCHEDULED),
    ('pm', 26, S.SCHEDULED),
    ('breakdown', 50, S.ON_HOLD),
    ('breakdown', 74, S.REQUESTED),
    ('cleaning', 98, S.SCHEDULED),
    ('inspection', 146, S.SCHEDULED),
]


def load(session: Session, context: DemoContext) -> None:
    """Insert technicians, parts and stock, templates, and the work orders with everything hanging off them."""
    started = clock.perf_counter()
    rng, org_id, now = context.rng, context.organization.id, utcnow()
    techs, tina = _technicians(session, context)
    assets = _assets(session, context)
    store = demo_stock.write_catalogue(session, org_id, rng, _insert_returning_ids)
    templates = _write_templates(session, org_id, store)
    failure_catalogue.write_catalogue(session, org_id)
    planner = Planner(rng, now, list(assets.values()), techs, tina)
    jobs = planner.plan(WORK_ORDER_COUNTS[context.size] - len(TINA_DAY), _repairs(session, org_id, assets))
    jobs = sorted(jobs + _tina_day(planner, assets), key=lambda j: j.created)
    first_id = (session.scalar(select(func.max(WorkOrder.id))) or 0) + 1
    for index, job in enumerate(jobs):
        job.id, job.number = first_id + index, index + 1
    builder, later, all_moves = RowBuilder(org_id, rng, now, store, templates, tina), [], []
    for start in range(0, len(jobs), CHUNK):
        orders, steps, moves, logs = [], [], [], []
        for job in jobs[start : start + CHUNK]:
            order, job_steps, job_moves, job_logs, _issues = builder.rows(job)
            orders.append(order)
            (later if job.follow_up else steps).extend(job_steps)  # they point at a later work order
            moves.extend(job_moves)
            logs.extend(job_logs)
        all_moves.extend(moves)
        for model, rows in ((WorkOrder, orders), (WorkOrderStep, steps), (Transition, moves), (TimeLog, logs)):
            bulk_insert(session, model, rows)
    bulk_insert(session, WorkOrderStep, later)
    _advance_sequence(session)
    site_ids = [site.id for site in context.sites]
    opening = planner.since - timedelta(days=30)
    demo_stock.write_stock(session, org_id, store, site_ids, opening, now, rng, bulk_insert)
    _set_counter(session, org_id, len(jobs))
    audit.record(
        session,
        context.principal,
        AuditAction.CREATE,
        'work_order',
        None,
        summary=f'demo loader created {len(jobs)} work orders, {len(techs) - 1} technicians and the parts store',
    )
    _audit_latest_moves(session, context, all_moves, {job.id: job.number for job in jobs})
    log.info('demo work orders: %d in %.1f s', len(jobs), clock.perf_counter() - started)


DEMO_AUDITED_MOVES = 12


def _audit_latest_moves(session: Session, context: DemoContext, moves: list[dict], numbers: dict[int, int]) -> None:
    """Audit entries for the latest status moves, as the service writes them, so the audit log shows work orders
    by number and their statuses as words (the bulk history itself goes in without one entry per row)."""
    for move in sorted((m for m in moves if m['from_status']), key=lambda m: m['at'])[-DEMO_AUDITED_MOVES:]:
        audit.record(
            session,
            context.principal,
            AuditAction.UPDATE,
            'work_order',
            move['work_order_id'],
            changes={'status': [str(move['from_status']), str(move['to_status'])]},
            summary=f'{format_number(numbers[move["work_order_id"]])}: {state_machine.label(move["from_status"])} → '
            f'{state_machine.label(move["to_status"])}',
        )


def _technicians(session: Session, context: DemoContext) -> tuple[list[Tech], Tech]:
    """Tina plus a few colleagues per site, with the demo password (they are not listed as demo logins)."""
    tina_user = context.users[TINA]
    tina_user.hourly_rate = Decimal(data.TINA_RATE)
    session.flush()
    per_site = TECHNICIANS_PER_SITE[context.size]
    chosen, per_site_count = [], Counter()
    for technician in data.TECHNICIANS:
        if per_site_count[technician[1]] < per_site:
            chosen.append(technician)
            per_site_count[technician[1]] += 1
    rows = [
        dict(
            organization_id=context.organization.id,
            email=_email(name),
            name=name,
            role=Role.TECHNICIAN,
            site_id=context.sites[site].id,
            active=True,
            password_hash=tina_user.password_hash,
            failed_login_count=0,
            dark_mode=False,
            hourly_rate=Decimal(rate),
            session_version=1,
        )
        for name, site, _trade, rate in chosen
    ]
    ids = _insert_returning_ids(session, User, rows)
    site_index = {site.id: index for index, site in enumerate(context.sites)}
    tina = Tech(tina_user.id, tina_user.name, site_index[tina_user.site_id], 'Mechanical', data.TINA_RATE)
    return [tina] + [Tech(i, n, s, t, r) for i, (n, s, t, r) in zip(ids, chosen, strict=True)], tina


def _email(name: str) -> str:
    plain = unicodedata.normalize('NFKD', name).encode('ascii', 'ignore').decode()
    return plain.lower().replace(' ', '.') + '@demo.example'


def _assets(session: Session, context: DemoContext) -> dict[int, DemoAsset]:
    site_index = {site.id: index for index, site in enumerate(context.sites)}
    zones = [ZoneInfo(site.timezone) for site in context.sites]
    rows = session.execute(
        select(Asset.id, Asset.code, Asset.name, Asset.site_id, Asset.criticality, Asset.building, Asset.room)
        .where(Asset.organization_id == context.organization.id, Asset.status.not_in(OUT_OF_USE))
        .order_by(Asset.id)
    )
    assets = {}
    for row in rows:
        index = site_index[row.site_id]
        where = ' · '.join(part for part in (row.building, row.room) if part)
        assets[row.id] = DemoAsset(
            row.id,
            row.code,
            row.name,
            index,
            row.site_id,
            row.code.split('-')[1],
            str(row.criticality.value),
            where,
            zones[index],
        )
    return assets


def _repairs(session: Session, org_id: int, assets: dict[int, DemoAsset]) -> list[tuple[DemoAsset, datetime, str]]:
    """Assets the asset demo put in repair, with when and why: each gets its open corrective work order."""
    rows = session.execute(
        select(AssetEvent.asset_id, AssetEvent.at, AssetEvent.note)
        .where(AssetEvent.organization_id == org_id, AssetEvent.kind == AssetEventKind.STATUS)
        .where(AssetEvent.to_value == AssetStatus.REPAIR.value)
        .order_by(AssetEvent.id)
    )
    return [
        (assets[a], at, note or 'Breakdown') for a, at, note in rows if a in assets and assets[a].kind in data.FAILURES
    ]


def _write_templates(session: Session, org_id: int, store: demo_stock.Store) -> dict[str, tuple[int, list]]:
    rows, planned = [], []
    for spec in data.TEMPLATES.values():
        parts = [{'part_id': store.planned(family).id, 'quantity': '1'} for family in spec.parts]
        steps = [
            {
                'title': title,
                'kind': kind,
                'required': kind != 'text',
                'min_value': low,
                'max_value': high,
                'unit': unit,
            }
            for title, kind, low, high, unit in data.STEPS[spec.steps]
        ]
        rows.append(
            dict(
                organization_id=org_id,
                name=spec.name,
                title=spec.title.replace(' — {asset}', ''),
                description=f'{spec.name}: work through the checklist and record the readings.',
                work_type=spec.work_type,
                priority=spec.priority,
                estimated_hours=Decimal(str(spec.hours)),
                steps=steps,
                parts=parts,
                active=True,
            )
        )
        planned.append(parts)
    ids = _insert_returning_ids(session, WorkOrderTemplate, rows)
    return {key: (ids[i], planned[i]) for i, key in enumerate(data.TEMPLATES)}


def _tina_day(planner: Planner, assets: dict[int, DemoAsset]) -> list[Job]:
    """A good handful of open work for technician@demo.example: two overdue, four due today, the week ahead."""
    rng, now, tina = planner.rng, planner.now, planner.tina
    mine = sorted(
        (a for a in assets.values() if a.site_index == tina.site_index and a.kind in data.PLANS and a.kind != 'LIN'),
        key=lambda a: a.code,
    )
    picks = rng.sample(mine, len(TINA_DAY))
    local_now = now.astimezone(picks[0].tz)
    day_end = datetime.combine(local_now.date(), time(23, 45), picks[0].tz).astimezone(UTC)
    jobs = []
    for asset, (what, due_in, status) in zip(picks, TINA_DAY, strict=True):
        if due_in == 'today':
            due = now + max(timedelta(minutes=10), (day_end - now) * rng.uniform(0.3, 0.9))
        else:
            due = now + timedelta(hours=due_in)
        if what == 'breakdown':
            job = planner.breakdown(asset, now, problem='')
            job.priority = Priority.HIGH if due < now else job.priority
            job.created = min(due - timedelta(hours=SLA_HOURS[job.priority]), now - timedelta(hours=3))
        else:
            job = planner.pm(asset, data.PLANS[asset.kind][0].template if what == 'pm' else what, due)
            job.created = min(job.created, now - timedelta(days=1))
        job.due, job.status, job.assignee, job.keep_open, job.work = due, status, tina, True, job.hours
        if status is S.IN_PROGRESS:
            job.started, job.steps_done = now - timedelta(minutes=50), 2
        elif status is S.ON_HOLD:
            job.started, job.steps_done, job.note = now - timedelta(hours=26), 1, 'Waiting for parts'
            job.hold = (now - timedelta(hours=24), None)
        job.created = min(job.created, (job.started or now) - timedelta(hours=3))  # created, scheduled, then started
        job.scheduled = None if status is S.REQUESTED else job.created + timedelta(hours=1 if job.requested else 0)
        jobs.append(job)
    return jobs


def _insert_returning_ids(session: Session, model: type, rows: list[dict[str, Any]]) -> list[int]:
    now = utcnow()
    for row in rows:
        row.setdefault('created_at', now)
        row.setdefault('updated_at', now)
    statement = insert(model.__table__).returning(model.__table__.c.id, sort_by_parameter_order=True)
    return list(session.execute(statement, rows).scalars())


def bulk_insert(session: Session, model: type, rows: list[dict[str, Any]]) -> None:
    """COPY on PostgreSQL (about three times an executemany there), executemany on SQLite; all rows share keys."""
    if not rows:
        return
    table = model.__table__
    if session.get_bind().dialect.name != 'postgresql':
        session.execute(insert(table), rows)
        return
    columns = list(rows[0])
    as_json = {name for name in columns if isinstance(table.c[name].type, JSON)}
    raw = session.connection().connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(f'COPY {table.name} ({", ".join(columns)}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([_copy_value(row[name], name in as_json) for name in columns])


def _copy_value(value: Any, as_json: bool) -> Any:
    if as_json:
        return json.dumps(value)
    return value.value if isinstance(value, Enum) else value


def _advance_sequence(session: Session) -> None:
    """Ids were given explicitly: move PostgreSQL's sequence past them (SQLite takes max(rowid) + 1 by itself)."""
    if session.get_bind().dialect.name == 'postgresql':
        session.execute(
            text("SELECT setval(pg_get_serial_sequence('work_orders', 'id'), (SELECT max(id) FROM work_orders))")
        )


def _set_counter(session: Session, org_id: int, last_number: int) -> None:
    table = WorkOrderCounter.__table__
    if session.execute(update(table).where(table.c.organization_id == org_id).values(last_number=last_number)).rowcount:
        return
    session.execute(insert(table).values(organization_id=org_id, last_number=last_number))
