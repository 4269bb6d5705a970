"""Door scan log: every scan this door made or heard of (peers, central)

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scan",
        sa.Column("nonce", sa.Text(), nullable=False),
        sa.Column("ticket_id", sa.Text(), nullable=False),
        sa.Column("performance_id", sa.Text(), nullable=False),
        sa.Column("gate", sa.Text(), nullable=False),
        sa.Column("direction", sa.Text(), nullable=False),
        sa.Column("verdict", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("scanned_at", sa.String(length=32), nullable=False),
        sa.Column("terminal_id", sa.Text(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("uploaded", sa.Boolean(), nullable=False, server_default=sa.text("0")),
        sa.PrimaryKeyConstraint("nonce"),
        sa.CheckConstraint("direction IN ('in', 'out')", name="scan_direction"),
        sa.CheckConstraint("origin IN ('local', 'peer', 'central')", name="scan_origin"),
    )
    op.create_index("ix_scan_ticket_id", "scan", ["ticket_id"])
    op.create_index("ix_scan_performance", "scan", ["performance_id", "verdict"])
    # Local scans not yet at central, for the uploader; and local scans in order, for peers.
    op.create_index("ix_scan_upload", "scan", ["origin", "uploaded"])


def downgrade() -> None:
    op.drop_index("ix_scan_upload", table_name="scan")
    op.drop_index("ix_scan_performance", table_name="scan")
    op.drop_index("ix_scan_ticket_id", table_name="scan")
    op.drop_table("scan")
