"""Pydantic schemas of the core: pages of results, organisations, sites, users, API keys, audit."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar
from zoneinfo import ZoneInfo, available_timezones

from babel.numbers import list_currencies
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    ValidationError,
    field_validator,
)

from app.core.db import MAX_ROW_ID
from app.core.enums import AuditAction, Role
from app.core.errors import FieldError, ValidationFailed
from app.core.field_messages import plain_message
from app.core.input_types import JsonBool, RowId

T = TypeVar('T')
M = TypeVar('M', bound=BaseModel)

MAX_PAGE_SIZE = 500


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True, str_strip_whitespace=True)


def refuse_nul(value: Any) -> Any:
    # PostgreSQL text cannot hold NUL characters: refuse them as bad input instead of failing in the database.
    if isinstance(value, str) and '\x00' in value:
        raise ValueError('must not contain NUL characters')
    return value


def as_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    try:
        return value.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01 with a positive offset
        raise ValueError('is out of the supported date range') from None


def iso_8601_only(value: Any) -> Any:
    """Pydantic would also read a number (``0.5``, or the text ``"0.5"`` of a query) as Unix seconds; the contract
    says ISO 8601, and a number is more likely a mistake than a time."""
    if (isinstance(value, int | float) and not isinstance(value, bool)) or (
        isinstance(value, str) and _NUMBER.fullmatch(value.strip())
    ):
        raise ValueError('must be an ISO 8601 date-time with an offset, e.g. 2026-12-03T08:00:00Z')
    return value


_NUMBER = re.compile(r'[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?')

SearchText = Annotated[str, AfterValidator(refuse_nul)]
# ISO 8601 with an offset, as the API promises; a naive time would be ambiguous.
UtcDatetime = Annotated[AwareDatetime, BeforeValidator(iso_8601_only), AfterValidator(as_utc)]


class StrictInput(Schema):
    """Input models refuse unknown fields, so a misspelt field is an error rather than silently ignored."""

    model_config = ConfigDict(from_attributes=True, str_strip_whitespace=True, extra='forbid')

    _no_nul = field_validator('*')(refuse_nul)


class Page(Schema, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class PageParams(Schema):
    limit: int = Field(default=50, ge=1, le=MAX_PAGE_SIZE)
    offset: int = Field(default=0, ge=0, le=MAX_ROW_ID)


def validated(model: type[M], data: Any) -> M:
    """Build an input model, turning pydantic's errors into a field-named ValidationFailed."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(field_errors(exc)) from None


def field_errors(exc: ValidationError) -> list[FieldError]:
    """Each error at its dotted field, in plain words (``field_messages``); one per field, the first pydantic gave
    (a union type reports every alternative it tried)."""
    errors: dict[str, FieldError] = {}
    for error in exc.errors():
        location = [str(part) for part in error['loc'] if part not in ('body', 'query', 'path')]
        location = [part for part in location if not _is_union_branch(part)]
        field = '.'.join(location) or 'body'
        errors.setdefault(field, FieldError(field, plain_message(field, error)))
    return list(errors.values())


def _is_union_branch(part: str) -> bool:
    # pydantic names the alternative of a union it tried: 'int', 'constrained-str', 'function-after[...]' …
    return _UNION_BRANCH.fullmatch(part) is not None or '[' in part


_UNION_BRANCH = re.compile(r'(constrained-)?(str|int|float|bool|decimal|date|datetime|none|list|dict)')


class OrganizationRead(Schema):
    id: int
    name: str
    currency: str


class OrganizationUpdate(StrictInput):
    currency: str | None = Field(default=None, description='ISO 4217 code, e.g. EUR or USD')

    @field_validator('currency')
    @classmethod
    def _currency(cls, value: str | None) -> str:
        return check_currency(not_null(value))


def check_currency(value: str) -> str:
    code = value.strip().upper()
    if code not in CURRENCIES:
        raise ValueError(f'unknown currency {value!r}; use an ISO 4217 code such as EUR or USD')
    return code


