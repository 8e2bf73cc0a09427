"""Domain events: the transactional outbox of durable deliveries.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 06:04:44.554813
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
PENDING = "status = 'pending'"
ORDERED_PENDING = "status = 'pending' AND ordering_key IS NOT NULL"


def upgrade() -> None:
    op.create_table(
        'outbox_messages',
        sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
        sa.Column('organization_id', BIG_ID, nullable=False),
        sa.Column('event_id', sa.String(length=36), nullable=False),
        sa.Column('event_name', sa.String(length=100), nullable=False),
        sa.Column('event_version', sa.Integer(), nullable=False),
        sa.Column('aggregate', sa.String(length=120), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('subscriber', sa.String(length=150), nullable=False),
        sa.Column('ordering_key', sa.String(length=300), nullable=True),
        sa.Column('idempotency_key', sa.String(length=36), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('available_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('claimed_by', sa.String(length=100), nullable=True),
        sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ['organization_id'],
            ['organizations.id'],
            name=op.f('fk_outbox_messages_organization_id_organizations'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages')),
    )
    if op.get_bind().dialect.name == 'postgresql':
        # Room on every page, so that a claim (attempts, claimed_by/until: no indexed column) is a HOT update.
        op.execute('ALTER TABLE outbox_messages SET (fillfactor = 50)')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        for name, columns, where in (
            ('ix_outbox_messages_pending', ['available_at', 'id'], PENDING),
            ('ix_outbox_messages_ordering', ['ordering_key', 'id'], ORDERED_PENDING),
            ('ix_outbox_messages_dead', ['organization_id', 'id'], "status = 'dead'"),
            ('ix_outbox_messages_delivered', ['delivered_at'], "status = 'delivered'"),
        ):
            batch_op.create_index(
                name, columns, unique=False, sqlite_where=sa.text(where), postgresql_where=sa.text(where)
            )


def downgrade() -> None:
    op.drop_table('outbox_messages')
