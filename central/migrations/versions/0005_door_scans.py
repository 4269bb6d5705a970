"""Door scans: exit scans, and a feed of accepted scans for the doors of a venue

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scans") as batch:
        batch.add_column(sa.Column("direction", sa.String(length=3), nullable=False, server_default="in"))
        batch.add_column(sa.Column("seq", sa.BigInteger(), nullable=True))
        batch.create_index("ix_scans_feed", ["performance_id", "seq"], unique=False)
        batch.create_index("ix_scans_status", ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("scans") as batch:
        batch.drop_index("ix_scans_status")
        batch.drop_index("ix_scans_feed")
        batch.drop_column("seq")
        batch.drop_column("direction")
