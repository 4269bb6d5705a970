"""Members (issue 22): the reason and author of a points adjustment; the log of member
look-ups by phone, which throttles them per terminal

Revision ID: 0020
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from central.db import UTCDateTime

revision = "0020"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("points_ledger", sa.Column("reason", sa.String(200), nullable=True))
    op.add_column("points_ledger", sa.Column("actor", sa.String(80), nullable=True))
    op.create_table(
        "member_lookups",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("terminal_id", sa.String(40), nullable=False),
        sa.Column("outlet_id", sa.String(40), nullable=False),
        sa.Column("found", sa.Boolean(), nullable=False),
        sa.Column("refused", sa.String(32), nullable=True),
    )
    op.create_index("ix_member_lookups_terminal_at", "member_lookups", ["terminal_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_member_lookups_terminal_at", "member_lookups")
    op.drop_table("member_lookups")
    op.drop_column("points_ledger", "actor")
    op.drop_column("points_ledger", "reason")
