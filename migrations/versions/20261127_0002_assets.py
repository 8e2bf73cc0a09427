"""assets

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 05:29:49.734092
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'floor_plans',
        sa.Column('organization_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('site_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('building', sa.String(length=120), nullable=False),
        sa.Column('floor', sa.String(length=60), nullable=False),
        sa.Column('stored_name', sa.String(length=64), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['organization_id'],
            ['organizations.id'],
            name=op.f('fk_floor_plans_organization_id_organizations'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['site_id'], ['sites.id'], name=op.f('fk_floor_plans_site_id_sites'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_floor_plans')),
        sa.UniqueConstraint(
            'organization_id',
            'site_id',
            'building',
            'floor',
            name=op.f('uq_floor_plans_organization_id_site_id_building_floor'),
        ),
        sa.UniqueConstraint('stored_name', name=op.f('uq_floor_plans_stored_name')),
    )
    op.create_table(
        'assets',
        sa.Column('organization_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('code', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column(
            'asset_type',
            sa.Enum(
                'equipment',
                'machinery',
                'vehicle',
                'building',
                'infrastructure',
                'tool',
                'instrument',
                'system',
                'component',
                name='assettype',
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            'status',
            sa.Enum(
                'operational',
                'maintenance',
                'repair',
                'retired',
                'spare',
                'decommissioned',
                'testing',
                'standby',
                name='assetstatus',
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            'condition',
            sa.Enum(
                'excellent', 'good', 'fair', 'poor', 'critical', name='assetcondition', native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column(
            'criticality',
            sa.Enum('low', 'medium', 'high', 'critical', name='criticality', native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column('parent_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
        sa.Column('site_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
        sa.Column('building', sa.String(length=120), nullable=False),
        sa.Column('floor', sa.String(length=60), nullable=False),
        sa.Column('room', sa.String(length=120), nullable=False),
        sa.Column('department', sa.String(length=120), nullable=False),
        sa.Column('latitude', sa.Float(), nullable=True),
        sa.Column('longitude', sa.Float(), nullable=True),
        sa.Column('floor_plan_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
        sa.Column('plan_x', sa.Float(), nullable=True),
        sa.Column('plan_y', sa.Float(), nullable=True),
        sa.Column('manufacturer', sa.String(length=120), nullable=False),
        sa.Column('model', sa.String(length=120), nullable=False),
        sa.Column('serial_number', sa.String(length=120), nullable=False),
        sa.Column('install_date', sa.Date(), nullable=True),
        sa.Column('warranty_expires', sa.Date(), nullable=True),
        sa.Column('purchase_cost', sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column('expected_life_years', sa.Integer(), nullable=True),
        sa.Column('attributes', sa.JSON(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['floor_plan_id'], ['floor_plans.id'], name=op.f('fk_assets_floor_plan_id_floor_plans'), ondelete='SET NULL'
        ),
        sa.ForeignKeyConstraint(
            ['organization_id'],
            ['organizations.id'],
            name=op.f('fk_assets_organization_id_organizations'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['parent_id'], ['assets.id'], name=op.f('fk_assets_parent_id_assets'), ondelete='RESTRICT'
        ),
        sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_assets_site_id_sites'), ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_assets')),
        sa.UniqueConstraint('organization_id', 'code', name=op.f('uq_assets_organization_id_code')),
    )
    with op.batch_alter_table('assets', schema=None) as batch_op:
        batch_op.create_index('ix_assets_org_name', ['organization_id', 'name'], unique=False)
        batch_op.create_index('ix_assets_org_parent', ['organization_id', 'parent_id'], unique=False)
        batch_op.create_index('ix_assets_org_site', ['organization_id', 'site_id'], unique=False)
        batch_op.create_index('ix_assets_org_status', ['organization_id', 'status'], unique=False)
        batch_op.create_index('ix_assets_org_type', ['organization_id', 'asset_type'], unique=False)

    op.create_table(
        'asset_attachments',
        sa.Column('organization_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('asset_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('file_name', sa.String(length=255), nullable=False),
        sa.Column('stored_name', sa.String(length=64), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size_bytes', sa.BigInteger(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('uploaded_by', sa.String(length=320), nullable=False),
        sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
        sa.ForeignKeyConstraint(
            ['asset_id'], ['assets.id'], name=op.f('fk_asset_attachments_asset_id_assets'), ondelete='CASCADE'
        ),
        sa.ForeignKeyConstraint(
            ['organization_id'],
            ['organizations.id'],
            name=op.f('fk_asset_attachments_organization_id_organizations'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_asset_attachments')),
        sa.UniqueConstraint('stored_name', name=op.f('uq_asset_attachments_stored_name')),
    )
    with op.batch_alter_table('asset_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_asset_attachments_asset_id'), ['asset_id'], unique=False)

    op.create_table(
        'asset_events',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
        sa.Column('organization_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('asset_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('actor_label', sa.String(length=320), nullable=False),
        sa.Column(
            'kind',
            sa.Enum(
                'created',
                'field',
                'status',
                'condition',
                'location',
                'meter',
                'attachment',
                'hierarchy',
                name='asseteventkind',
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column('field', sa.String(length=64), nullable=True),
        sa.Column('from_value', sa.Text(), nullable=True),
        sa.Column('to_value', sa.Text(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('score', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ['asset_id'], ['assets.id'], name=op.f('fk_asset_events_asset_id_assets'), ondelete='CASCADE'
        ),
        sa.ForeignKeyConstraint(
            ['organization_id'],
            ['organizations.id'],
            name=op.f('fk_asset_events_organization_id_organizations'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_asset_events')),
    )
    with op.batch_alter_table('asset_events', schema=None) as batch_op:
        batch_op.create_index('ix_asset_events_asset_at', ['asset_id', 'at'], unique=False)

    op.create_table(
        'asset_meters',
        sa.Column('organization_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('asset_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('unit', sa.String(length=32), nullable=False),
        sa.Column('cumulative', sa.Boolean(), nullable=False),
        sa.Column('current_reading', sa.Float(), nullable=True),
        sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['asset_id'], ['assets.id'], name=op.f('fk_asset_meters_asset_id_assets'), ondelete='CASCADE'
        ),
        sa.ForeignKeyConstraint(
            ['organization_id'],
            ['organizations.id'],
            name=op.f('fk_asset_meters_organization_id_organizations'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_asset_meters')),
        sa.UniqueConstraint('asset_id', 'name', name=op.f('uq_asset_meters_asset_id_name')),
    )
    with op.batch_alter_table('asset_meters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_asset_meters_asset_id'), ['asset_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_asset_meters_organization_id'), ['organization_id'], unique=False)

    op.create_table(
        'asset_meter_readings',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
        sa.Column('organization_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('meter_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('value', sa.Float(), nullable=False),
        sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('source', sa.String(length=32), nullable=False),
        sa.Column('recorded_by', sa.String(length=320), nullable=False),
        sa.ForeignKeyConstraint(
            ['meter_id'],
            ['asset_meters.id'],
            name=op.f('fk_asset_meter_readings_meter_id_asset_meters'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['organization_id'],
            ['organizations.id'],
            name=op.f('fk_asset_meter_readings_organization_id_organizations'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_asset_meter_readings')),
    )
    with op.batch_alter_table('asset_meter_readings', schema=None) as batch_op:
        batch_op.create_index('ix_asset_meter_readings_meter_at', ['meter_id', 'read_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('asset_meter_readings', schema=None) as batch_op:
        batch_op.drop_index('ix_asset_meter_readings_meter_at')

    op.drop_table('asset_meter_readings')
    with op.batch_alter_table('asset_meters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_asset_meters_organization_id'))
        batch_op.drop_index(batch_op.f('ix_asset_meters_asset_id'))

    op.drop_table('asset_meters')
    with op.batch_alter_table('asset_events', schema=None) as batch_op:
        batch_op.drop_index('ix_asset_events_asset_at')

    op.drop_table('asset_events')
    with op.batch_alter_table('asset_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_asset_attachments_asset_id'))

    op.drop_table('asset_attachments')
    with op.batch_alter_table('assets', schema=None) as batch_op:
        batch_op.drop_index('ix_assets_org_type')
        batch_op.drop_index('ix_assets_org_status')
        batch_op.drop_index('ix_assets_org_site')
        batch_op.drop_index('ix_assets_org_parent')
        batch_op.drop_index('ix_assets_org_name')

    op.drop_table('assets')
    op.drop_table('floor_plans')
