"""Site calendars: each site's working week, hours, public-holiday region and closed-day policy, and its closures.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 12:22:43
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
POLICIES = ('before', 'after', 'keep')  # as of this revision (a VARCHAR: a new one needs no DDL)


def _owned_by(table: str) -> list:
    """The columns and keys every per-site row of this revision has: id, organisation, site, timestamps."""
    return [
        sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
        sa.Column('organization_id', BIG_ID, nullable=False),
        sa.Column('site_id', BIG_ID, nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['organization_id'],
            ['organizations.id'],
            name=op.f(f'fk_{table}_organization_id_organizations'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f(f'fk_{table}_site_id_sites'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
    ]


def upgrade() -> None:
    op.create_table(
        'site_calendars',
        *_owned_by('site_calendars'),
        sa.Column('working_days', sa.Integer(), nullable=False),
        sa.Column('day_starts', sa.Time(), nullable=False),
        sa.Column('day_ends', sa.Time(), nullable=False),
        sa.Column('country', sa.String(length=3), nullable=True),
        sa.Column('subdivision', sa.String(length=10), nullable=True),
        sa.Column(
            'policy', sa.Enum(*POLICIES, name='closeddaypolicy', native_enum=False, length=32), nullable=False
        ),
        sa.CheckConstraint('day_ends > day_starts', name=op.f('ck_site_calendars_day_ends_after_start')),
        sa.CheckConstraint(
            'working_days > 0 AND working_days < 128', name=op.f('ck_site_calendars_working_days_bits')
        ),
        sa.UniqueConstraint('site_id', name=op.f('uq_site_calendars_site_id')),
    )
    op.create_index(op.f('ix_site_calendars_organization_id'), 'site_calendars', ['organization_id'])
    op.create_table(
        'site_closures',
        *_owned_by('site_closures'),
        sa.Column('first_day', sa.Date(), nullable=False),
        sa.Column('last_day', sa.Date(), nullable=False),
        sa.Column('reason', sa.String(length=200), nullable=False),
        sa.CheckConstraint('last_day >= first_day', name=op.f('ck_site_closures_last_day_after_first')),
    )
    op.create_index(op.f('ix_site_closures_organization_id'), 'site_closures', ['organization_id'])
    op.create_index('ix_site_closures_site_first', 'site_closures', ['site_id', 'first_day'])


def downgrade() -> None:
    op.drop_table('site_closures')
    op.drop_table('site_calendars')
