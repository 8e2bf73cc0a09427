"""Demo assets: production lines → machines → components at the three demo sites, written in bulk.

Small: 300 assets; large: 10,000. Everything comes from ``context.rng``, so a load is the same every time.
Hamburg's Hall A ground floor gets a drawn floor plan with its machines placed on it.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from app.assets import floor_plans
from app.assets.demo import floor_plan as demo_floor_plan
from app.assets.enums import AssetCondition, AssetEventKind, AssetStatus, AssetType, Criticality
from app.assets.models import Asset, AssetEvent, Meter, MeterReading
from app.core import audit
from app.core.db import utcnow
from app.core.enums import AuditAction

if TYPE_CHECKING:
    from app.demo import DemoContext

ASSET_COUNTS = {'small': 300, 'large': 10_000}
SITE_CODES = ('HAM', 'LYO', 'COL')
PLAN_SITE, PLAN_BUILDING, PLAN_FLOOR = 0, 'Hall A', 'Ground'
# The catalogue tables read best one entry to a line.
# fmt: off
LINE_PRODUCTS = ('Filling', 'Packaging', 'Assembly', 'Machining', 'Palletising', 'Bottling', 'Pressing', 'Welding',
                 'Extrusion', 'Painting')
FAULTS = ('bearing noise above limit', 'seal leaking', 'vibration trending up', 'overheating under load',
          'worn coupling')


def _weights(enum_cls: type, text: str) -> dict[Any, int]:
    pairs = (item.split() for item in text.split(','))
    return {enum_cls(name): int(weight) for name, weight in pairs}


STATUSES = _weights(AssetStatus, 'operational 78, standby 5, maintenance 5, repair 5, testing 2, spare 2, retired 2, '
                                 'decommissioned 1')
CONDITIONS = _weights(AssetCondition, 'excellent 15, good 50, fair 22, poor 9, critical 4')
CRITICALITIES = _weights(Criticality, 'low 25, medium 40, high 25, critical 10')


@dataclass(frozen=True)
class Kind:
    """One kind of machine or part: code abbreviation, type, where it stands, price and life, names and makers."""

    abbr: str
    asset_type: AssetType
    room: str
    cost: tuple[int, int]
    life: int
    parts: str  # component kinds inside, space-separated
    names: str  # '|'-separated
    catalogue: str  # 'Maker: model, model; Maker: model'
    meter: tuple[str, str] = ('Run hours', 'h')
    floor: str = 'Ground'
    department: str = 'Utilities'

    @property
    def name_list(self) -> list[str]:
        return self.names.split('|')

    @property
    def makers(self) -> list[tuple[str, list[str]]]:
        entries = (entry.split(':') for entry in self.catalogue.split(';'))
        return [(maker.strip(), [m.strip() for m in models.split(',')]) for maker, models in entries]


MACHINES: dict[str, Kind] = {
    'pump': Kind('PMP', AssetType.EQUIPMENT, 'Pump room', (4_000, 28_000), 15, 'motor bearing',
                 'Cooling water pump|Process water pump|Condensate pump|Chilled water pump|Booster pump|Dosing pump',
                 'Grundfos: CR 32-2, NB 65-200, TP 80-240; KSB: Etanorm 80-250, Movitec 40; Xylem: e-SV 33, '
                 'Lowara FHE 50; Wilo: Atmos GIGA-N 80, Helix V 1605'),
    'compressor': Kind('CMP', AssetType.MACHINERY, 'Compressor room', (25_000, 90_000), 20, 'motor bearing',
                       'Air compressor|Screw compressor',
                       'Atlas Copco: GA 37 VSD+, GA 55, ZR 90; Kaeser: ASD 40, CSD 105; Ingersoll Rand: R55n, R37i'),
    'chiller': Kind('CHL', AssetType.EQUIPMENT, 'Chiller plant', (60_000, 240_000), 20, 'motor bearing',
                    'Process chiller|Chiller',
                    'Carrier: 30XA 502, AquaSnap 30RB; Trane: RTAF 180, CGAM 070; York: YVAA 0350, YLAA 0195'),
    'boiler': Kind('BLR', AssetType.EQUIPMENT, 'Boiler room', (45_000, 180_000), 25, 'motor',
                   'Steam boiler|Hot water boiler',
                   'Viessmann: Vitocrossal 300, Vitomax 200-HS; Bosch: UT-L 20, UNIMAT UT-M; Cleaver-Brooks: CBEX 200'),
    'conveyor': Kind('CNV', AssetType.MACHINERY, 'Production hall', (8_000, 60_000), 12, 'motor gearbox bearing',
                     'Infeed conveyor|Outfeed conveyor|Transfer conveyor|Belt conveyor|Roller conveyor',
                     'Interroll: RollerDrive EC5000, Crossbelt Sorter; Dorner: 3200 Series, 2200; Hytrol: E24 EZLogic',
                     meter=('Cycles', 'cycles'), department='Production'),
    'ahu': Kind('AHU', AssetType.EQUIPMENT, 'Plant deck', (18_000, 75_000), 20, 'motor bearing', 'Air handling unit',
                'Trox: X-CUBE 40, X-CUBE 63; Systemair: Geniox 14, Geniox 29; Daikin: D-AHU Modular R',
                floor='Level 1'),
    'forklift': Kind('FLT', AssetType.VEHICLE, 'Loading dock', (22_000, 48_000), 10, 'motor gearbox',
                     'Forklift truck|Reach truck',
                     'Linde: E20 PH, R16; Toyota: 8FBE20, Traigo 48; Jungheinrich: EFG 316, ETV 216',
                     department='Logistics'),
}
MACHINE_WEIGHTS = {'pump': 24, 'conveyor': 22, 'compressor': 11, 'ahu': 11, 'chiller': 8, 'boiler': 6, 'forklift': 10}
LINE = Kind('LIN', AssetType.SYSTEM, 'Production hall', (250_000, 1_800_000), 25, '', 'Production line',
            'Siemens: SIMATIC S7-1500 line; Rockwell Automation: ControlLogix line; Bosch Rexroth: ctrlX line',
            department='Production')
COMPONENTS: dict[str, Kind] = {
    'motor': Kind('MTR', AssetType.COMPONENT, '', (900, 7_500), 15, '', 'Drive motor',
                  'Siemens: 1LE1 132M, SIMOTICS GP 160; ABB: M3BP 160, M3AA 132; WEG: W22 IE3 160M'),
    'bearing': Kind('BRG', AssetType.COMPONENT, '', (80, 1_400), 6, '', 'Main bearing|Drive-end bearing',
                    'SKF: 6310-2Z, 22216 E; Schaeffler FAG: 22216-E1, 6312-C3; Timken: 22218EJW33'),
    'gearbox': Kind('GBX', AssetType.COMPONENT, '', (1_200, 9_000), 15, '', 'Gearbox',
                    'SEW-Eurodrive: R47 DRN90, K67; Flender: FZG 112; NORD: SK 9032.1, SK 02050'),
}
# fmt: on


def load(session: Session, context: DemoContext) -> None:
    """Insert the demo assets, their CREATED events, meters with readings and the Hall A floor plan."""
    rng, org_id = context.rng, context.organization.id
    plan = floor_plans.upload_floor_plan(
        session=session,
        principal=context.principal,
        site_id=context.sites[PLAN_SITE].id,
        building=PLAN_BUILDING,
        floor=PLAN_FLOOR,
        file_name='hall-a-ground.png',
        content=demo_floor_plan.draw_plan(
            f'{context.sites[PLAN_SITE].name.upper()} · HALL A · GROUND FLOOR', 'Drawing A-100 · rev 3'
        ),
    )
    total = ASSET_COUNTS[context.size]
    quotas = [
        total // len(context.sites) + (1 if i < total % len(context.sites) else 0) for i in range(len(context.sites))
    ]
    levels: list[list[dict[str, Any]]] = [[], [], []]  # lines, machines, components (parents point by index)
    for index, (site, quota) in enumerate(zip(context.sites, quotas, strict=True)):
        _SiteBuilder(rng, org_id, site, SITE_CODES[index], plan.id if index == PLAN_SITE else None).build(quota, levels)
    machine_kinds = [row.pop('_kind') for row in levels[1]]
    ids: list[list[int]] = []
    for depth, rows in enumerate(levels):
        for row in rows:
            parent = row.pop('_parent')
            row['parent_id'] = None if parent is None else ids[depth - 1][parent]
        ids.append(_insert_returning_ids(session, Asset, rows))
    rows = [row for level in levels for row in level]
    asset_ids = [asset_id for level in ids for asset_id in level]
    _write_events(session, org_id, rows, asset_ids, rng)
    _write_meters(session, org_id, ids[1], levels[1], machine_kinds, rng)
    audit.record(
        session,
        context.principal,
        AuditAction.CREATE,
        'asset',
        None,
        summary=f'demo loader created {len(rows)} assets and the floor plan of Hall A',
    )


class _SiteBuilder:
    """Rows for one site: lines round-robin get machines (and their components) until the quota is reached."""

    def __init__(self, rng: random.Random, org_id: int, site: Any, code: str, plan_id: int | None) -> None:
        self.rng, self.org_id, self.site, self.code, self.plan_id = rng, org_id, site, code, plan_id
        self.sequence: dict[str, int] = {}
        self.halls: dict[str, tuple[float, float]] = {}

    def build(self, quota: int, levels: list[list[dict[str, Any]]]) -> None:
        line_count = max(3, quota // 130)
        hall_count = max(2, math.ceil(line_count / 5))
        for hall in range(hall_count):  # halls in a row across the site, within ~300 m of its centre
            self.halls[f'Hall {chr(65 + hall)}'] = (-220 + 440 * hall / (hall_count - 1), self.rng.uniform(-120, 120))
        lines = []
        for number in range(1, line_count + 1):
            hall = f'Hall {chr(65 + (number - 1) % hall_count)}'
            product = LINE_PRODUCTS[(number - 1) % len(LINE_PRODUCTS)]
            row = self._row(LINE, f'Line {number} — {product}', hall, None)
            row['criticality'] = self.rng.choice([Criticality.HIGH, Criticality.CRITICAL])
            levels[0].append(row)
            lines.append((len(levels[0]) - 1, hall, number))
        count, turn = len(lines), 0
        kinds, weights = list(MACHINE_WEIGHTS), list(MACHINE_WEIGHTS.values())
        while count < quota:
            line_index, hall, number = lines[turn % len(lines)]
            turn += 1
            kind_key = self.rng.choices(kinds, weights)[0]
            kind = MACHINES[kind_key]
            name = f'{self.rng.choice(kind.name_list)} {number}.{turn // len(lines) + 1}'
            machine = self._row(kind, name, hall, line_index)
            machine['_kind'] = kind_key
            machine['attributes'] = {'line': number, 'rated_power_kw': round(self.rng.uniform(2.2, 90), 1)}
            levels[1].append(machine)
            count += 1
            for part in (COMPONENTS[key] for key in kind.parts.split()):
                if count >= quota:
                    break
                name = f'{self.rng.choice(part.name_list)} — {machine["code"]}'
                row = self._row(part, name, hall, len(levels[1]) - 1, where=kind)
                row['latitude'], row['longitude'] = machine['latitude'], machine['longitude']
                row['floor_plan_id'] = row['plan_x'] = row['plan_y'] = None  # parts sit inside their machine
                levels[2].append(row)
                count += 1

    def _row(self, kind: Kind, name: str, building: str, parent: int | None, where: Kind | None = None) -> dict:
        rng, where = self.rng, where or kind
        self.sequence[kind.abbr] = number = self.sequence.get(kind.abbr, 0) + 1
        status = rng.choices(list(STATUSES), list(STATUSES.values()))[0]
        condition = rng.choices(list(CONDITIONS), list(CONDITIONS.values()))[0]
        if status is AssetStatus.REPAIR:
            condition = rng.choice([AssetCondition.POOR, AssetCondition.CRITICAL])
        installed = date(2008, 1, 1) + timedelta(days=rng.randint(0, 6200))
        east, north = self.halls[building]
        east, north = east + rng.uniform(-45, 45), north + rng.uniform(-28, 28)
        on_plan_floor = self.plan_id is not None and (building, where.floor) == (PLAN_BUILDING, PLAN_FLOOR)
        placed = on_plan_floor and rng.random() > 0.1  # a few machines wait in the list to be placed
        x, y = demo_floor_plan.room_point(rng, where.room) if placed else (None, None)
        manufacturer, models = rng.choice(kind.makers)
        serial = f'{manufacturer[:2].upper()}{installed.year % 100:02d}{rng.randint(100_000, 999_999)}'
        return dict(
            organization_id=self.org_id, code=f'{self.code}-{kind.abbr}-{number:04d}', name=name, description='',
            asset_type=kind.asset_type, status=status, condition=condition, _parent=parent, site_id=self.site.id,
            criticality=rng.choices(list(CRITICALITIES), list(CRITICALITIES.values()))[0], building=building,
            floor=where.floor, room=where.room, department=where.department,
            latitude=round(self.site.latitude + north / 111_320, 6),
            longitude=round(self.site.longitude + east / (111_320 * math.cos(math.radians(self.site.latitude))), 6),
            floor_plan_id=self.plan_id if placed else None, plan_x=x, plan_y=y, manufacturer=manufacturer,
            model=rng.choice(models), serial_number=serial, install_date=installed,
            warranty_expires=installed + timedelta(days=365 * rng.randint(2, 5)),
            purchase_cost=Decimal(rng.randint(*kind.cost)).quantize(Decimal('1.00')), expected_life_years=kind.life,
            attributes={}, version=1,
        )  # fmt: skip


def _insert_returning_ids(session: Session, model: type, rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    now = utcnow()
    for row in rows:
        row.setdefault('created_at', now)
        row.setdefault('updated_at', now)
    statement = insert(model.__table__).returning(model.__table__.c.id, sort_by_parameter_order=True)
    return list(session.execute(statement, rows).scalars())


def _write_events(
    session: Session, org_id: int, rows: list[dict[str, Any]], asset_ids: list[int], rng: random.Random
) -> None:
    now = utcnow()
    events = []
    for row, asset_id in zip(rows, asset_ids, strict=True):
        created = now - timedelta(days=400)
        events.append(
            {
                'organization_id': org_id,
                'asset_id': asset_id,
                'at': created,
                'actor_label': 'demo loader',
                'kind': AssetEventKind.CREATED,
                'field': None,
                'from_value': None,
                'to_value': f'{row["code"]} {row["name"]}',
                'note': 'demo data',
                'score': None,
            }
        )
        if row['status'] is AssetStatus.REPAIR:
            events.append(
                {
                    'organization_id': org_id,
                    'asset_id': asset_id,
                    'at': now - timedelta(hours=rng.randint(2, 96)),
                    'actor_label': 'Tina Technician',
                    'kind': AssetEventKind.STATUS,
                    'field': 'status',
                    'from_value': 'operational',
                    'to_value': 'repair',
                    'note': rng.choice(FAULTS),
                    'score': None,
                }
            )
    session.execute(insert(AssetEvent.__table__), events)


def _write_meters(
    session: Session,
    org_id: int,
    machine_ids: list[int],
    machines: list[dict[str, Any]],
    kinds: list[str],
    rng: random.Random,
) -> None:
    now = utcnow()
    meters, readings = [], []
    for asset_id, row, kind_key in zip(machine_ids, machines, kinds, strict=True):
        name, unit = MACHINES[kind_key].meter
        age_days = (now.date() - row['install_date']).days
        per_day = rng.uniform(8, 20) if unit == 'h' else rng.uniform(800, 4_000)
        start = age_days * per_day * rng.uniform(0.5, 0.9)
        values = [round(start + i * 30 * per_day, 1) for i in range(3)]
        meters.append(
            {
                'organization_id': org_id,
                'asset_id': asset_id,
                'name': name,
                'unit': unit,
                'cumulative': True,
                'current_reading': values[-1],
                'read_at': now - timedelta(days=1),
            }
        )
        readings.append(values)
    meter_ids = _insert_returning_ids(session, Meter, meters)
    rows = [
        {
            'organization_id': org_id,
            'meter_id': meter_id,
            'value': value,
            'read_at': now - timedelta(days=1 + 30 * (2 - i)),
            'source': 'demo',
            'recorded_by': 'demo loader',
        }
        for meter_id, values in zip(meter_ids, readings, strict=True)
        for i, value in enumerate(values)
    ]
    if rows:
        session.execute(insert(MeterReading.__table__), rows)
