"""Shifts and the cash drawer: shifts, cash movements, close-outs (Z-reports); orders name their shift

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_TIME = sa.String(length=32)


def upgrade() -> None:
    op.create_table(
        "shift",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("drawer", sa.String(length=16), nullable=False),
        sa.Column("terminal_id", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("opened_by", sa.String(length=16), nullable=False),
        sa.Column("opened_at", _TIME, nullable=False),
        sa.Column("opening_float", sa.Integer(), nullable=False),
        sa.Column("open_seq", sa.Integer(), nullable=False),
        sa.Column("closed_by", sa.String(length=16), nullable=True),
        sa.Column("closed_at", _TIME, nullable=True),
        sa.Column("counted", sa.Integer(), nullable=True),
        sa.Column("expected", sa.Integer(), nullable=True),
        sa.Column("close_seq", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("status IN ('open', 'closed')", name="shift_status"),
        sa.CheckConstraint("opening_float >= 0", name="shift_float"),
    )
    # One open shift per drawer, whatever the application code does.
    op.execute("CREATE UNIQUE INDEX uq_shift_open_drawer ON shift (drawer) WHERE status = 'open'")
    op.create_table(
        "cash_movement",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("shift_id", sa.String(length=36), sa.ForeignKey("shift.id"), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("staff_id", sa.String(length=16), nullable=False),
        sa.Column("approver_id", sa.String(length=16), nullable=True),
        sa.Column("at", _TIME, nullable=False),
        sa.Column("journal_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("kind IN ('in', 'out')", name="cash_movement_kind"),
        sa.CheckConstraint("amount > 0", name="cash_movement_amount"),
    )
    op.create_index("ix_cash_movement_shift_id", "cash_movement", ["shift_id"])
    op.create_table(
        "closeout",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("z_number", sa.Integer(), nullable=False),
        sa.Column("terminal_id", sa.String(length=16), nullable=False),
        sa.Column("first_seq", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("period_start", _TIME, nullable=False),
        sa.Column("period_end", _TIME, nullable=False),
        sa.Column("staff_id", sa.String(length=16), nullable=False),
        sa.Column("journal_seq", sa.Integer(), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("z_number", name="uq_closeout_z_number"),
    )
    # Nullable: orders sold before shifts existed have none. SQLite adds it in place.
    op.add_column("sale_order", sa.Column("shift_id", sa.String(length=36), nullable=True))
    op.create_index("ix_sale_order_shift_id", "sale_order", ["shift_id"])


def downgrade() -> None:
    op.drop_index("ix_sale_order_shift_id", table_name="sale_order")
    with op.batch_alter_table("sale_order") as batch:
        batch.drop_column("shift_id")
    op.drop_table("closeout")
    op.drop_index("ix_cash_movement_shift_id", table_name="cash_movement")
    op.drop_table("cash_movement")
    op.execute("DROP INDEX IF EXISTS uq_shift_open_drawer")
    op.drop_table("shift")
