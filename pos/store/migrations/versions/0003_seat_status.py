"""Seat and standing status from central's seat feed

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seat_status",
        sa.Column("performance_id", sa.String(length=40), nullable=False),
        sa.Column("seat_id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("allocation", sa.String(length=8), nullable=True),
        sa.Column("held_by_me", sa.Boolean(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("performance_id", "seat_id"),
    )
    op.create_table(
        "standing_status",
        sa.Column("performance_id", sa.String(length=40), nullable=False),
        sa.Column("area_id", sa.String(length=40), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("available", sa.Integer(), nullable=False),
        sa.Column("own_quota", sa.Integer(), nullable=False),
        sa.Column("own_available", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("performance_id", "area_id"),
    )


def downgrade() -> None:
    op.drop_table("standing_status")
    op.drop_table("seat_status")
