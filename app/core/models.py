"""Core tables: organisations, sites, users, API keys, the audit log, login failures and job runs."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base, BigIntId, IdMixin, TimestampMixin, UTCDateTime, utcnow
from app.core.enums import AuditAction, Role


def enum_column(enum_cls: type, **kwargs: Any) -> Any:
    """Enums stored as their values in a VARCHAR (no native type: adding a value needs no DDL)."""
    return mapped_column(
        Enum(enum_cls, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e]), **kwargs
    )


class Organization(IdMixin, TimestampMixin, Base):
    __tablename__ = 'organizations'

    name: Mapped[str] = mapped_column(String(200), unique=True)
    # ISO 4217 code every amount of money is shown in (costs are stored as plain numbers in this currency).
    currency: Mapped[str] = mapped_column(String(3), default='EUR', server_default='EUR')


class Site(IdMixin, TimestampMixin, Base):
    __tablename__ = 'sites'
    __table_args__ = (UniqueConstraint('organization_id', 'name'),)

    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'), index=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default='UTC')
    address: Mapped[str] = mapped_column(Text, default='')
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)


class User(IdMixin, TimestampMixin, Base):
    __tablename__ = 'users'

    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'), index=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = enum_column(Role)
    # The site a person mostly works at (their home on the sites overview); None means organisation-wide.
    site_id: Mapped[int | None] = mapped_column(ForeignKey('sites.id', ondelete='SET NULL'), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    failed_login_count: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dark_mode: Mapped[bool] = mapped_column(Boolean, default=False)
    hourly_rate: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))  # labour cost; None: the default rate
    # Bumped on password reset, deactivation and logout-everywhere: sessions carrying an older value end.
    session_version: Mapped[int] = mapped_column(Integer, default=1)


class ApiKey(IdMixin, TimestampMixin, Base):
    __tablename__ = 'api_keys'

    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = enum_column(Role)
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(128))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey('users.id', ondelete='SET NULL'))
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # None: the key works until revoked; otherwise requests from this moment on get 401 like a revoked key.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEntry(Base):
    __tablename__ = 'audit_entries'
    __table_args__ = (Index('ix_audit_entries_org_at', 'organization_id', 'at'),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(BigIntId)
    actor_label: Mapped[str] = mapped_column(String(320))
    action: Mapped[AuditAction] = enum_column(AuditAction)
    entity_type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(String(500), default='')
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    client_address: Mapped[str | None] = mapped_column(String(64))


class LoginFailure(Base):
    """One failed login: the per-address throttle counts these across accounts and instances."""

    __tablename__ = 'login_failures'
    __table_args__ = (
        Index('ix_login_failures_address_at', 'client_address', 'at'),
        # Unknown emails are locked like accounts by replaying their failures (app.core.auth).
        Index('ix_login_failures_email_at', 'email', 'at'),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    client_address: Mapped[str] = mapped_column(String(64))
    email: Mapped[str] = mapped_column(String(320))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class JobRun(Base):
    """One claimed tick of a background job: the unique key makes a tick run once across instances."""

    __tablename__ = 'job_runs'
    __table_args__ = (UniqueConstraint('job_id', 'tick_at'),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(String(100))
    tick_at: Mapped[datetime] = mapped_column(UTCDateTime)
    instance: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default='running')
    error: Mapped[str | None] = mapped_column(Text)


class OutboxMessage(Base):
    """One delivery of one domain event to one durable subscriber, written in the transaction that published it.

    ``pending`` until the dispatcher delivers it (``delivered``) or gives up after the subscriber's attempts
    (``dead``, which an admin can see and send back to ``pending``). A claimed row carries who claimed it and until
    when: a dispatcher that dies between claim and acknowledgement leaves it to be claimed again after that.
    """

    __tablename__ = 'outbox_messages'
    # Few indexes, each partial, and room on every page (fillfactor 50 on PostgreSQL, set by the migration: no
    # model option says it): a claim then rewrites its row in place (a HOT update, no index touched), and a
    # delivery's row costs four index entries in its whole life. The idempotency key is
    # unique by construction (a name-based UUID of a random event id), so no index checks it.
    __table_args__ = (
        # What the dispatcher scans: pending rows that are due, oldest first; LIMIT stops the scan early.
        Index('ix_outbox_messages_pending', 'available_at', 'id', sqlite_where=text("status = 'pending'"),
              postgresql_where=text("status = 'pending'")),
        # An ordered subscriber's next row waits for the one before it, looked up by this.
        Index('ix_outbox_messages_ordering', 'ordering_key', 'id',
              sqlite_where=text("status = 'pending' AND ordering_key IS NOT NULL"),
              postgresql_where=text("status = 'pending' AND ordering_key IS NOT NULL")),
        # The admin's dead letters, and the pruning of old deliveries.
        Index('ix_outbox_messages_dead', 'organization_id', 'id', sqlite_where=text("status = 'dead'"),
              postgresql_where=text("status = 'dead'")),
        Index('ix_outbox_messages_delivered', 'delivered_at', sqlite_where=text("status = 'delivered'"),
              postgresql_where=text("status = 'delivered'")),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'))
    event_id: Mapped[str] = mapped_column(String(36))
    event_name: Mapped[str] = mapped_column(String(100))
    event_version: Mapped[int] = mapped_column(Integer)
    aggregate: Mapped[str] = mapped_column(String(120))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    subscriber: Mapped[str] = mapped_column(String(150))
    ordering_key: Mapped[str | None] = mapped_column(String(300))
    idempotency_key: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(16), default='pending')
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    available_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
