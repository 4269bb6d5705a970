"""A standing area's general pool split into sub-counters (issue 23): ``standing_slots``,
filled from each area's pool (its capacity spread evenly, what it had used laid into the
slots in turn)

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0017"
branch_labels = None
depends_on = None

SLOTS = 8  # as central.slot_models.SLOTS when this was written


def upgrade() -> None:
    op.create_table(
        "standing_slots",
        sa.Column("performance_id", sa.String(40), nullable=False),
        sa.Column("area_id", sa.String(40), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("used >= 0 AND used <= capacity", name=op.f("ck_standing_slots_within")),
        sa.PrimaryKeyConstraint("performance_id", "area_id", "slot", name=op.f("pk_standing_slots")),
    )
    op.create_index("ix_standing_slots_performance_id_seq", "standing_slots", ["performance_id", "seq"])
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT performance_id, area_id, pool_capacity, pool_used, seq FROM standing_areas"
    )).all()
    slots = []
    for perf, area, cap, used, seq in rows:
        caps = [cap // SLOTS + (1 if i < cap % SLOTS else 0) for i in range(SLOTS)]
        caps[0] += max(0, used - cap)  # an area already past its pool keeps what it sold
        left = used
        for i, c in enumerate(caps):
            u = min(c, left)
            left -= u
            slots.append({"p": perf, "a": area, "i": i, "c": c, "u": u, "s": seq})
    if slots:
        conn.execute(sa.text(
            "INSERT INTO standing_slots (performance_id, area_id, slot, capacity, used, seq) "
            "VALUES (:p, :a, :i, :c, :u, :s)"
        ), slots)


def downgrade() -> None:
    conn = op.get_bind()
    conn.execute(sa.text(
        "UPDATE standing_areas SET pool_used = (SELECT coalesce(sum(used), 0) FROM standing_slots s "
        "WHERE s.performance_id = standing_areas.performance_id AND s.area_id = standing_areas.area_id)"
    ))
    op.drop_index("ix_standing_slots_performance_id_seq", "standing_slots")
    op.drop_table("standing_slots")
