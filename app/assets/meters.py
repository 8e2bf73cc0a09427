"""Asset meters (run hours, cycles, odometer…) and their readings; usage-based maintenance reads these later."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.assets.enums import AssetEventKind
from app.assets.events import MeterReadingRecorded
from app.assets.models import Asset, Meter, MeterReading
from app.assets.schemas import MeterCreate, MeterRead, MeterReadingCreate, MeterReadingRead
from app.assets.views import add_event, value_text
from app.core import audit, events
from app.core.db import utcnow
from app.core.enums import AuditAction
from app.core.errors import Conflict, NotFound, ValidationFailed
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.schemas import Page, PageParams
from app.core.scoping import load_scoped

# Clocks of tablets and machines drift a little; a reading further in the future than this is a mistake.
FUTURE_TOLERANCE = timedelta(minutes=5)


def list_meters(*, session: Session, principal: Principal, asset_id: int) -> list[MeterRead]:
    """The meters of an asset, by name."""
    require(principal, Permission.ASSETS_READ)
    load_scoped(session, Asset, asset_id, principal)
    rows = session.scalars(select(Meter).where(Meter.asset_id == asset_id).order_by(Meter.name, Meter.id))
    return [MeterRead.model_validate(row) for row in rows]


def add_meter(*, session: Session, principal: Principal, asset_id: int, data: MeterCreate) -> MeterRead:
    """Add a meter to an asset; its name must be free on that asset (409 otherwise)."""
    require(principal, Permission.ASSETS_WRITE)
    asset = load_scoped(session, Asset, asset_id, principal)
    taken = session.scalar(
        select(Meter.name).where(Meter.asset_id == asset.id, func.lower(Meter.name) == data.name.lower())
    )
    if taken is not None:
        raise Conflict(f'{asset.code} already has a meter named {taken!r}')
    meter = Meter(organization_id=principal.organization_id, asset_id=asset.id, **data.model_dump())
    session.add(meter)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise Conflict(f'{asset.code} already has a meter named {data.name!r}') from None
    kind = 'cumulative' if meter.cumulative else 'gauge'
    add_event(
        session,
        principal,
        asset,
        AssetEventKind.METER,
        at=utcnow(),
        field=meter.name,
        to_value=f'added ({meter.unit}, {kind})',
    )
    audit.record(
        session,
        principal,
        AuditAction.CREATE,
        'asset_meter',
        meter.id,
        changes=audit.created({'asset_id': asset.id, **data.model_dump()}),
        summary=f'added meter {meter.name} to asset {asset.code}',
    )
    return MeterRead.model_validate(meter)


def record_reading(
    *,
    session: Session,
    principal: Principal,
    asset_id: int,
    meter_id: int,
    data: MeterReadingCreate,
    source: str = 'manual',
) -> MeterReadingRead:
    """Record a meter reading; a cumulative meter refuses a value below an earlier reading (or above a later one)."""
    require(principal, Permission.ASSETS_ASSESS)
    asset = load_scoped(session, Asset, asset_id, principal)
    meter = _meter_of(session, principal, asset, meter_id, lock=True)
    read_at = _reading_time(data.read_at)
    if meter.cumulative:
        _check_monotonic(session, meter, data.value, read_at)
    reading = MeterReading(
        organization_id=principal.organization_id,
        meter_id=meter.id,
        value=data.value,
        read_at=read_at,
        source=source[:32],
        recorded_by=principal.label,
    )
    session.add(reading)
    previous = meter.current_reading
    if meter.read_at is None or read_at >= meter.read_at:  # only the newest reading is the meter's current one
        meter.current_reading = data.value
        meter.read_at = read_at
    session.flush()
    add_event(
        session,
        principal,
        asset,
        AssetEventKind.METER,
        at=utcnow(),
        field=meter.name,
        from_value=None if previous is None else f'{value_text(previous)} {meter.unit}',
        to_value=f'{value_text(data.value)} {meter.unit}',
        note=data.note,
    )
    events.publish(
        session,
        MeterReadingRecorded(
            organization_id=asset.organization_id,
            asset_id=asset.id,
            code=asset.code,
            meter_id=meter.id,
            meter_name=meter.name,
            unit=meter.unit,
            cumulative=meter.cumulative,
            value=data.value,
            read_at=read_at,
        ),
    )
    return MeterReadingRead.model_validate(reading)


def list_readings(
    *, session: Session, principal: Principal, asset_id: int, meter_id: int, page: PageParams
) -> Page[MeterReadingRead]:
    """Readings of one meter, newest first."""
    require(principal, Permission.ASSETS_READ)
    asset = load_scoped(session, Asset, asset_id, principal)
    meter = _meter_of(session, principal, asset, meter_id)
    where = MeterReading.meter_id == meter.id
    total = session.scalar(select(func.count()).select_from(MeterReading).where(where)) or 0
    rows = session.scalars(
        select(MeterReading)
        .where(where)
        .order_by(MeterReading.read_at.desc(), MeterReading.id.desc())
        .limit(page.limit)
        .offset(page.offset)
    )
    return Page(
        items=[MeterReadingRead.model_validate(r) for r in rows], total=total, limit=page.limit, offset=page.offset
    )


def _meter_of(session: Session, principal: Principal, asset: Asset, meter_id: int, *, lock: bool = False) -> Meter:
    query = select(Meter).where(
        Meter.id == meter_id, Meter.asset_id == asset.id, Meter.organization_id == principal.organization_id
    )
    # Locked while recording, so two concurrent readings cannot both pass the cumulative check.
    meter = session.scalar(query.with_for_update() if lock else query)
    if meter is None:
        raise NotFound(f'meter {meter_id} not found on asset {asset.code}')
    return meter


def _reading_time(read_at: datetime | None) -> datetime:
    now = utcnow()
    if read_at is None:
        return now
    if read_at.tzinfo is None:
        raise ValidationFailed.field('read_at', 'give the time with its offset, e.g. 2026-03-01T08:00:00+01:00')
    try:
        read_at = read_at.astimezone(UTC)
    except OverflowError:
        raise ValidationFailed.field('read_at', 'out of range') from None
    if read_at > now + FUTURE_TOLERANCE:
        raise ValidationFailed.field('read_at', 'lies in the future')
    return read_at


def _check_monotonic(session: Session, meter: Meter, value: float, read_at: datetime) -> None:
    newest = meter.read_at is None or read_at >= meter.read_at
    if newest and meter.current_reading is not None and value < meter.current_reading:
        raise ValidationFailed.field(
            'value',
            f'{meter.name} is cumulative and reads '
            f'{value_text(meter.current_reading)} {meter.unit} now; '
            'a new reading cannot be lower',
        )
    base = select(MeterReading.value, MeterReading.read_at).where(MeterReading.meter_id == meter.id)
    before = session.execute(
        base.where(MeterReading.read_at <= read_at)
        .order_by(MeterReading.read_at.desc(), MeterReading.id.desc())
        .limit(1)
    ).first()
    if before is not None and value < before.value:
        raise ValidationFailed.field(
            'value',
            f'{meter.name} is cumulative and read {value_text(before.value)} '
            f'{meter.unit} at {before.read_at:%Y-%m-%d %H:%M} UTC; '
            'a later reading cannot be lower',
        )
    after = session.execute(
        base.where(MeterReading.read_at > read_at).order_by(MeterReading.read_at, MeterReading.id).limit(1)
    ).first()
    if after is not None and value > after.value:
        raise ValidationFailed.field(
            'value',
            f'{meter.name} is cumulative and read {value_text(after.value)} '
            f'{meter.unit} later, at {after.read_at:%Y-%m-%d %H:%M} UTC; '
            'an earlier reading cannot be higher',
        )
