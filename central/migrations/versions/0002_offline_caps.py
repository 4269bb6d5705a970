"""Offline caps per outlet

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outlets") as batch:
        batch.add_column(sa.Column("offline_max_sale", sa.BigInteger(), nullable=False, server_default="200000"))
        batch.add_column(sa.Column("offline_max_total", sa.BigInteger(), nullable=False, server_default="2000000"))
        batch.add_column(sa.Column("offline_max_hours", sa.Integer(), nullable=False, server_default="24"))


def downgrade() -> None:
    with op.batch_alter_table("outlets") as batch:
        batch.drop_column("offline_max_hours")
        batch.drop_column("offline_max_total")
        batch.drop_column("offline_max_sale")
