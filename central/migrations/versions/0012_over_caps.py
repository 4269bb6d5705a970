"""Orders accepted beyond a limit on a supervisor's word (issue 16): offline caps, credit,
price overrides

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from central.db import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "over_cap_acceptances",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("order_id", sa.String(36), nullable=False),
        sa.Column("outlet_id", sa.String(40), nullable=False),
        sa.Column("terminal_id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("limit_value", sa.BigInteger(), nullable=False),
        sa.Column("actual", sa.BigInteger(), nullable=False),
        sa.Column("approved_by", sa.String(80), nullable=False),
        sa.Column("sold_at", UTCDateTime(), nullable=False),
        sa.Column("accepted_at", UTCDateTime(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
    )
    op.create_index("ix_over_cap_acceptances_order_id", "over_cap_acceptances", ["order_id"])
    op.create_index("ix_over_cap_outlet_at", "over_cap_acceptances", ["outlet_id", "accepted_at"])


def downgrade() -> None:
    op.drop_index("ix_over_cap_outlet_at", "over_cap_acceptances")
    op.drop_index("ix_over_cap_acceptances_order_id", "over_cap_acceptances")
    op.drop_table("over_cap_acceptances")
