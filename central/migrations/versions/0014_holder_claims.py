"""Real-name holders (issue 18): one ticket per ID document per performance, keyed digests
and ID numbers encrypted at rest

Revision ID: 0014
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from central.db import UTCDateTime

revision = "0014"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "holder_claims",
        sa.Column("performance_id", sa.String(40), primary_key=True),
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("ticket_id", sa.String(40), nullable=False),
        sa.Column("order_id", sa.String(36), nullable=False),
        sa.Column("outlet_id", sa.String(40), nullable=False),
        sa.Column("id_type", sa.String(20), nullable=False),
        sa.Column("id_number", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_holder_claims_ticket_id", "holder_claims", ["ticket_id"])


def downgrade() -> None:
    op.drop_index("ix_holder_claims_ticket_id", "holder_claims")
    op.drop_table("holder_claims")
