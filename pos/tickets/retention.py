"""Retention of ticket holders' personal data (invariant 11): the name and ID document of a
real-name ticket are kept while the performance may still need them (door, refund,
exchange), then purged from the terminal: ``N`` days after the performance ended (a setting
of the terminal's outlet, default 30).

The purge blanks the holder columns of those tickets and the same fields in their copies
in already-sent uploads in the outbox (order, exchange, reprint). A ticket whose upload is
not sent yet keeps them, with the upload, until it is: central has not had them, and the
purge says how many it left. The store runs with SQLite's ``secure_delete``
(:mod:`pos.store.db`), which overwrites the freed bytes, and a WAL checkpoint drops the old
page images, so the data is gone from the file,
not only from the rows. The masked holder printed in the signed ticket code stays; it is
what the door shows. Each purge that removed something is journaled. The app runs it on
its housekeeping timer (before the scheduled backup, so backups do not keep what was
purged) and ``pos privacy purge`` runs it by hand.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select, update

from pos.customers.privacy import forget_sent_phones
from pos.errors import InvalidInput, PermissionDenied
from pos.journal import chain as journal
from pos.staff.access import Permission, StaffSession, terminal_id
from pos.store import settings
from pos.store.db import Store
from pos.store.models import OutboxMessage, Performance, Ticket

log = logging.getLogger(__name__)

RETENTION_SETTING = "privacy.retention_days"
DEFAULT_DAYS = 30
MAX_DAYS = 3650
_HOLDER = "holder_"  # every holder field, in the ticket table and in an upload's ticket lines


@dataclass(frozen=True, slots=True)
class PurgeResult:
    days: int
    cutoff: datetime  # performances that ended before this
    tickets: int  # tickets whose holder data was removed
    uploads: int  # sent uploads whose copy of it was removed
    unsent_kept: int  # unsent uploads that still hold it (central needs it first)
    journal_seq: int | None


def _check_days(days: object) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DAYS:
        raise InvalidInput(f"the retention period is a whole number of days from 0 to {MAX_DAYS}")
    return days


def retention_days(store: Store) -> int:
    value = settings.get(store, RETENTION_SETTING)
    try:
        return _check_days(value)
    except InvalidInput:
        if value is not None:
            log.warning("the retention setting %r is invalid; using %d days", value, DEFAULT_DAYS)
        return DEFAULT_DAYS


def set_retention_days(store: Store, *, days: int, by: StaffSession, now: datetime | None = None) -> int:
    """A supervisor sets how long holder data is kept after a performance ends; journaled."""
    days = _check_days(days)
    if not by.can(Permission.MANAGE_STAFF):
        raise PermissionDenied("only a supervisor sets how long holder data is kept")
    now = now or datetime.now(UTC)
    with store.write() as session:
        before = settings.read(session, RETENTION_SETTING)
        settings.write(session, RETENTION_SETTING, days)
        journal.append(
            session,
            kind="privacy_retention_set",
            terminal_id=terminal_id(session),
            staff_id=by.staff_id,
            data={"days": days, "was": before if before is not None else DEFAULT_DAYS},
            now=now,
        )
    return days


def _blank(node: object, performances: set[str]) -> bool:
    """Blank, in place, the holder fields of every ticket line (a dict naming one of those
    performances) anywhere in an upload: an order's lines, an exchange's new order, a
    reprint's ticket. True when something was blanked."""
    changed = False
    if isinstance(node, list):
        for item in node:
            changed = _blank(item, performances) or changed
    elif isinstance(node, dict):
        if node.get("performance_id") in performances:
            for key, value in list(node.items()):
                if key.startswith(_HOLDER) and value:
                    node[key] = "" if isinstance(value, str) else None
                    changed = True
        for value in node.values():
            if isinstance(value, (dict, list)):
                changed = _blank(value, performances) or changed
    return changed


def _scrub(payload: str, performances: set[str]) -> str | None:
    """The upload with those performances' holder fields blanked, or None when it has none."""
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    return json.dumps(data, sort_keys=True, ensure_ascii=False) if _blank(data, performances) else None


def purge_holders(store: Store, *, days: int | None = None, now: datetime | None = None) -> PurgeResult:
    """Remove holder data of performances that ended more than ``days`` ago (default: the
    setting). Safe to run at any time and as often as wanted."""
    days = retention_days(store) if days is None else _check_days(days)
    now = now or datetime.now(UTC)
    cutoff = now - timedelta(days=days)
    with store.write() as session:
        ended = set(session.scalars(select(Performance.id).where(Performance.ends_at < cutoff)))
        has_holder = or_(Ticket.holder_name != "", Ticket.holder_id_number != "", Ticket.holder_id_type != "",
                         Ticket.holder_id_masked != "", Ticket.holder_digest != "")
        due = (
            session.execute(
                select(Ticket.id, Ticket.order_id).where(Ticket.performance_id.in_(ended), has_holder)
            ).all()
            if ended
            else []
        )
        # An order's or an exchange's upload has the order's id; reprints are few: read them all.
        orders = {order_id for _, order_id in due}
        uploads_with_holders = (
            session.execute(
                select(OutboxMessage.id, OutboxMessage.status, OutboxMessage.payload).where(
                    or_(OutboxMessage.id.in_(orders), OutboxMessage.kind == "reprint"),
                    OutboxMessage.payload.like(f'%"{_HOLDER}%'),
                )
            ).all()
            if ended
            else []
        )
        uploads = kept = 0
        unsent_orders: set[str] = set()
        for message_id, status, payload in uploads_with_holders:
            scrubbed = _scrub(payload, ended)
            if scrubbed is None:
                continue
            if status != "sent":
                # Central has not had it yet: the upload, and the order's tickets, keep it
                # until it is sent; a later round purges both.
                kept += 1
                unsent_orders.add(message_id)
                continue
            session.execute(
                update(OutboxMessage).where(OutboxMessage.id == message_id).values(payload=scrubbed)
            )
            uploads += 1
        ids = [ticket_id for ticket_id, order_id in due if order_id not in unsent_orders]
        if ids:
            session.execute(
                update(Ticket)
                .where(Ticket.id.in_(ids))
                .values(holder_name="", holder_id_number="", holder_id_type="", holder_id_masked="",
                        holder_digest="")
            )
        tickets = len(ids)
        phones = forget_sent_phones(session)  # customers' phones: gone once central has them
        uploads += phones
        seq_no = None
        if tickets or uploads:
            seq_no = journal.append(
                session,
                kind="privacy_purge",
                terminal_id=terminal_id(session),
                staff_id=None,
                data={"days": days, "cutoff": cutoff.isoformat(), "tickets": tickets, "uploads": uploads},
                now=now,
            )
    if tickets or uploads:
        raw = store.engine.raw_connection()  # outside any transaction: old page images leave the WAL
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        finally:
            raw.close()
        log.info("purged holder data of %d ticket(s) and %d sent upload(s) (ended before %s)",
                 tickets, uploads, cutoff.isoformat())  # fmt: skip
    if kept:
        log.warning("%d unsent upload(s) still hold holder data past its retention: run a sync", kept)
    return PurgeResult(days, cutoff, tickets, uploads, kept, seq_no)
