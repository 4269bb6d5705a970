"""Guards (issue 16): hold policy per outlet and hold counters, terminals' contact history,
pickup look-up misses and alerts

Revision ID: 0011
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from central.db import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _id_column() -> sa.Column[int]:
    return sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True,
                     autoincrement=True)


def upgrade() -> None:
    with op.batch_alter_table("holds") as batch:
        batch.add_column(sa.Column("places", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("extensions", sa.Integer(), nullable=False, server_default="0"))
    op.create_index("ix_holds_terminal_status", "holds", ["terminal_id", "status"])
    op.create_index("ix_holds_outlet_status", "holds", ["outlet_id", "status"])
    op.create_table(
        "hold_policies",
        sa.Column("outlet_id", sa.String(40), primary_key=True),
        sa.Column("terminal_seats", sa.Integer(), nullable=False),
        sa.Column("terminal_standing", sa.Integer(), nullable=False),
        sa.Column("outlet_seats", sa.Integer(), nullable=False),
        sa.Column("outlet_standing", sa.Integer(), nullable=False),
        sa.Column("extensions", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "terminal_contacts",
        sa.Column("terminal_id", sa.String(40), primary_key=True),
        sa.Column("last_seen", UTCDateTime(), nullable=False),
        sa.Column("online_since", UTCDateTime(), nullable=False),
        sa.Column("seen_before", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "pickup_misses",
        _id_column(),
        sa.Column("terminal_id", sa.String(40), nullable=False),
        sa.Column("outlet_id", sa.String(40), nullable=False),
        sa.Column("order_id", sa.String(36), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_pickup_misses_terminal_at", "pickup_misses", ["terminal_id", "at"])
    op.create_index("ix_pickup_misses_order_at", "pickup_misses", ["order_id", "at"])
    op.create_table(
        "pickup_alerts",
        _id_column(),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("terminal_id", sa.String(40), nullable=False),
        sa.Column("outlet_id", sa.String(40), nullable=False),
        sa.Column("order_id", sa.String(36), nullable=True),
        sa.Column("until", UTCDateTime(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
    )
    op.create_index("ix_pickup_alerts_at", "pickup_alerts", ["at"])


def downgrade() -> None:
    op.drop_table("pickup_alerts")
    op.drop_table("pickup_misses")
    op.drop_table("terminal_contacts")
    op.drop_table("hold_policies")
    op.drop_index("ix_holds_outlet_status", "holds")
    op.drop_index("ix_holds_terminal_status", "holds")
    with op.batch_alter_table("holds") as batch:
        batch.drop_column("extensions")
        batch.drop_column("places")
