"""Failure codes: the catalogue of problem/cause/remedy codes per asset type, and the completion note.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 18:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
# The asset types as of this revision (a VARCHAR, so adding one later needs no DDL).
ASSET_TYPES = (
    'equipment',
    'machinery',
    'vehicle',
    'building',
    'infrastructure',
    'tool',
    'instrument',
    'system',
    'component',
)
KINDS = ('problem', 'cause', 'remedy')
UNIQUE = 'uq_failure_codes_organization_id_asset_type_kind_code'


def upgrade() -> None:
    op.create_table(
        'failure_codes',
        sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
        sa.Column('organization_id', BIG_ID, nullable=False),
        sa.Column('asset_type', sa.Enum(*ASSET_TYPES, name='assettype', native_enum=False, length=32), nullable=False),
        sa.Column(
            'kind',
            sa.Enum(*KINDS, name='failurecodekind', native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('label', sa.String(length=120), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['organization_id'],
            ['organizations.id'],
            name=op.f('fk_failure_codes_organization_id_organizations'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_failure_codes')),
        sa.UniqueConstraint(
            'organization_id',
            'asset_type',
            'kind',
            'code',
            name=op.f(UNIQUE),
        ),
    )
    with op.batch_alter_table('failure_codes', schema=None) as batch_op:
        batch_op.create_index(
            'ix_failure_codes_org_type_kind', ['organization_id', 'asset_type', 'kind', 'active'], unique=False
        )
    with op.batch_alter_table('work_orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failure_note', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('work_orders', schema=None) as batch_op:
        batch_op.drop_column('failure_note')
    with op.batch_alter_table('failure_codes', schema=None) as batch_op:
        batch_op.drop_index('ix_failure_codes_org_type_kind')
    op.drop_table('failure_codes')
