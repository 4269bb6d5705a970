"""Customer service and invoice requests (issue 22): phone digests of orders, the log of
customer look-ups, customer notes, invoice requests

Revision ID: 0018
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from central.db import UTCDateTime

revision = "0018"
down_revision = "0014"
branch_labels = None
depends_on = None


def _bigint() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "order_phones",
        sa.Column("order_id", sa.String(36), sa.ForeignKey("orders.id"), primary_key=True),
        sa.Column("phone_key", sa.String(64), nullable=False),
        sa.Column("sold_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_order_phones_key_sold", "order_phones", ["phone_key", "sold_at"])
    op.create_table(
        "customer_lookups",
        sa.Column("id", _bigint(), primary_key=True, autoincrement=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("terminal_id", sa.String(40), nullable=False),
        sa.Column("outlet_id", sa.String(40), nullable=False),
        sa.Column("by", sa.String(8), nullable=False),
        sa.Column("phone_key", sa.String(64), nullable=True),
        sa.Column("found", sa.Integer(), nullable=False),
        sa.Column("refused", sa.String(32), nullable=True),
    )
    op.create_index("ix_customer_lookups_terminal_at", "customer_lookups", ["terminal_id", "at"])
    op.create_table(
        "customer_notes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("phone_key", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("text", sa.String(500), nullable=False),
        sa.Column("order_id", sa.String(36), nullable=True),
        sa.Column("outlet_id", sa.String(40), nullable=False),
        sa.Column("terminal_id", sa.String(40), nullable=False),
        sa.Column("staff_id", sa.String(80), nullable=False),
        sa.Column("noted_at", UTCDateTime(), nullable=False),
        sa.Column("accepted_at", UTCDateTime(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
    )
    op.create_index("ix_customer_notes_phone_key", "customer_notes", ["phone_key"])
    op.create_table(
        "invoice_requests",
        sa.Column("order_id", sa.String(36), sa.ForeignKey("orders.id"), primary_key=True),
        sa.Column("key_id", sa.String(8), nullable=False),
        sa.Column("buyer_title", sa.String(100), nullable=False),
        sa.Column("tax_number", sa.String(18), nullable=True),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("requested_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("invoice_requests")
    op.drop_index("ix_customer_notes_phone_key", "customer_notes")
    op.drop_table("customer_notes")
    op.drop_index("ix_customer_lookups_terminal_at", "customer_lookups")
    op.drop_table("customer_lookups")
    op.drop_index("ix_order_phones_key_sold", "order_phones")
    op.drop_table("order_phones")
