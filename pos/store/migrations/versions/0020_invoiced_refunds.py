"""Refunds made after an invoice request (issue 22), as central's refund replies report them

Revision ID: 0020
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "invoiced_refund",
        sa.Column("refund_id", sa.String(36), primary_key=True),
        sa.Column("order_id", sa.String(36), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("invoiced_at", sa.String(32), nullable=False),
        sa.Column("noted_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_invoiced_refund_order_id", "invoiced_refund", ["order_id"])


def downgrade() -> None:
    op.drop_index("ix_invoiced_refund_order_id", "invoiced_refund")
    op.drop_table("invoiced_refund")
