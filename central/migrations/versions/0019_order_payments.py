"""The payments of outlet orders, with the wallet of a scanned payment code (issue 19)

Revision ID: 0019
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from central.db import UTCDateTime

revision = "0019"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "order_payments",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("order_id", sa.String(36), sa.ForeignKey("orders.id"), nullable=False),
        sa.Column("outlet_id", sa.String(40), nullable=False),
        sa.Column("terminal_id", sa.String(40), nullable=False),
        sa.Column("sold_at", UTCDateTime(), nullable=False),
        sa.Column("method", sa.String(12), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("wallet", sa.String(8), nullable=True),
        sa.Column("transaction_id", sa.String(64), nullable=True),
        sa.Column("out_trade_no", sa.String(32), nullable=True),
        sa.UniqueConstraint("wallet", "transaction_id", name="uq_order_payments_wallet_trade"),
    )
    op.create_index("ix_order_payments_order_id", "order_payments", ["order_id"])
    op.create_index("ix_order_payments_outlet_sold", "order_payments", ["outlet_id", "sold_at"])


def downgrade() -> None:
    op.drop_index("ix_order_payments_outlet_sold", "order_payments")
    op.drop_index("ix_order_payments_order_id", "order_payments")
    op.drop_table("order_payments")
