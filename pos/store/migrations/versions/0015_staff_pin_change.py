"""Staff lifecycle: a PIN that must be changed at the next sign-in (reset by a supervisor,
promoted to supervisor, or a supervisor's PIN shorter than six digits)

Revision ID: 0015
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch (copy and move) would DROP TABLE staff, which sales, shifts
    # and grants reference, and SQLite refuses that with foreign keys on.
    op.add_column(
        "staff", sa.Column("pin_change_required", sa.Boolean(), nullable=False, server_default=sa.false())
    )


def downgrade() -> None:
    op.drop_column("staff", "pin_change_required")  # SQLite 3.35+: no table copy either
