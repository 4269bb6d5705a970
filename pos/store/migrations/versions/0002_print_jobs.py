"""Print jobs: what was printed, when, on which printer

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 13:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'print_job',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('order_id', sa.String(length=36), nullable=True),
        sa.Column('ticket_ids', sa.Text(), nullable=False),
        sa.Column('codes', sa.Text(), nullable=False),
        sa.Column('printer', sa.String(length=40), nullable=False),
        sa.Column('mode', sa.String(length=8), nullable=False),
        sa.Column('staff_id', sa.String(length=16), nullable=True),
        sa.Column('status', sa.String(length=8), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.Text(), nullable=False),
        sa.Column('byte_count', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('updated_at', sa.String(length=32), nullable=False),
        sa.Column('printed_at', sa.String(length=32), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'printed', 'failed')", name='print_job_status'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_print_job_order_id', 'print_job', ['order_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_print_job_order_id', table_name='print_job')
    op.drop_table('print_job')
