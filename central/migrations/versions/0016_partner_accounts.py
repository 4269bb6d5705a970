"""City-partner accounts (issue 24): commission rules and contract term on outlets, the
commission and fees each refund gave back, payments received, close-out mismatches

Revision ID: 0016
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from central.db import UTCDateTime

revision = "0016"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("outlets", sa.Column("commission_rules", sa.JSON(), nullable=True))
    op.add_column("outlets", sa.Column("contract_start", sa.Date(), nullable=True))
    op.add_column("outlets", sa.Column("contract_end", sa.Date(), nullable=True))
    op.add_column("refunds", sa.Column("commission", sa.BigInteger(), nullable=False, server_default="0"))
    op.add_column("refunds", sa.Column("fees", sa.BigInteger(), nullable=False, server_default="0"))
    # Refunds taken before this revision gave back commission at the outlet's rate, and a void
    # gave back the order's fees and its whole commission: write down what they did.
    op.execute(
        "UPDATE refunds SET commission = (amount * (SELECT o.commission_bps FROM outlets o "
        "WHERE o.id = refunds.outlet_id) + 5000) / 10000 WHERE kind != 'void'"
    )
    op.execute(
        "UPDATE refunds SET fees = (SELECT r.total FROM orders r WHERE r.id = refunds.order_id) - amount, "
        "commission = (SELECT r.commission FROM orders r WHERE r.id = refunds.order_id) WHERE kind = 'void'"
    )
    op.create_table(
        "partner_payments",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("outlet_id", sa.String(40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_partner_payments_outlet_at", "partner_payments", ["outlet_id", "received_at"])
    op.create_table(
        "closeout_mismatches",
        sa.Column("closeout_id", sa.String(36), primary_key=True),
        sa.Column("outlet_id", sa.String(40), nullable=False),
        sa.Column("terminal_id", sa.String(40), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("period_start", UTCDateTime(), nullable=False),
        sa.Column("period_end", UTCDateTime(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_closeout_mismatches_outlet_at", "closeout_mismatches", ["outlet_id", "recorded_at"])


def downgrade() -> None:
    op.drop_index("ix_closeout_mismatches_outlet_at", "closeout_mismatches")
    op.drop_table("closeout_mismatches")
    op.drop_index("ix_partner_payments_outlet_at", "partner_payments")
    op.drop_table("partner_payments")
    op.drop_column("refunds", "fees")
    op.drop_column("refunds", "commission")
    op.drop_column("outlets", "contract_end")
    op.drop_column("outlets", "contract_start")
    op.drop_column("outlets", "commission_rules")
