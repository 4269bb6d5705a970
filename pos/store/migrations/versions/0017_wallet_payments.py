"""Mobile-wallet payments (issue 19): a payment intent written before the gateway is called,
and each refund to a wallet written before the refund is asked for

``payment_intent``: one row per payment attempt (its out-trade-number is the order UUID and
the attempt), with what is needed to finish the sale after a crash (the priced cart, the hold,
the other tenders). ``wallet_refund``: one row per refund to a wallet, keyed by its refund
number (the gateway's idempotency key), queued while the gateway cannot be reached.

Revision ID: 0017
Revises: 0019
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payment_intent",
        sa.Column("out_trade_no", sa.String(32), primary_key=True),
        sa.Column("order_id", sa.String(36), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("wallet", sa.String(8), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        # pending (the gateway may be charging) | committed (with its sale) | reversing
        # (a reversal asked for, not yet confirmed) | reversed | failed (nothing was taken)
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("charge_state", sa.String(12), nullable=False, server_default=""),
        sa.Column("transaction_id", sa.String(64), nullable=True),
        sa.Column("reason", sa.String(64), nullable=False, server_default=""),
        sa.Column("staff_id", sa.String(16), nullable=False),
        sa.Column("performance_id", sa.String(40), nullable=False),
        sa.Column("sale", sa.Text(), nullable=False),  # JSON: cart, tenders, policy, hold
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("deadline", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_payment_intent_state", "payment_intent", ["state"])
    op.create_index("ix_payment_intent_order", "payment_intent", ["order_id"])
    op.create_table(
        "wallet_refund",
        sa.Column("refund_no", sa.String(64), primary_key=True),
        sa.Column("out_trade_no", sa.String(32), sa.ForeignKey("payment_intent.out_trade_no"), nullable=False),
        sa.Column("order_id", sa.String(36), nullable=False),
        sa.Column("reversal_id", sa.String(36), nullable=False),
        sa.Column("wallet", sa.String(8), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),  # the charge refunded from
        sa.Column("currency", sa.String(3), nullable=False),
        # pending (to send; queued while the gateway is unreachable) | processing | success | failed
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("refund_id", sa.String(64), nullable=True),
        sa.Column("reason", sa.String(64), nullable=False, server_default=""),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_wallet_refund_state", "wallet_refund", ["state"])


def downgrade() -> None:
    op.drop_index("ix_wallet_refund_state", "wallet_refund")
    op.drop_table("wallet_refund")
    op.drop_index("ix_payment_intent_order", "payment_intent")
    op.drop_index("ix_payment_intent_state", "payment_intent")
    op.drop_table("payment_intent")