def _check_timezone(value: str) -> str:
    if value not in _TIMEZONES:
        raise ValueError(f'unknown timezone {value!r}; use an IANA name such as Europe/Berlin')
    ZoneInfo(value)
    return value


_TIMEZONES = frozenset(available_timezones()) | {'UTC'}
CURRENCIES = frozenset(list_currencies())  # ISO 4217 codes (with historical ones, which old records may use)


class SiteFields(StrictInput):
    address: str = Field(default='', max_length=1000)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)


class SiteCreate(SiteFields):
    name: str = Field(min_length=1, max_length=200)
    timezone: str = 'UTC'

    _timezone = field_validator('timezone')(_check_timezone)


class SiteUpdate(StrictInput):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    timezone: str | None = None
    address: str | None = Field(default=None, max_length=1000)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)

    @field_validator('timezone')
    @classmethod
    def _timezone(cls, value: str | None) -> str:
        return _check_timezone(not_null(value))

    @field_validator('name', 'address')
    @classmethod
    def _required(cls, value: str | None) -> str:
        return not_null(value)


def not_null(value: Any) -> Any:
    """A partial update's validator: a field that is sent may not be null (it would mean "erase")."""
    # Only runs for a field that was sent: null would mean "erase", which these columns cannot be.
    if value is None:
        raise ValueError('cannot be null; leave the field out to keep its value')
    return value


class SiteRead(Schema):
    id: int
    name: str
    timezone: str
    address: str
    latitude: float | None
    longitude: float | None


class UserCreate(StrictInput):
    email: EmailStr
    name: str = Field(min_length=1, max_length=200)
    role: Role
    password: str = Field(min_length=1, max_length=256)
    site_id: RowId | None = None


class UserUpdate(StrictInput):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    role: Role | None = None
    active: JsonBool | None = None
    site_id: RowId | None = None

    @field_validator('name', 'role', 'active')
    @classmethod
    def _required(cls, value: Any) -> Any:
        return not_null(value)


class PasswordReset(StrictInput):
    password: str = Field(min_length=1, max_length=256)


class UserRead(Schema):
    id: int
    email: str
    name: str
    role: Role
    site_id: int | None
    active: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    created_at: datetime


class ApiKeyCreate(StrictInput):
    name: str = Field(min_length=1, max_length=200)
    role: Role
    expires_at: UtcDatetime | None = Field(
        default=None, description='When the key stops working (401 like a revoked key); omitted: never.'
    )


class ApiKeyRead(Schema):
    id: int
    name: str
    role: Role
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    expires_at: datetime | None


class ApiKeyCreated(ApiKeyRead):
    key: str = Field(description='The full key. Shown this once; only a hash is stored.')


class AuditFilter(PageParams):
    actor: SearchText | None = None
    entity_type: SearchText | None = None
    entity_id: SearchText | None = None
    action: AuditAction | None = None
    since: UtcDatetime | None = None
    until: UtcDatetime | None = None
    q: SearchText | None = None


class AuditEntryRead(Schema):
    id: int
    at: datetime
    actor_kind: str
    actor_id: int | None
    actor_label: str
    action: AuditAction
    entity_type: str
    entity_id: str | None
    summary: str
    changes: dict[str, Any]
    client_address: str | None
    # What the entry is about as people know it: 'Work order' and 'WO-001900' (``app.core.audit_subjects``).
    entity_label: str = ''
    reference: str | None = None
    # Fields of ``changes`` whose values are enum codes ('in_progress'), for a UI to show as words.
    enum_fields: list[str] = []


class AuditSubjectRead(Schema):
    entity_type: str
    label: str


class LoginRequest(StrictInput):
    username: str = Field(min_length=1, max_length=320)
    password: str = Field(min_length=1, max_length=256)


class TokenResponse(Schema):
    access_token: str
    token_type: str = 'bearer'  # noqa: S105  the OAuth token type, not a secret
    expires_in: int
