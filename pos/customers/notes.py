"""A note recorded against a customer at the counter (issue 22): a complaint or a request,
by the customer's phone, queued in the outbox for central like every outbound record (its
id is central's idempotency key), so that it is kept offline and sent when central answers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from pos.customers.phone import mobile_number
from pos.errors import InvalidInput
from pos.journal import outbox
from pos.staff.access import Permission, StaffSession, authorise, require_active
from pos.store.db import Store

KINDS = ("complaint", "request")
MAX_TEXT = 500


@dataclass(frozen=True, slots=True)
class NoteQueued:
    note_id: str
    phone: str
    kind: str
    text: str
    noted_at: datetime


def record_note(
    store: Store,
    *,
    phone: str,
    kind: str,
    text: str,
    actor: StaffSession,
    order_id: str | None = None,
    note_id: str | None = None,
    now: datetime | None = None,
) -> NoteQueued:
    """Queue a customer note for central; InvalidInput for a bad phone, kind or text."""
    now = now or datetime.now(UTC)
    authorise(actor=actor, permission=Permission.SELL, now=now)
    digits = mobile_number(phone)
    if kind not in KINDS:
        raise InvalidInput(f"a note is a complaint or a request, not {kind!r}", reason="bad_note_kind")
    body = " ".join(text.split())  # one line: central refuses line breaks and control characters
    if not body or len(body) > MAX_TEXT or not body.isprintable():
        raise InvalidInput(f"a note is 1 to {MAX_TEXT} printable characters", reason="bad_note_text")
    if order_id is not None:
        try:
            order_id = str(uuid.UUID(order_id))
        except ValueError:
            raise InvalidInput(f"order id must be a UUID, got {order_id!r}") from None
    note_id = str(uuid.UUID(note_id)) if note_id else str(uuid.uuid4())
    payload = {
        "phone": digits,
        "kind": kind,
        "text": body,
        "noted_at": now.isoformat(),
        "staff_id": actor.staff_id,
        "order_id": order_id,
    }
    with store.write() as session:
        require_active(session, actor.staff_id)
        outbox.enqueue(session, message_id=note_id, kind="customer_note", payload=payload, now=now)
    return NoteQueued(note_id, digits, kind, body, now)
