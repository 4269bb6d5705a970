"""Reprints: a ticket replaced by a new code at a terminal

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import central.db

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reprints",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("terminal_id", sa.String(length=40), nullable=False),
        sa.Column("old_ticket_id", sa.String(length=40), nullable=False),
        sa.Column("new_ticket_id", sa.String(length=40), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("reply", sa.JSON(), nullable=False),
        sa.Column("reprinted_at", central.db.UTCDateTime(), nullable=False),
        sa.Column("accepted_at", central.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reprints") as batch:
        batch.create_index("ix_reprints_order_id", ["order_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reprints") as batch:
        batch.drop_index("ix_reprints_order_id")
    op.drop_table("reprints")
