"""Refused orders: a ticket central refused is void, with the reason the clerk reads

Revision ID: 0010
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch copy would rebuild the table and its partial unique index.
    op.add_column("ticket", sa.Column("void_reason", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ticket") as batch:
        batch.drop_column("void_reason")
