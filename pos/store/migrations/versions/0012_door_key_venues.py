"""Door bindings from the keys feed: which terminal keys are doors of which venues

Revision ID: 0012
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "door_key_venue",
        sa.Column("key_id", sa.String(length=8), nullable=False),
        sa.Column("venue_id", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("key_id", "venue_id"),
    )


def downgrade() -> None:
    op.drop_table("door_key_venue")
