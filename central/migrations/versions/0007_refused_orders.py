"""Refused orders: an order central refused never enters later (its codes are revoked)

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from central.db import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "refused_orders",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("terminal_id", sa.String(length=40), nullable=False),
        sa.Column("outlet_id", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("message", sa.String(length=400), nullable=False),
        sa.Column("tickets", sa.Integer(), nullable=False),
        sa.Column("refused_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", "terminal_id", name=op.f("pk_refused_orders")),
    )


def downgrade() -> None:
    op.drop_table("refused_orders")
