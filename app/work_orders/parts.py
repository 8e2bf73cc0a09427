"""Parts used on work orders: issued from a site's stock and returned, costed onto the work order.

Using a part is one conditional UPDATE of the shelf plus a ledger line and a roll-up of the work order's parts cost,
in the caller's transaction; low-level statements live in ``stock``, the work-order roll-up in ``rollups``.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.core import audit
from app.core.enums import AuditAction
from app.core.errors import Conflict, ValidationFailed
from app.core.numbers import money, quantity_text
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.scoping import load_scoped
from app.inventory import stock
from app.inventory.enums import StockMovementKind
from app.inventory.schemas import MAX_QUANTITY, WorkOrderPartRead
from app.work_orders.models import WorkOrder
from app.work_orders.rollups import add_to_work_order, check_totals, lock_work_order
from app.work_orders.schemas import PartUse, format_number


def use_parts(*, session: Session, principal: Principal, work_order_id: int, data: PartUse) -> list[WorkOrderPartRead]:
    """Issue parts from a site's stock to an open work order, or return them; returns the work order's parts.

    An issue is one conditional UPDATE (``on_hand >= quantity``): of two people taking the last part at once,
    one gets it and the other a 409 naming what is left. A return can give back at most what the work order
    used (net); its cost is the average cost of what was issued.
    """
    require(principal, Permission.WORK_ORDERS_EXECUTE)
    order = lock_work_order(session, principal, work_order_id, open_for='parts are used on')
    part = stock.org_parts(session, principal, [data.part_id]).get(data.part_id)
    if part is None:
        raise ValidationFailed.field('part_id', f'part {data.part_id} not found')
    site_id = data.site_id if data.site_id is not None else order.site_id
    if site_id is None:
        raise ValidationFailed.field('site_id', 'the work order has no site: give the site the parts come from')
    site = stock.org_sites(session, principal, [site_id]).get(site_id)
    if site is None:
        raise ValidationFailed.field('site_id', f'site {site_id} not found')
    amount, unit = quantity_text(data.quantity), part.unit
    if data.kind is StockMovementKind.ISSUE:
        cost_delta = money(data.quantity * part.unit_cost)
        check_totals(order, parts_cost=cost_delta)
        balance = stock.take_from_stock(session, part.id, site.id, data.quantity)
        if balance is None:
            left = quantity_text(stock.on_hand(session, part.id, site.id))
            raise Conflict(f'only {left} {unit} of {part.name} left at {site.name}; {amount} {unit} asked for')
        unit_cost, signed, verb = part.unit_cost, -data.quantity, 'issued'
    else:
        usage = stock.work_order_usage(session, order.id).get(part.id, stock.Usage())
        if data.quantity > usage.quantity:
            used = quantity_text(usage.quantity)
            number = format_number(order.number)
            raise Conflict(f'{number} used {used} {unit} of {part.name}: {amount} {unit} cannot be returned')
        cost_delta = -usage.cost_of_return(data.quantity)
        stock.ensure_stock_row(session, principal.organization_id, part.id, site.id)
        balance = stock.put_into_stock(session, part.id, site.id, data.quantity)
        if balance is None:
            raise ValidationFailed.field('quantity', f'stock at {site.name} would exceed {quantity_text(MAX_QUANTITY)}')
        unit_cost, signed, verb = money(-cost_delta / data.quantity), data.quantity, 'returned'
    add_to_work_order(session, order, parts_cost=cost_delta)
    stock.record_movement(
        session,
        principal,
        part,
        site.id,
        data.kind,
        signed,
        balance,
        unit_cost=unit_cost,
        work_order_id=order.id,
        note=data.note,
    )
    change = {'part_id': part.id, 'kind': data.kind.value, 'quantity': str(data.quantity), 'site_id': site.id}
    audit.record(
        session,
        principal,
        AuditAction.UPDATE,
        'work_order',
        order.id,
        changes={'parts': [None, change | {'cost': str(cost_delta)}]},
        summary=f'{format_number(order.number)}: {verb} {amount} {unit} of {part.part_number} ({site.name})',
    )
    session.flush()
    return stock.work_order_part_reads(session, order.id)


def list_work_order_parts(*, session: Session, principal: Principal, work_order_id: int) -> list[WorkOrderPartRead]:
    """The parts used on a work order, net of returns, with their cost."""
    require(principal, Permission.WORK_ORDERS_READ)
    order = load_scoped(session, WorkOrder, work_order_id, principal)
    return stock.work_order_part_reads(session, order.id)
