"""Each terminal's contact history, so that central judges times by its own clock
(issue 16, finding 7).

A void dated by the terminal could get round the refund window ("voided 5 minutes after
the sale", sent 20 hours later). Central cannot know when a void was really made, but it
knows when it heard from the terminal: a terminal in contact with central at the time it
claims would have sent the void then (the outbox relay pushes within seconds), so such a
void is judged at its arrival. Only a terminal that was out of contact at that time may
claim it, and then no earlier than its last contact before the break: a terminal offline
since the sale can still void it on reconnect, one online all along cannot backdate.

Every authenticated request is a contact; it is written at most every ``RECORD_EVERY`` per
terminal and process (the in-process note saves a transaction per request), which is far
below ``BREAK``, the silence that counts as being offline (the app syncs every minute)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.context import Central
from central.guard_models import TerminalContact

log = logging.getLogger(__name__)
BREAK = timedelta(minutes=5)
RECORD_EVERY = timedelta(seconds=20)


def due(ctx: Central, terminal_id: str) -> bool:
    """Whether this request's contact needs writing (cheap: no database)."""
    last = ctx.contacts_noted.get(terminal_id)
    now = ctx.now()
    return last is None or not (last <= now < last + RECORD_EVERY)


def record(ctx: Central, terminal_id: str) -> None:
    """Note a contact now: a silence longer than ``BREAK`` since the last one starts a new
    stretch of contact and remembers where the previous one ended."""
    now = ctx.now()

    def tx(s: Session) -> None:
        row = s.get(TerminalContact, terminal_id, with_for_update=True)
        if row is None:
            s.add(TerminalContact(terminal_id=terminal_id, last_seen=now, online_since=now, seen_before=None))
            return
        if now <= row.last_seen:
            return  # another worker noted a later contact meanwhile
        if now - row.last_seen > BREAK:
            row.seen_before, row.online_since = row.last_seen, now
        row.last_seen = now

    try:
        ctx.db.run(tx)
    except IntegrityError:
        ctx.db.run(tx)  # the first contact, noted by two workers at once
    ctx.note_contact(terminal_id, now)


def judged_time(s: Session, terminal_id: str, claimed: datetime, now: datetime) -> datetime:
    """The time central takes for something the terminal says it did at ``claimed``."""
    row = s.get(TerminalContact, terminal_id)
    if row is None:
        return now  # no history: central's clock alone
    if row.online_since <= claimed:
        return now  # in contact then: it would have been sent then
    if row.seen_before is not None and row.seen_before > claimed:
        return row.seen_before  # still in contact at the claimed time: no earlier than the break
    return claimed
