"""Asset schemas: create/update/read families, filters, location, condition, history, statistics."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints, ValidationInfo, field_validator

from app.assets.enums import AssetCondition, AssetEventKind, AssetStatus, AssetType, Criticality
from app.core.input_types import Int64, JsonBool, RowId
from app.core.schemas import PageParams, Schema, StrictInput, UtcDatetime

AssetCode = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r'^[A-Za-z0-9][A-Za-z0-9._/\-]*$'),
]
MAX_ATTRIBUTES = 100
MAX_ATTRIBUTE_KEY = 64
MAX_ATTRIBUTE_TEXT = 1000
_CONTROL = frozenset(chr(code) for code in (*range(32), 127))
_ALLOWED_IN_TEXT = frozenset('\t\n\r')


def _refuse_control_in_key(key: str) -> str:
    if any(character in _CONTROL for character in key):
        raise ValueError('an attribute name must not contain control characters (NUL, tab, line breaks, ...)')
    return key


def _refuse_control_in_text(value: str) -> str:
    # Tabs and line breaks are ordinary in a note-like value; NUL cannot be stored and the rest are invisible.
    if any(character in _CONTROL and character not in _ALLOWED_IN_TEXT for character in value):
        raise ValueError('must not contain NUL or other control characters (tab and line breaks are fine)')
    return value


# Attribute names and text values are bounded (a 1 MB value would ride along in every asset read, list and export)
# and free of control characters; the CSV/XLSX import validates through the same types, naming the attr: column.
AttributeKey = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_ATTRIBUTE_KEY),
    AfterValidator(_refuse_control_in_key),
]
AttributeText = Annotated[
    str, StringConstraints(max_length=MAX_ATTRIBUTE_TEXT), AfterValidator(_refuse_control_in_text)
]
AttributeValue = AttributeText | Int64 | Annotated[float, Field(allow_inf_nan=False)] | bool | None
Attributes = dict[AttributeKey, AttributeValue]
# Ids in bodies and filters: in range for a BIGINT, so a wild number is a 422 rather than a database error.


def _refuse_nul(value: Any) -> Any:
    # PostgreSQL text cannot hold NUL characters: refuse them up front with the field's name.
    if isinstance(value, str) and '\x00' in value:
        raise ValueError('must not contain NUL characters')
    return value


class AssetInput(StrictInput):
    """Asset input models: unknown fields refused (StrictInput), and no NUL characters in any text."""

    _no_nul = field_validator('*')(_refuse_nul)


WARRANTY_BEFORE_INSTALL = 'The warranty cannot end before the installation date'


def warranty_problem(install_date: date | None, warranty_expires: date | None) -> str | None:
    """Why the two dates disagree (a warranty ending before the asset was installed), or None."""
    if install_date is not None and warranty_expires is not None and warranty_expires < install_date:
        return WARRANTY_BEFORE_INSTALL
    return None


def _warranty_after_install(value: date | None, info: ValidationInfo) -> date | None:
    # A field validator, not a model one: it runs with the other fields' checks, so every error comes at once.
    if problem := warranty_problem(info.data.get('install_date'), value):
        raise ValueError(problem)
    return value


def _pair(first: str, second: str) -> Any:
    """A validator of ``second``: both of the pair are given, or neither (at ``second``, with the field errors)."""

    def check(value: Any, info: ValidationInfo) -> Any:
        if first in info.data and (info.data[first] is None) != (value is None):
            raise ValueError(f'give both {first} and {second}, or neither')
        return value

    return field_validator(second)(check)


class AssetLocation(AssetInput):
    building: str = Field(default='', max_length=120)
    floor: str = Field(default='', max_length=60)
    room: str = Field(default='', max_length=120)
    department: str = Field(default='', max_length=120)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180, validate_default=True)
    floor_plan_id: RowId | None = None
    plan_x: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    plan_y: float | None = Field(default=None, ge=0, allow_inf_nan=False, validate_default=True)

    _coordinates = _pair('latitude', 'longitude')
    _spot = _pair('plan_x', 'plan_y')


class AssetFields(AssetInput):
    """Fields shared by create and update (all optional here; create makes some required)."""

    description: str = Field(default='', max_length=10_000)
    manufacturer: str = Field(default='', max_length=120)
    model: str = Field(default='', max_length=120)
    serial_number: str = Field(default='', max_length=120)
    install_date: date | None = None
    warranty_expires: date | None = None
    purchase_cost: Decimal | None = Field(default=None, ge=0, le=Decimal('999999999999'), decimal_places=2)
    expected_life_years: int | None = Field(default=None, ge=0, le=200)
    attributes: Attributes = Field(default_factory=dict, max_length=MAX_ATTRIBUTES)

    _warranty = field_validator('warranty_expires')(_warranty_after_install)


class AssetCreate(AssetFields):
    code: AssetCode
    name: str = Field(min_length=1, max_length=200)
    asset_type: AssetType
    status: AssetStatus = AssetStatus.OPERATIONAL
    condition: AssetCondition = AssetCondition.GOOD
    criticality: Criticality = Criticality.MEDIUM
    parent_id: RowId | None = None
    site_id: RowId | None = None
    location: AssetLocation = Field(default_factory=AssetLocation)


class AssetUpdate(AssetInput):
    """Partial update; send ``version`` to refuse the change if someone else saved in between (409)."""

    code: AssetCode | None = None
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=10_000)
    asset_type: AssetType | None = None
    status: AssetStatus | None = None
    condition: AssetCondition | None = None
    criticality: Criticality | None = None
    parent_id: RowId | None = None
    site_id: RowId | None = None
    location: AssetLocation | None = None
    manufacturer: str | None = Field(default=None, max_length=120)
    model: str | None = Field(default=None, max_length=120)
    serial_number: str | None = Field(default=None, max_length=120)
    install_date: date | None = None
    warranty_expires: date | None = None
    purchase_cost: Decimal | None = Field(default=None, ge=0, le=Decimal('999999999999'), decimal_places=2)
    expected_life_years: int | None = Field(default=None, ge=0, le=200)
    attributes: Attributes | None = Field(default=None, max_length=MAX_ATTRIBUTES)
    note: str = Field(default='', max_length=2000, description='Why; shown in the history timeline')
    version: Int64 | None = None

    _warranty = field_validator('warranty_expires')(_warranty_after_install)


class LocationChange(AssetLocation):
    site_id: RowId | None = None
    note: str = Field(default='', max_length=2000)
    version: Int64 | None = None


class ConditionAssessment(AssetInput):
    condition: AssetCondition
    status: AssetStatus | None = None
    score: int | None = Field(default=None, ge=0, le=100)
    note: str = Field(default='', max_length=2000)
    version: Int64 | None = None


class AssetRead(Schema):
    id: int
    code: str
    name: str
    description: str
    asset_type: AssetType
    status: AssetStatus
    condition: AssetCondition
    criticality: Criticality
    parent_id: int | None
    parent_code: str | None = None
    site_id: int | None
    site_name: str | None = None
    location: AssetLocation
    manufacturer: str
    model: str
    serial_number: str
    install_date: date | None
    warranty_expires: date | None
    purchase_cost: Decimal | None
    expected_life_years: int | None
    attributes: dict[str, AttributeValue]
    children_count: int = 0
    version: int
    created_at: datetime
    updated_at: datetime


class AssetSort(StrEnum):
    CODE = 'code'
    NAME = 'name'
    ASSET_TYPE = 'asset_type'
    STATUS = 'status'
    CONDITION = 'condition'
    CRITICALITY = 'criticality'
    SITE = 'site'
    UPDATED_AT = 'updated_at'
    CREATED_AT = 'created_at'


class AssetFilter(PageParams):
    site_id: RowId | None = None
    asset_type: list[AssetType] | None = None
    status: list[AssetStatus] | None = None
    condition: list[AssetCondition] | None = None
    criticality: list[Criticality] | None = None
    parent_id: RowId | None = None
    ids: list[RowId] | None = Field(
        default=None, max_length=500, description='Only these assets (a selection in the list), at most 500'
    )
    q: str | None = Field(default=None, max_length=200, description='Search in code, name, serial, model')
    sort: AssetSort = AssetSort.CODE
    descending: bool = False

    _no_nul = field_validator('q')(_refuse_nul)

    @field_validator('asset_type', 'status', 'condition', 'criticality', 'ids', mode='before')
    @classmethod
    def _split_commas(cls, value: Any) -> Any:
        # ?status=operational&status=repair and ?status=operational,repair mean the same; empty means no filter.
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list | tuple):
            parts = [
                p.strip() if isinstance(p, str) else p
                for v in value
                for p in (v.split(',') if isinstance(v, str) else [v])
            ]
            return [p for p in parts if p != ''] or None
        return value


class AssetEventRead(Schema):
    id: int
    asset_id: int
    at: datetime
    actor_label: str
    kind: AssetEventKind
    field: str | None
    from_value: str | None
    to_value: str | None
    note: str
    score: int | None


class AssetTreeNode(Schema):
    """One asset in the hierarchy tree; ``children_count`` also counts children below the requested depth."""

    id: int
    code: str
    name: str
    status: AssetStatus
    children_count: int = 0
    children: list[AssetTreeNode] = Field(default_factory=list)


class AssetStatistics(Schema):
    total: int
    by_status: dict[str, int]
    by_type: dict[str, int]
    by_condition: dict[str, int]
    by_criticality: dict[str, int]
    by_site: dict[str, int] = Field(description='Counts per site id; "none" for assets without a site')


class MeterCreate(AssetInput):
    name: str = Field(min_length=1, max_length=120)
    unit: str = Field(min_length=1, max_length=32)
    cumulative: JsonBool = True


class MeterRead(Schema):
    id: int
    asset_id: int
    name: str
    unit: str
    cumulative: bool
    current_reading: float | None
    read_at: datetime | None


class MeterReadingCreate(AssetInput):
    value: float = Field(allow_inf_nan=False)
    read_at: UtcDatetime | None = None
    note: str = Field(default='', max_length=2000)


class MeterReadingRead(Schema):
    id: int
    meter_id: int
    value: float
    read_at: datetime
    source: str
    recorded_by: str


class AttachmentRead(Schema):
    id: int
    asset_id: int
    file_name: str
    content_type: str
    size_bytes: int
    kind: str
    uploaded_by: str
    uploaded_at: datetime


class FloorPlanRead(Schema):
    id: int
    site_id: int
    building: str
    floor: str
    width: int
    height: int


class ImportRowError(Schema):
    row: int = Field(description='1-based line in the file, counting the header as line 1')
    field: str
    message: str


class ImportReport(Schema):
    dry_run: bool
    rows: int
    valid_rows: int
    created: int = 0
    updated: int = 0
    errors: list[ImportRowError]
