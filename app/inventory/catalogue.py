"""The parts catalogue and its stock per site: create, find, edit, receive, count, reorder levels, the ledger.

Every stock change is one conditional SQL statement plus a ledger line with the balance after it, in the caller's
transaction (statements in ``stock``). ``parts`` re-exports these functions next to the use of parts on work orders.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import audit, audit_subjects
from app.core.enums import AuditAction
from app.core.errors import Conflict, FieldError, ValidationFailed
from app.core.models import Site
from app.core.numbers import quantity_text
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.schemas import Page, PageParams
from app.core.scoping import check_reference, is_row_id, load_scoped
from app.core.search_text import contains_text
from app.inventory import stock
from app.inventory.enums import StockMovementKind
from app.inventory.models import Part, PartStock, StockMovement
from app.inventory.schemas import MAX_QUANTITY, PartCreate, PartRead, PartUpdate, StockLevelSet, StockMovementRead

PART_FIELDS = ['part_number', 'name', 'description', 'unit', 'unit_cost']


def create_part(*, session: Session, principal: Principal, data: PartCreate) -> PartRead:
    """Add a part to the catalogue with its initial stock per site (each a receipt in the ledger)."""
    require(principal, Permission.PARTS_MANAGE)
    sites = _check_stock_entries(session, principal, data.stock)
    _ensure_number_free(session, principal, data.part_number)
    part = Part(organization_id=principal.organization_id, **data.model_dump(exclude={'stock'}))
    session.add(part)
    _flush_or_conflict(session, data.part_number)
    for level in data.stock:
        session.add(
            PartStock(
                organization_id=principal.organization_id,
                part_id=part.id,
                site_id=level.site_id,
                on_hand=level.on_hand,
                min_stock=level.min_stock,
                bin_location=level.bin_location,
            )
        )
        if level.on_hand > 0:
            stock.record_movement(
                session,
                principal,
                part,
                level.site_id,
                StockMovementKind.RECEIPT,
                level.on_hand,
                level.on_hand,
                note='initial stock',
            )
    session.flush()
    changes = audit.created(_snapshot(part)) | {
        'stock': [None, {sites[s.site_id].name: str(s.on_hand) for s in data.stock}]
    }
    audit.record(
        session,
        principal,
        AuditAction.CREATE,
        'part',
        part.id,
        changes=changes,
        summary=f'created part {part.part_number}',
    )
    return _read(session, part)


def list_parts(
    *,
    session: Session,
    principal: Principal,
    q: str | None = None,
    site_id: int | None = None,
    low_only: bool = False,
    page: PageParams,
) -> Page[PartRead]:
    """Parts of the catalogue by part number; with ``site_id`` only parts stocked there, with that site's stock."""
    require(principal, Permission.WORK_ORDERS_READ)
    query = select(Part).where(Part.organization_id == principal.organization_id)
    if q and q.strip():
        query = query.where(contains_text(q, Part.part_number, Part.name))
    if site_id is not None:
        if not is_row_id(site_id):
            raise ValidationFailed.field('site_id', f'site {site_id} not found')
        stocked = select(PartStock.id).where(PartStock.part_id == Part.id, PartStock.site_id == site_id)
        query = query.where(stocked.exists())
    if low_only:
        query = query.where(stock.low_stock_condition(site_id))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    parts = list(session.scalars(query.order_by(Part.part_number, Part.id).limit(page.limit).offset(page.offset)))
    items = stock.part_reads(session, parts, site_id)
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


def get_part(*, session: Session, principal: Principal, part_id: int) -> PartRead:
    """One part with its stock at every site."""
    require(principal, Permission.WORK_ORDERS_READ)
    return _read(session, load_scoped(session, Part, part_id, principal))


