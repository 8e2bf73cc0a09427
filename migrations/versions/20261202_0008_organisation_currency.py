"""The organisation's currency: an ISO 4217 code every amount of money is shown in.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 18:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('organizations') as batch:
        batch.add_column(sa.Column('currency', sa.String(3), nullable=False, server_default='EUR'))


def downgrade() -> None:
    with op.batch_alter_table('organizations') as batch:
        batch.drop_column('currency')
