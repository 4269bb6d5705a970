"""Customers' phones leave the terminal once central has them (invariant 11, issue 22): the
phone of a sale and of a note lives only in its outbox upload, and once that upload is sent
the number is replaced by its masked form (138****8000). Run by the privacy purge
(``pos.tickets.retention.purge_holders``: the app's housekeeping timer, ``pos privacy purge``)."""

from __future__ import annotations

import json

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from pos.customers.phone import masked
from pos.store.models import OutboxMessage

_FIELDS = {"order": "customer_phone", "customer_note": "phone"}


def forget_sent_phones(session: Session) -> int:
    """Mask the customer phone of every sent upload that still holds one; how many."""
    rows = session.execute(
        select(OutboxMessage.id, OutboxMessage.kind, OutboxMessage.payload).where(
            OutboxMessage.status == "sent",
            or_(*(
                (OutboxMessage.kind == kind)
                & OutboxMessage.payload.like(f'%"{field}": "1%')
                & OutboxMessage.payload.not_like(f'%"{field}": "___****%')  # masked already
                for kind, field in _FIELDS.items()
            )),
        )
    ).all()
    for message_id, kind, payload in rows:
        data = json.loads(payload)
        data[_FIELDS[kind]] = masked(str(data[_FIELDS[kind]]))
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(payload=json.dumps(data, sort_keys=True, ensure_ascii=False))
        )
    return len(rows)
