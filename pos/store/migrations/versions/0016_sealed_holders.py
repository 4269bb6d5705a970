"""Real-name holders kept minimal (issue 18): masked ID and a keyed digest instead of the
full ID number, which now travels only sealed to central in the outbox

Existing rows get their masked ID and name and lose the number (tickets and outbox payloads
alike). Their digest stays empty (its key is not in the store): the terminal's own duplicate
check does not see those older tickets; central still does. Old page images may stay in the
WAL until its next checkpoint (and in free pages unless ``secure_delete`` was on).

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def _mask_id(n: str) -> str:
    return n[:3] + "*" * (len(n) - 7) + n[-4:] if len(n) > 7 else "*" * max(0, len(n) - 2) + n[-2:]


def _mask_name(name: str) -> str:
    return name[0] + "*" * max(1, len(name) - 1) if name else ""


def _scrub(node: Any) -> bool:
    changed = False
    if isinstance(node, dict):
        if node.get("holder_id_number"):
            node["holder_id_masked"] = _mask_id(str(node["holder_id_number"]))
            node["holder_id_number"] = ""
            node["holder_name"] = _mask_name(str(node.get("holder_name") or ""))
            changed = True
        values = list(node.values())
    elif isinstance(node, list):
        values = node
    else:
        return False
    for v in values:
        changed = _scrub(v) or changed
    return changed


def upgrade() -> None:
    with op.batch_alter_table("ticket") as batch:
        batch.add_column(sa.Column("holder_id_masked", sa.String(40), nullable=False, server_default=""))
        batch.add_column(sa.Column("holder_digest", sa.String(64), nullable=False, server_default=""))
    op.create_index("ix_ticket_holder_digest", "ticket", ["performance_id", "holder_digest"])
    con = op.get_bind()
    rows = con.execute(sa.text("SELECT id, holder_name, holder_id_number FROM ticket WHERE holder_id_number != ''"))
    for ticket_id, name, number in list(rows):
        con.execute(
            sa.text("UPDATE ticket SET holder_id_masked = :m, holder_name = :n, holder_id_number = '' WHERE id = :i"),
            {"m": _mask_id(number), "n": _mask_name(name), "i": ticket_id},
        )
    for seq, payload in list(con.execute(sa.text("SELECT seq, payload FROM outbox WHERE payload LIKE '%holder_id_number%'"))):
        data = json.loads(payload)
        if _scrub(data):
            con.execute(sa.text("UPDATE outbox SET payload = :p WHERE seq = :s"),
                        {"p": json.dumps(data, sort_keys=True, ensure_ascii=False), "s": seq})


def downgrade() -> None:
    op.drop_index("ix_ticket_holder_digest", "ticket")
    with op.batch_alter_table("ticket") as batch:
        batch.drop_column("holder_digest")
        batch.drop_column("holder_id_masked")
