"""Members, tiers and points (issue 22): the member feed, the catalog's tiers, tier prices,
the points rule per event, and the member's tier and points on each order

Revision ID: 0019
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0019"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "member_tier",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("name_zh", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
    )
    op.create_table(
        "member",
        sa.Column("number", sa.String(20), primary_key=True),
        sa.Column("tier", sa.String(40), nullable=False),
        sa.Column("phone_masked", sa.String(20), nullable=False),
        sa.Column("points", sa.BigInteger(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),  # UtcDateTime: ISO text
    )
    # Plain ADD COLUMNs: a batch (copy and move) would drop tables that others reference.
    op.add_column("promotion", sa.Column("member_tiers", sa.Text(), nullable=False, server_default="[]"))
    op.add_column("event", sa.Column("points_per_yuan", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("sale_order", sa.Column("member_tier", sa.String(40), nullable=True))
    op.add_column("sale_order", sa.Column("points_expected", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("sale_order", sa.Column("points_earned", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table, column in (("sale_order", "points_earned"), ("sale_order", "points_expected"),
                          ("sale_order", "member_tier"), ("event", "points_per_yuan"),
                          ("promotion", "member_tiers")):
        op.drop_column(table, column)
    op.drop_table("member")
    op.drop_table("member_tier")
