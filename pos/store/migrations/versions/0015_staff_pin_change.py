"""Staff lifecycle: a PIN that must be changed at the next sign-in (reset by a supervisor,
promoted to supervisor, or a supervisor's PIN shorter than six digits)

Revision ID: 0015
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.add_column(
            sa.Column("pin_change_required", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("pin_change_required")
