"""After-sales and pickup: online orders get a buyer-facing number and a pickup outlet

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("orders") as batch:
        batch.add_column(sa.Column("number", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("pickup_outlet", sa.String(length=40), nullable=True))
        batch.create_index("uq_orders_number", ["number"], unique=True)
        batch.create_index("ix_orders_pickup_outlet", ["pickup_outlet"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch:
        batch.drop_index("ix_orders_pickup_outlet")
        batch.drop_index("uq_orders_number")
        batch.drop_column("pickup_outlet")
        batch.drop_column("number")
