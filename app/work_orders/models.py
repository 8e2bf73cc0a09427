"""Work-order tables: work orders and their numbering, steps, comments, photos, status history, time logs, templates
and the failure-code catalogue."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.assets.enums import AssetType
from app.core.db import Base, BigIntId, IdMixin, TimestampMixin, UTCDateTime, utcnow
from app.core.models import enum_column
from app.work_orders.enums import (
    FailureCodeKind,
    Priority,
    StepKind,
    StepState,
    TimeLogSource,
    WorkOrderStatus,
    WorkType,
)

Money = Numeric(14, 2)
Hours = Numeric(10, 2)


class WorkOrderCounter(Base):
    """The last work-order number of an organisation, bumped atomically (UPDATE … RETURNING)."""

    __tablename__ = 'work_order_counters'

    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class WorkOrder(IdMixin, TimestampMixin, Base):
    __tablename__ = 'work_orders'
    # The list pages 100,000 work orders by sorting ids only (queries.py): every sort has an index that hands out
    # (sort key, id) in order without visiting the table (PostgreSQL index-only scans; SQLite keeps the rowid in
    # every index); priority and status are read value by value in rank order, by id. Filters use the
    # (organisation, x, status) ones; PostgreSQL also has a trigram index for the title search.
    __table_args__ = (
        UniqueConstraint('organization_id', 'number', postgresql_include=['id']),
        Index('ix_work_orders_org_status_due', 'organization_id', 'status', 'due_at'),
        Index('ix_work_orders_org_status_id', 'organization_id', 'status', 'id'),
        # The board's completed column and reports on recent completions (completed_at within a window).
        Index('ix_work_orders_org_status_completed', 'organization_id', 'status', 'completed_at'),
        Index('ix_work_orders_org_priority_id', 'organization_id', 'priority', 'id'),
        Index('ix_work_orders_org_asset', 'organization_id', 'asset_id'),
        Index('ix_work_orders_org_assignee_status', 'organization_id', 'assignee_id', 'status'),
        Index('ix_work_orders_org_site_status', 'organization_id', 'site_id', 'status'),
        Index('ix_work_orders_org_created', 'organization_id', 'created_at', 'id'),
        Index('ix_work_orders_org_updated', 'organization_id', 'updated_at', 'id'),
        Index('ix_work_orders_org_due', 'organization_id', 'due_at', 'id'),
        Index('ix_work_orders_org_title', 'organization_id', 'title', 'id'),
        Index('ix_work_orders_schedule_due', 'schedule_id', 'due_at'),
    )

    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'))
    number: Mapped[int] = mapped_column(Integer)  # shown as WO-000042
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default='')
    asset_id: Mapped[int | None] = mapped_column(ForeignKey('assets.id', ondelete='RESTRICT'))
    site_id: Mapped[int | None] = mapped_column(ForeignKey('sites.id', ondelete='RESTRICT'))  # the asset's, kept
    work_type: Mapped[WorkType] = enum_column(WorkType)
    priority: Mapped[Priority] = enum_column(Priority, default=Priority.MEDIUM)
    status: Mapped[WorkOrderStatus] = enum_column(WorkOrderStatus, default=WorkOrderStatus.REQUESTED)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey('users.id', ondelete='SET NULL'))
    team: Mapped[str] = mapped_column(String(120), default='')
    requester_id: Mapped[int | None] = mapped_column(ForeignKey('users.id', ondelete='SET NULL'))
    requested_by: Mapped[str] = mapped_column(String(320), default='')
    estimated_hours: Mapped[Decimal | None] = mapped_column(Hours)
    estimated_cost: Mapped[Decimal | None] = mapped_column(Money)
    # Roll-ups of the time logs and parts, kept in the same transaction as each log or part movement so that
    # lists of 100,000 work orders never aggregate on the fly.
    actual_hours: Mapped[Decimal] = mapped_column(Hours, default=Decimal('0'))
    labour_cost: Mapped[Decimal] = mapped_column(Money, default=Decimal('0'))
    parts_cost: Mapped[Decimal] = mapped_column(Money, default=Decimal('0'))
    failure_problem: Mapped[str] = mapped_column(String(120), default='')
    failure_cause: Mapped[str] = mapped_column(String(120), default='')
    failure_remedy: Mapped[str] = mapped_column(String(120), default='')
    failure_note: Mapped[str] = mapped_column(Text, default='')  # what the technician adds to the codes
    template_id: Mapped[int | None] = mapped_column(ForeignKey('work_order_templates.id', ondelete='SET NULL'))
    # Parts the template plans for ([{part_id, quantity}]); stock only moves when a technician uses them.
    planned_parts: Mapped[list] = mapped_column(JSON, default=list)
    schedule_id: Mapped[int | None] = mapped_column(BigIntId)  # the PM schedule that generated it (scheduling issue)
    follow_up_of_id: Mapped[int | None] = mapped_column(ForeignKey('work_orders.id', ondelete='SET NULL'))
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {'version_id_col': version}  # stale writes raise instead of silently overwriting


# Title search is LIKE '%term%': a trigram index (extension pg_trgm, created by the migration) finds it on
# PostgreSQL; SQLite scans, which is fine at its scale.
Index(
    'ix_work_orders_title_trigram',
    func.lower(WorkOrder.title).label('title_lower'),
    postgresql_using='gin',
    postgresql_ops={'title_lower': 'gin_trgm_ops'},
).ddl_if(dialect='postgresql')


class WorkOrderStep(IdMixin, Base):
    __tablename__ = 'work_order_steps'
    __table_args__ = (UniqueConstraint('work_order_id', 'position'),)

    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'))
    work_order_id: Mapped[int] = mapped_column(ForeignKey('work_orders.id', ondelete='CASCADE'), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[StepKind] = enum_column(StepKind, default=StepKind.CHECKBOX)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    min_value: Mapped[float | None] = mapped_column(Float)
    max_value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(32), default='')
    state: Mapped[StepState] = enum_column(StepState, default=StepState.PENDING)
    value_number: Mapped[float | None] = mapped_column(Float)
    value_text: Mapped[str] = mapped_column(Text, default='')
    passed: Mapped[bool | None] = mapped_column(Boolean)
    completed_by: Mapped[str] = mapped_column(String(320), default='')
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    follow_up_work_order_id: Mapped[int | None] = mapped_column(ForeignKey('work_orders.id', ondelete='SET NULL'))


class WorkOrderTransition(Base):
    """One status move: the timeline and the audit of the lifecycle."""

    __tablename__ = 'work_order_transitions'
    __table_args__ = (Index('ix_work_order_transitions_wo_at', 'work_order_id', 'at'),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'))
    work_order_id: Mapped[int] = mapped_column(ForeignKey('work_orders.id', ondelete='CASCADE'))
    from_status: Mapped[WorkOrderStatus | None] = enum_column(WorkOrderStatus, nullable=True)
    to_status: Mapped[WorkOrderStatus] = enum_column(WorkOrderStatus)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_label: Mapped[str] = mapped_column(String(320))
    note: Mapped[str] = mapped_column(Text, default='')


class WorkOrderComment(IdMixin, Base):
    __tablename__ = 'work_order_comments'

    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'))
    work_order_id: Mapped[int] = mapped_column(ForeignKey('work_orders.id', ondelete='CASCADE'), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey('users.id', ondelete='SET NULL'))
    author_label: Mapped[str] = mapped_column(String(320))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WorkOrderPhoto(IdMixin, Base):
    __tablename__ = 'work_order_photos'

    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'))
    work_order_id: Mapped[int] = mapped_column(ForeignKey('work_orders.id', ondelete='CASCADE'), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    uploaded_by: Mapped[str] = mapped_column(String(320))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TimeLog(IdMixin, Base):
    """Labour on a work order: a running timer (ended_at empty) or a finished/manual entry."""

    __tablename__ = 'work_order_time_logs'
    __table_args__ = (Index('ix_work_order_time_logs_user_open', 'user_id', 'ended_at'),)

    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'))
    work_order_id: Mapped[int] = mapped_column(ForeignKey('work_orders.id', ondelete='CASCADE'), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey('users.id', ondelete='RESTRICT'))
    source: Mapped[TimeLogSource] = enum_column(TimeLogSource)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hours: Mapped[Decimal] = mapped_column(Hours, default=Decimal('0'))
    hourly_rate: Mapped[Decimal] = mapped_column(Money, default=Decimal('0'))
    cost: Mapped[Decimal] = mapped_column(Money, default=Decimal('0'))
    note: Mapped[str] = mapped_column(Text, default='')
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WorkOrderTemplate(IdMixin, TimestampMixin, Base):
    """A reusable recipe: title, type, priority, estimate, checklist steps and parts (JSON lists)."""

    __tablename__ = 'work_order_templates'
    __table_args__ = (UniqueConstraint('organization_id', 'name'),)

    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'))
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default='')
    work_type: Mapped[WorkType] = enum_column(WorkType)
    priority: Mapped[Priority] = enum_column(Priority, default=Priority.MEDIUM)
    estimated_hours: Mapped[Decimal | None] = mapped_column(Hours)
    steps: Mapped[list] = mapped_column(JSON, default=list)
    parts: Mapped[list] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class FailureCode(IdMixin, Base):
    """One entry of the failure catalogue: a problem, cause or remedy code offered for assets of one type.

    Completion stores the code (not the label) in the work order's ``failure_problem``/``_cause``/``_remedy``, so
    reports count codes; entries are deactivated, never deleted, so old work orders keep their meaning.
    """

    __tablename__ = 'failure_codes'
    __table_args__ = (
        UniqueConstraint('organization_id', 'asset_type', 'kind', 'code'),
        Index('ix_failure_codes_org_type_kind', 'organization_id', 'asset_type', 'kind', 'active'),
    )

    organization_id: Mapped[int] = mapped_column(ForeignKey('organizations.id', ondelete='CASCADE'))
    asset_type: Mapped[AssetType] = enum_column(AssetType)
    kind: Mapped[FailureCodeKind] = enum_column(FailureCodeKind)
    code: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
