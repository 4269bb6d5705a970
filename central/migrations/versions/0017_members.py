"""Members, tiers and points (issue 22): members, the points ledger, points authorisations

Revision ID: 0017
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from central.db import UTCDateTime

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "members",
        sa.Column("number", sa.String(20), primary_key=True),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("tier", sa.String(40), nullable=False),
        sa.Column("points", sa.BigInteger(), nullable=False),
        sa.Column("held", sa.BigInteger(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("points >= 0", name=op.f("ck_members_points")),
        sa.CheckConstraint("held >= 0 AND held <= points", name=op.f("ck_members_held")),
        sa.UniqueConstraint("phone", name=op.f("uq_members_phone")),
    )
    op.create_index("ix_members_seq", "members", ["seq"])
    op.create_table(
        "points_ledger",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("member_number", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("points", sa.BigInteger(), nullable=False),
        sa.Column("order_id", sa.String(36), nullable=True),
        sa.Column("outlet_id", sa.String(40), nullable=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("order_id", "kind", name=op.f("uq_points_ledger_order_id")),
    )
    op.create_index("ix_points_ledger_member", "points_ledger", ["member_number", "at"])
    op.create_table(
        "points_authorisations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("member_number", sa.String(20), nullable=False),
        sa.Column("outlet_id", sa.String(40), nullable=False),
        sa.Column("terminal_id", sa.String(40), nullable=False),
        sa.Column("order_id", sa.String(36), nullable=False),
        sa.Column("points", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_points_authorisations_member_number", "points_authorisations", ["member_number"])
    # The member an outlet order was sold to, for customer service's look-up by member.
    op.add_column("orders", sa.Column("member_number", sa.String(20), nullable=True))
    op.create_index("ix_orders_member_number", "orders", ["member_number"])


def downgrade() -> None:
    op.drop_index("ix_orders_member_number", "orders")
    op.drop_column("orders", "member_number")
    op.drop_index("ix_points_authorisations_member_number", "points_authorisations")
    op.drop_table("points_authorisations")
    op.drop_index("ix_points_ledger_member", "points_ledger")
    op.drop_table("points_ledger")
    op.drop_index("ix_members_seq", "members")
    op.drop_table("members")
