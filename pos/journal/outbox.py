"""The outbox: what must reach central, written in the same transaction as its cause.

The message's id is central's idempotency key (invariant 3); the relay in ``sync/`` sends
pending messages in order.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from pos.store import sql

# ``hold_release``: a hold asked for when central stopped answering, given back before the
# offline order sold instead of it goes up (see ``pos.sales.selling``).
# ``customer_note``: a complaint or request recorded at the counter (``pos.customers.notes``).
KINDS = frozenset(
    {"order", "refund", "void", "reprint", "exchange", "pickup", "closeout", "hold_release", "customer_note"}
)


def enqueue(session: Session, *, message_id: str, kind: str, payload: dict[str, Any], now: datetime) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown outbox kind {kind!r}")
    sql.insert(
        session,
        "outbox",
        [
            {
                "id": message_id,
                "kind": kind,
                "payload": json.dumps(payload, sort_keys=True, ensure_ascii=False),
                "created_at": now,
                "status": "pending",
                "attempts": 0,
                "last_error": "",
            }
        ],
    )