def update_part(*, session: Session, principal: Principal, part_id: int, data: PartUpdate) -> PartRead:
    """Change a part's number, name, description, unit or unit cost (used parts keep the cost they were issued at)."""
    require(principal, Permission.PARTS_MANAGE)
    part = load_scoped(session, Part, part_id, principal)
    values = {k: v for k, v in data.model_dump(exclude_unset=True).items() if getattr(part, k) != v}
    if not values:
        return _read(session, part)
    if 'part_number' in values:
        _ensure_number_free(session, principal, values['part_number'])
    before = _snapshot(part)
    for name, value in values.items():
        setattr(part, name, value)
    _flush_or_conflict(session, part.part_number)
    audit.record(
        session,
        principal,
        AuditAction.UPDATE,
        'part',
        part.id,
        changes=audit.diff(before, _snapshot(part)),
        summary=f'updated part {part.part_number}',
    )
    return _read(session, part)


def receive_stock(
    *, session: Session, principal: Principal, part_id: int, site_id: int, quantity: Decimal, note: str = ''
) -> PartRead:
    """Goods in: add ``quantity`` to the part's stock at a site (a receipt in the ledger)."""
    require(principal, Permission.PARTS_MANAGE)
    part, site = _part_and_site(session, principal, part_id, site_id)
    if quantity <= 0:
        raise ValidationFailed.field('quantity', 'a receipt must add more than 0')
    stock.ensure_stock_row(session, principal.organization_id, part.id, site.id)
    balance = stock.put_into_stock(session, part.id, site.id, quantity)
    if balance is None:
        raise ValidationFailed.field('quantity', f'stock at {site.name} would exceed {quantity_text(MAX_QUANTITY)}')
    stock.record_movement(session, principal, part, site.id, StockMovementKind.RECEIPT, quantity, balance, note=note)
    _audit_stock(session, principal, part, f'received {quantity_text(quantity)} {part.unit} at {site.name}', note)
    return _read(session, part)


def adjust_stock(
    *, session: Session, principal: Principal, part_id: int, site_id: int, quantity: Decimal, note: str = ''
) -> PartRead:
    """Stock count: set the counted on-hand at a site; the difference is an adjustment in the ledger."""
    require(principal, Permission.PARTS_MANAGE)
    part, site = _part_and_site(session, principal, part_id, site_id)
    if not 0 <= quantity <= MAX_QUANTITY:
        raise ValidationFailed.field('quantity', f'a count lies between 0 and {quantity_text(MAX_QUANTITY)}')
    stock.ensure_stock_row(session, principal.organization_id, part.id, site.id)
    difference = stock.set_stock(session, part.id, site.id, quantity)
    if difference:
        stock.record_movement(
            session, principal, part, site.id, StockMovementKind.ADJUSTMENT, difference, quantity, note=note
        )
        signed = ('+' if difference > 0 else '') + quantity_text(difference)
        summary = f'counted {quantity_text(quantity)} {part.unit} at {site.name} ({signed})'
        _audit_stock(session, principal, part, summary, note)
    return _read(session, part)


def set_min_stock(
    *,
    session: Session,
    principal: Principal,
    part_id: int,
    site_id: int,
    min_stock: Decimal,
    bin_location: str | None = None,
) -> PartRead:
    """Set the reorder level (and optionally the bin) of a part at a site; below it the part is flagged low."""
    require(principal, Permission.PARTS_MANAGE)
    part, site = _part_and_site(session, principal, part_id, site_id)
    if not 0 <= min_stock <= MAX_QUANTITY:
        raise ValidationFailed.field('min_stock', f'lies between 0 and {quantity_text(MAX_QUANTITY)}')
    stock.ensure_stock_row(session, principal.organization_id, part.id, site.id)
    row = session.scalar(select(PartStock).where(PartStock.part_id == part.id, PartStock.site_id == site.id))
    before = {'min_stock': str(row.min_stock), 'bin_location': row.bin_location}
    min_before = row.min_stock
    row.min_stock = min_stock
    if bin_location is not None:
        row.bin_location = bin_location
    session.flush()
    stock.publish_if_fallen_below_minimum(session, part, site.id, on_hand_before=row.on_hand, min_before=min_before)
    changes = audit.diff(before, {'min_stock': str(row.min_stock), 'bin_location': row.bin_location})
    if changes:
        audit.record(
            session,
            principal,
            AuditAction.UPDATE,
            'part',
            part.id,
            changes=changes,
            summary=f'set stock levels of {part.part_number} at {site.name}',
        )
    return _read(session, part)


