"""Maintenance schedules: preventive plans on an asset with their triggers and their next due date explained.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 12:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
# The vocabularies as of this revision (VARCHARs: a new value needs no DDL).
WORK_TYPES = ('preventive', 'corrective', 'predictive', 'emergency', 'inspection', 'calibration', 'cleaning', 'lubrication')
PRIORITIES = ('critical', 'high', 'medium', 'low')
TRIGGERS = ('time', 'usage', 'condition', 'event', 'manual')
FREQUENCIES = ('daily', 'weekly', 'monthly', 'quarterly', 'semi_annual', 'annual', 'custom')
PLAN_MODES = ('fixed', 'floating')
ASSET_STATUSES = ('operational', 'maintenance', 'repair', 'retired', 'spare', 'decommissioned', 'testing', 'standby')
TABLE = 'maintenance_schedules'


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=32)


def _key(column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    table = target.split('.')[0]
    return sa.ForeignKeyConstraint([column], [target], name=op.f(f'fk_{TABLE}_{column}_{table}'), ondelete=ondelete)


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
        sa.Column('organization_id', BIG_ID, nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('asset_id', BIG_ID, nullable=False),
        sa.Column('template_id', BIG_ID, nullable=True),
        sa.Column('maintenance_type', _enum(WORK_TYPES, 'worktype'), nullable=False),
        sa.Column('priority', _enum(PRIORITIES, 'priority'), nullable=False),
        sa.Column('estimated_hours', sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column('assignee_id', BIG_ID, nullable=True),
        sa.Column('team', sa.String(length=120), nullable=False),
        sa.Column('lead_days', sa.Integer(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('trigger', _enum(TRIGGERS, 'triggerkind'), nullable=False),
        sa.Column('triggers', sa.JSON(), nullable=False),
        sa.Column('frequency', _enum(FREQUENCIES, 'frequency'), nullable=True),
        sa.Column('interval', sa.Integer(), nullable=False),
        sa.Column('rrule', sa.String(length=500), nullable=True),
        sa.Column('start_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('anchor_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('plan_mode', _enum(PLAN_MODES, 'planmode'), nullable=False),
        sa.Column('tolerance_pct', sa.Integer(), nullable=False),
        sa.Column('shift_pct', sa.Integer(), nullable=True),
        sa.Column('usage_meter', sa.String(length=120), nullable=True),
        sa.Column('usage_every', sa.Float(), nullable=True),
        sa.Column('event_asset_status', _enum(ASSET_STATUSES, 'assetstatus'), nullable=True),
        sa.Column('event_work_type', _enum(WORK_TYPES, 'worktype'), nullable=True),
        sa.Column('event_delay_days', sa.Integer(), nullable=False),
        sa.Column('next_due_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('next_due_explanation', sa.Text(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('interval >= 1', name=op.f(f'ck_{TABLE}_interval_positive')),
        _key('asset_id', 'assets.id', 'CASCADE'),
        _key('assignee_id', 'users.id', 'SET NULL'),
        _key('organization_id', 'organizations.id', 'CASCADE'),
        _key('template_id', 'work_order_templates.id', 'SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{TABLE}')),
    )
    op.create_index(op.f(f'ix_{TABLE}_asset_id'), TABLE, ['asset_id'])
    op.create_index('ix_maintenance_schedules_org_next_due', TABLE, ['organization_id', 'next_due_at'])


def downgrade() -> None:
    op.drop_table(TABLE)
