"""Offline stock leased from the outlet's allocation: seats and standing units

Revision ID: 0013
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lease_seat",
        sa.Column("performance_id", sa.Text(), nullable=False),
        sa.Column("seat_id", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("performance_id", "seat_id"),
    )
    op.create_table(
        "lease_standing",
        sa.Column("performance_id", sa.Text(), nullable=False),
        sa.Column("area_id", sa.Text(), nullable=False),
        sa.Column("granted", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("performance_id", "area_id"),
    )


def downgrade() -> None:
    op.drop_table("lease_standing")
    op.drop_table("lease_seat")
