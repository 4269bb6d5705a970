"""After-sales and pickup: online orders cached for pickup at this outlet (取票)

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pickup_order",
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("order_number", sa.String(length=10), nullable=True),
        sa.Column("pickup_code", sa.String(length=8), nullable=False),
        sa.Column("performance_id", sa.String(length=40), nullable=False),
        sa.Column("buyer_name", sa.String(length=80), nullable=False),
        sa.Column("buyer_phone_last4", sa.String(length=4), nullable=True),
        sa.Column("pickup_outlet_id", sa.String(length=40), nullable=True),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("tickets", sa.Text(), nullable=False),
        sa.Column("collected_at", sa.String(length=32), nullable=True),
        sa.Column("collected_outlet", sa.String(length=40), nullable=True),
        sa.Column("collected_terminal", sa.String(length=40), nullable=True),
        sa.Column("pickup_id", sa.String(length=36), nullable=True),
        sa.Column("collected_by", sa.String(length=16), nullable=True),
        sa.Column("fetched_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("order_id"),
    )
    with op.batch_alter_table("pickup_order") as batch:
        batch.create_index("ix_pickup_order_pickup_code", ["pickup_code"], unique=True)
        batch.create_index("ix_pickup_order_order_number", ["order_number"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pickup_order") as batch:
        batch.drop_index("ix_pickup_order_order_number")
        batch.drop_index("ix_pickup_order_pickup_code")
    op.drop_table("pickup_order")
