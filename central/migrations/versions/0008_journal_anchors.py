"""Journal anchors: the heads of the terminals' journals that central acknowledged

Revision ID: 0008
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from central.db import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journal_anchors",
        sa.Column("terminal_id", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("key_id", sa.String(length=8), nullable=False),
        sa.Column("signature", sa.String(length=88), nullable=False),
        sa.Column("acknowledged_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_journal_anchors_terminal_id_terminals")
        ),
        sa.PrimaryKeyConstraint("terminal_id", "seq", name=op.f("pk_journal_anchors")),
    )


def downgrade() -> None:
    op.drop_table("journal_anchors")
