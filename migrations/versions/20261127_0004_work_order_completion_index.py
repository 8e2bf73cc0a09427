"""Work orders: index for recent completions (the board's completed column, completion reports).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 09:38:22.229927
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('work_orders', schema=None) as batch_op:
        batch_op.create_index(
            'ix_work_orders_org_status_completed', ['organization_id', 'status', 'completed_at'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('work_orders', schema=None) as batch_op:
        batch_op.drop_index('ix_work_orders_org_status_completed')
