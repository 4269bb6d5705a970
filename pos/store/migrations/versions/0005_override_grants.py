"""Supervisor approvals issued by the store, each spent by one protected action

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "override_grant",
        sa.Column("grant_id", sa.String(length=36), nullable=False),
        sa.Column("approver_id", sa.String(length=16), nullable=False),
        sa.Column("permission", sa.String(length=24), nullable=False),
        sa.Column("granted_at", sa.String(length=32), nullable=False),
        sa.Column("used_at", sa.String(length=32), nullable=True),
        sa.Column("used_by", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("grant_id"),
    )


def downgrade() -> None:
    op.drop_table("override_grant")
