"""Offline stock leased per terminal: lease sizes per outlet, seat and standing leases

Revision ID: 0010
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import central.db

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lease_terms",
        sa.Column("outlet_id", sa.String(length=40), nullable=False),
        sa.Column("seats_per_performance", sa.Integer(), nullable=False),
        sa.Column("standing_per_area", sa.Integer(), nullable=False),
        sa.Column("idle_hours", sa.Integer(), nullable=False),
        sa.CheckConstraint("seats_per_performance BETWEEN 0 AND 100000", name=op.f("ck_lease_terms_seats")),
        sa.CheckConstraint("standing_per_area BETWEEN 0 AND 100000", name=op.f("ck_lease_terms_standing")),
        sa.CheckConstraint("idle_hours BETWEEN 1 AND 720", name=op.f("ck_lease_terms_idle")),
        sa.PrimaryKeyConstraint("outlet_id", name=op.f("pk_lease_terms")),
    )
    op.create_table(
        "terminal_leases",
        sa.Column("terminal_id", sa.String(length=40), nullable=False),
        sa.Column("outlet_id", sa.String(length=40), nullable=False),
        sa.Column("refreshed_at", central.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("terminal_id", name=op.f("pk_terminal_leases")),
    )
    op.create_index(op.f("ix_terminal_leases_outlet_id"), "terminal_leases", ["outlet_id"], unique=False)
    op.create_table(
        "seat_leases",
        sa.Column("performance_id", sa.String(length=40), nullable=False),
        sa.Column("seat_id", sa.String(length=40), nullable=False),
        sa.Column("terminal_id", sa.String(length=40), nullable=False),
        sa.Column("outlet_id", sa.String(length=40), nullable=False),
        sa.Column("leased_at", central.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("performance_id", "seat_id", name=op.f("pk_seat_leases")),
    )
    op.create_index("ix_seat_leases_terminal", "seat_leases", ["terminal_id", "performance_id"], unique=False)
    op.create_table(
        "standing_leases",
        sa.Column("performance_id", sa.String(length=40), nullable=False),
        sa.Column("area_id", sa.String(length=40), nullable=False),
        sa.Column("terminal_id", sa.String(length=40), nullable=False),
        sa.Column("outlet_id", sa.String(length=40), nullable=False),
        sa.Column("granted", sa.BigInteger(), nullable=False),
        sa.Column("remaining", sa.Integer(), nullable=False),
        sa.CheckConstraint("remaining >= 0", name=op.f("ck_standing_leases_remaining")),
        sa.CheckConstraint("granted >= remaining", name=op.f("ck_standing_leases_granted")),
        sa.PrimaryKeyConstraint("performance_id", "area_id", "terminal_id", name=op.f("pk_standing_leases")),
    )


def downgrade() -> None:
    op.drop_table("standing_leases")
    op.drop_index("ix_seat_leases_terminal", table_name="seat_leases")
    op.drop_table("seat_leases")
    op.drop_index(op.f("ix_terminal_leases_outlet_id"), table_name="terminal_leases")
    op.drop_table("terminal_leases")
    op.drop_table("lease_terms")
