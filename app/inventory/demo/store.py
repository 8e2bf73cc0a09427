"""The demo's parts store: about 150 parts stocked at every site, and a ledger that the demo's work orders draw on.

Each (part, site) opens with a receipt two years ago; issues follow the work orders in time, and a delivery arrives
whenever the next issue would take the shelf below its reorder level — except on a few "starved" shelves, where the
last deliveries never came, so that some stock ends below its minimum (what the low-stock views are for).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from app.inventory.demo.catalogue import PART_FAMILIES
from app.inventory.enums import StockMovementKind
from app.inventory.models import Part, PartStock, StockMovement

STARVED_SHARE = 0.08
STARVED_DAYS = 60
BULK_UNITS = ('can', 'cyl', 'drum', 'roll', 'box')


@dataclass(frozen=True)
class DemoPart:
    id: int
    family: str
    unit: str
    unit_cost: Decimal


@dataclass
class Issue:
    """Parts taken from a site's shelf for a work order."""

    at: datetime
    part: DemoPart
    site_id: int
    quantity: int
    work_order_id: int
    actor: str


@dataclass
class Store:
    by_family: dict[str, list[DemoPart]]
    issues: list[Issue] = field(default_factory=list)

    def pick(self, rng: random.Random, family: str) -> DemoPart:
        return rng.choice(self.by_family[family])

    def planned(self, family: str) -> DemoPart:
        return self.by_family[family][0]

    @staticmethod
    def quantity(rng: random.Random, part: DemoPart) -> int:
        if part.unit in BULK_UNITS or part.unit_cost > 150:
            return 1
        return rng.choice((1, 1, 2, 2, 3, 4)) if part.unit_cost < 30 else rng.choice((1, 1, 2))


def write_catalogue(session: Session, org_id: int, rng: random.Random, insert_ids: Any) -> Store:
    """Insert the catalogue (no stock yet: that follows the work orders) and return it by family."""
    rows, families = [], []
    for family, (pattern, sizes, unit, (low, high)) in PART_FAMILIES.items():
        for size in sizes.split('|'):
            cost = Decimal(rng.randint(low * 100, high * 100)) / 100
            number = f'MAT-{100_200 + 17 * len(rows)}'
            name = pattern.format(size=size)
            rows.append(
                dict(organization_id=org_id, part_number=number, name=name, description='', unit=unit, unit_cost=cost)
            )
            families.append(family)
    ids = insert_ids(session, Part, rows)
    store = Store(by_family={})
    for part_id, family, row in zip(ids, families, rows, strict=True):
        store.by_family.setdefault(family, []).append(DemoPart(part_id, family, row['unit'], row['unit_cost']))
    return store


def write_stock(
    session: Session,
    org_id: int,
    store: Store,
    site_ids: list[int],
    since: datetime,
    now: datetime,
    rng: random.Random,
    bulk_insert: Any,
) -> None:
    """Stock rows and the whole ledger: opening receipts, the issues in time order, deliveries, count corrections."""
    issues: dict[tuple[int, int], list[Issue]] = {}
    for issue in store.issues:
        issues.setdefault((issue.part.id, issue.site_id), []).append(issue)
    stock_rows, movements = [], []
    aisles = 'ABCDEFG'
    for part in (p for parts in store.by_family.values() for p in parts):
        for site_id in site_ids:
            minimum = _minimum(rng, part)
            shelf = _Shelf(org_id, part, site_id, minimum, rng.random() < STARVED_SHARE, movements)
            shelf.move(
                StockMovementKind.RECEIPT, minimum * rng.randint(2, 4) + rng.randint(0, 3), since, 'Opening stock'
            )
            for issue in sorted(issues.get((part.id, site_id), []), key=lambda i: i.at):
                shelf.issue(issue, now, rng)
            shelf.count_below_minimum(now, rng)
            stock_rows.append(
                dict(
                    organization_id=org_id, part_id=part.id, site_id=site_id, on_hand=Decimal(shelf.balance),
                    min_stock=Decimal(minimum), bin_location=f'{rng.choice(aisles)}-{rng.randint(1, 24):02d}-'
                    f'{rng.randint(1, 5)}',
                )
            )  # fmt: skip
    bulk_insert(session, PartStock, stock_rows)
    bulk_insert(session, StockMovement, movements)


def _minimum(rng: random.Random, part: DemoPart) -> int:
    if part.unit_cost < 30:
        return rng.randint(6, 20)
    return rng.randint(2, 6) if part.unit_cost < 150 else rng.randint(1, 2)


class _Shelf:
    """One part at one site, replayed movement by movement so that every balance_after is the running balance."""

    def __init__(self, org_id: int, part: DemoPart, site_id: int, minimum: int, starved: bool, out: list) -> None:
        self.org_id, self.part, self.site_id, self.minimum, self.starved = org_id, part, site_id, minimum, starved
        self.balance, self.last_at, self.out = 0, None, out

    def issue(self, issue: Issue, now: datetime, rng: random.Random) -> None:
        short = self.balance - issue.quantity < self.minimum
        if self.balance < issue.quantity or (short and not (self.starved and issue.at > now - _days(STARVED_DAYS))):
            delivered = max(self.minimum * 3, issue.quantity + self.minimum)
            at = max(self.last_at, issue.at - timedelta(hours=rng.randint(4, 72)))
            self.move(StockMovementKind.RECEIPT, delivered, at, f'Delivery PO-{rng.randint(410_000, 489_999)}')
        self.move(StockMovementKind.ISSUE, -issue.quantity, issue.at, '', issue.work_order_id, issue.actor)

    def count_below_minimum(self, now: datetime, rng: random.Random) -> None:
        if self.starved and self.balance >= self.minimum:
            at = max(self.last_at, now - timedelta(days=rng.randint(1, 20)))
            self.move(StockMovementKind.ADJUSTMENT, self.minimum - 1 - self.balance, at, 'Cycle count correction')

    def move(self, kind: StockMovementKind, quantity: int, at: datetime, note: str, wo: int | None = None,
             actor: str = 'Stores') -> None:  # fmt: skip
        self.balance += quantity
        self.last_at = at
        self.out.append(
            {
                'organization_id': self.org_id,
                'part_id': self.part.id,
                'site_id': self.site_id,
                'kind': kind,
                'quantity': Decimal(quantity),
                'balance_after': Decimal(self.balance),
                'unit_cost': self.part.unit_cost,
                'work_order_id': wo,
                'actor_label': actor,
                'note': note,
                'at': at,
            }
        )


def _days(count: int) -> timedelta:
    return timedelta(days=count)
