"""Door bindings: the terminals central bound as doors of a venue (LAN gate sharing); a
scan's status holds "key_not_valid_then" (a code signed outside its key's lifetime)

Revision ID: 0009
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from central.db import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "door_bindings",
        sa.Column("terminal_id", sa.String(length=40), nullable=False),
        sa.Column("venue_id", sa.String(length=40), nullable=False),
        sa.Column("bound_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_door_bindings_terminal_id_terminals")
        ),
        sa.PrimaryKeyConstraint("terminal_id", "venue_id", name=op.f("pk_door_bindings")),
    )
    with op.batch_alter_table("scans") as batch:
        batch.alter_column("status", existing_type=sa.String(length=16), type_=sa.String(length=24))


def downgrade() -> None:
    with op.batch_alter_table("scans") as batch:
        batch.alter_column("status", existing_type=sa.String(length=24), type_=sa.String(length=16))
    op.drop_table("door_bindings")
