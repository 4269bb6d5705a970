"""Print job states: queued, sending, sent, then confirmed, unconfirmed or failed

A job is "confirmed" only when the printer said so (or a clerk who saw the tickets come out,
``confirmed_by``); a printer that cannot report leaves it "unconfirmed" (invariant 12).
Old rows: "printed" was believed, not confirmed, but nothing better is known of them now, so
they become "confirmed"; a "pending" job was cut short by a crash and becomes "unconfirmed"
(someone must say whether it came out).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

NEW = "status IN ('queued', 'sending', 'sent', 'confirmed', 'unconfirmed', 'failed')"
OLD = "status IN ('pending', 'printed', 'failed')"


def upgrade() -> None:
    with op.batch_alter_table("print_job", recreate="always") as batch:
        batch.drop_constraint("print_job_status", type_="check")
        batch.alter_column("status", type_=sa.String(length=12), existing_nullable=False)
        batch.add_column(sa.Column("sent_at", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("confirmed_by", sa.String(length=16), nullable=True))
    op.execute("UPDATE print_job SET status = 'confirmed', sent_at = printed_at WHERE status = 'printed'")
    op.execute("UPDATE print_job SET status = 'unconfirmed' WHERE status = 'pending'")
    with op.batch_alter_table("print_job", recreate="always") as batch:
        batch.create_check_constraint("print_job_status", NEW)


def downgrade() -> None:
    with op.batch_alter_table("print_job", recreate="always") as batch:
        batch.drop_constraint("print_job_status", type_="check")
    op.execute("UPDATE print_job SET status = 'printed' WHERE status = 'confirmed'")
    op.execute("UPDATE print_job SET status = 'pending' WHERE status IN ('queued', 'sending', 'sent', 'unconfirmed')")
    with op.batch_alter_table("print_job", recreate="always") as batch:
        batch.drop_column("confirmed_by")
        batch.drop_column("sent_at")
        batch.alter_column("status", type_=sa.String(length=8), existing_nullable=False)
        batch.create_check_constraint("print_job_status", OLD)
