"""API keys may expire (api_keys.expires_at); login failures are indexed by email (unknown emails lock like accounts).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('api_keys') as batch:
        batch.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index('ix_login_failures_email_at', 'login_failures', ['email', 'at'])


def downgrade() -> None:
    op.drop_index('ix_login_failures_email_at', table_name='login_failures')
    with op.batch_alter_table('api_keys') as batch:
        batch.drop_column('expires_at')
