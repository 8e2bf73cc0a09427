"""The audit log append-only in the database: triggers refuse UPDATE and DELETE of audit entries.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 15:00:00
"""

from collections.abc import Sequence

from alembic import op

from app.core import audit_guard

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    audit_guard.install(op.get_bind())


def downgrade() -> None:
    audit_guard.remove(op.get_bind())