def list_movements(
    *,
    session: Session,
    principal: Principal,
    part_id: int | None = None,
    work_order_id: int | None = None,
    page: PageParams,
) -> Page[StockMovementRead]:
    """The stock ledger, newest first: of one part, of one work order, or of the whole organisation."""
    require(principal, Permission.WORK_ORDERS_READ)
    query = select(StockMovement).where(StockMovement.organization_id == principal.organization_id)
    if part_id is not None:
        query = query.where(StockMovement.part_id == load_scoped(session, Part, part_id, principal).id)
    if work_order_id is not None:
        check_reference(session, 'work_orders', work_order_id, principal, what='work order')
        query = query.where(StockMovement.work_order_id == work_order_id)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(StockMovement.at.desc(), StockMovement.id.desc()).limit(page.limit).offset(page.offset)
    )
    items = [StockMovementRead.model_validate(row) for row in rows]
    # The work order's number ('WO-001900') through the work-order domain's declared references, not its tables.
    numbers = audit_subjects.references(
        session, principal.organization_id, {('work_order', str(i.work_order_id)) for i in items if i.work_order_id}
    )
    items = [
        item.model_copy(update={'work_order_number': numbers.get(('work_order', str(item.work_order_id)))})
        for item in items
    ]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


def _read(session: Session, part: Part) -> PartRead:
    session.flush()
    session.refresh(part)  # decimals as stored (unit_cost 5 reads 5.00, as a later GET shows it)
    return stock.part_reads(session, [part])[0]


def _snapshot(part: Part) -> dict[str, Any]:
    return {
        name: str(value) if isinstance(value, Decimal) else value
        for name, value in audit.snapshot(part, PART_FIELDS).items()
    }


def _audit_stock(session: Session, principal: Principal, part: Part, summary: str, note: str) -> None:
    audit.record(
        session,
        principal,
        AuditAction.UPDATE,
        'part',
        part.id,
        summary=f'{part.part_number}: {summary}',
        changes={'note': [None, note]} if note else None,
    )


def _part_and_site(session: Session, principal: Principal, part_id: int, site_id: int) -> tuple[Part, Site]:
    part = load_scoped(session, Part, part_id, principal)
    site = stock.org_sites(session, principal, [site_id]).get(site_id)
    if site is None:
        raise ValidationFailed.field('site_id', f'site {site_id} not found')
    return part, site


def _check_stock_entries(session: Session, principal: Principal, levels: list[StockLevelSet]) -> dict[int, Site]:
    sites = stock.org_sites(session, principal, [level.site_id for level in levels])
    errors, seen = [], set()
    for index, level in enumerate(levels):
        if level.site_id not in sites:
            errors.append(FieldError(f'stock.{index}.site_id', f'site {level.site_id} not found'))
        elif level.site_id in seen:
            errors.append(FieldError(f'stock.{index}.site_id', 'this site is listed twice'))
        seen.add(level.site_id)
        for name in ('on_hand', 'min_stock'):
            if getattr(level, name) > MAX_QUANTITY:
                errors.append(FieldError(f'stock.{index}.{name}', f'at most {quantity_text(MAX_QUANTITY)}'))
    if errors:
        raise ValidationFailed(errors)
    return sites


def _ensure_number_free(session: Session, principal: Principal, part_number: str) -> None:
    taken = session.scalar(
        select(Part.id).where(Part.organization_id == principal.organization_id, Part.part_number == part_number)
    )
    if taken is not None:
        raise Conflict(f'a part numbered {part_number!r} already exists')


def _flush_or_conflict(session: Session, part_number: str) -> None:
    # The pre-check gives the friendly error; the unique constraint still decides under concurrency.
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise Conflict(f'a part numbered {part_number!r} already exists') from None
