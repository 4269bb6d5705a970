"""The Z-report and the daily close-out.

A close-out covers the journal from the entry after the previous close-out up to the entry
before its own, so consecutive Z-reports cover the journal without gap or overlap. Z numbers
are consecutive per terminal (computed inside the close-out's write transaction, and unique
in the schema). The report is computed in that same transaction, stored as JSON (a reprint
shows the same figures), journaled as ``close_out`` and queued for central in the outbox
(its UUID is central's idempotency key), all in one commit.

Where the figures come from: sales from the orders whose sale entry is in the range (their
payments, tickets and staff); refunds and voids from their journal entries in the range
(the only record that says when and by which tender the money went back); cash variance
from the shifts closed in the range. The reconciliation test recomputes the tender totals
from the journal alone.

Exchanges, as a box-office supervisor reads them (one ``exchange`` journal entry each, right
after the ``sale`` entry of the order it creates):

* The new tickets come in like any sale: the new order counts in ``orders``, ``gross`` and
  the event / performance / concession / clerk lines (column ``amount``).
* The old tickets go out at the value credited for them (their prices, booking fees kept):
  ``exchanged`` on the report and the ``exchanged`` column of each line (the old order's
  event and performance, the old tickets' concessions, the clerk who made the exchange).
  ``net = gross - refunded - voided - exchanged``, and central counts that credit as a refund
  (``central_refunds``), as it does on upload.
* The carried credit (tender ``exchange`` on the new order) is not money: it appears in no
  tender line, only as ``exchange_carried`` in the Exchanges block.
* Only the difference moves money: collected with cash, card or mobile (``exchange_in`` of
  that tender) or given back to the old order's tenders (``exchange_out``). Tender net =
  sales - refunds + exchange_in - exchange_out, so the tender nets still add up to ``net``.
* The Exchanges block: count, value of old tickets out, value of new tickets in, credit
  carried, difference collected and difference refunded (per tender in the tender lines).

The report's data is :mod:`pos.cash.zreport`, its computation :mod:`pos.cash.figures`; this
module numbers, stores, journals and sends it. A close-out needs the CLOSE_OUT permission (a supervisor) and no open shift: the drawer is
counted before the day is closed.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from pos.cash.figures import compute
from pos.cash.shifts import ShiftInfo, get_shift, list_shifts
from pos.cash.zreport import ZReport
from pos.errors import CloseoutRefused, NotFound
from pos.journal import chain as journal
from pos.journal import outbox
from pos.staff.access import Override, Permission, StaffSession, authorise, spend
from pos.store import sql
from pos.store.db import Store

__all__ = ["CloseoutRefused", "ZReport", "close_day", "preview", "shift_report", "stored"]


def _journal_range(session: Session) -> tuple[int, int, str, Any]:
    """(first seq, last seq, period start, previous close-out row) for the next close-out."""
    prev = sql.row(session, "SELECT * FROM closeout ORDER BY z_number DESC LIMIT 1")
    head = sql.row(session, "SELECT seq FROM journal ORDER BY seq DESC LIMIT 1")
    last = head.seq if head else 0
    first = prev.journal_seq + 1 if prev else 1
    if prev is not None:
        start = prev.period_end
    else:
        # The first close-out starts at the first sale or reversal, not at the terminal's
        # set-up (maybe weeks before): central takes a period of at most 31 days.
        rec = sql.row(
            session,
            "SELECT record FROM journal WHERE json_extract(record, '$.kind') IN ('sale', 'refund', 'void', 'exchange') "
            "ORDER BY seq LIMIT 1",
        ) or sql.row(session, "SELECT record FROM journal WHERE seq = ?", first)
        start = sql.time_in(datetime.fromisoformat(json.loads(rec.record)["ts"])) if rec else None
    return first, last, start, prev


def _period(session: Session, now: datetime) -> tuple[int, int, datetime, Any]:
    first, last, start_text, prev = _journal_range(session)
    start = sql.time_out(start_text) if start_text else now
    assert start is not None
    if prev is None:
        # Central counts the period from its start inclusive, and needs it before its end:
        # a millisecond before the first sale (or now) includes nothing else of this terminal.
        start = min(start, now) - timedelta(milliseconds=1)
    if now <= start:
        raise CloseoutRefused("the clock is behind the previous close-out: check the terminal's time")
    return first, last, start, prev


def preview(store: Store, *, actor: StaffSession, now: datetime | None = None) -> ZReport:
    """The figures so far (an X-report): nothing is numbered, journaled or sent."""
    now = now or datetime.now(UTC)
    authorise(actor=actor, permission=Permission.CLOSE_OUT, now=now)
    with store.read() as session:
        first, last, start, _ = _period(session, now)
        return compute(
            session,
            first_seq=first,
            last_seq=last,
            period_start=start,
            period_end=now,
            closeout_id="",
            z_number=0,
            staff_id=actor.staff_id,
        )


def close_day(
    store: Store,
    *,
    actor: StaffSession,
    override: Override | None = None,
    closeout_id: str | None = None,
    now: datetime | None = None,
) -> ZReport:
    """Close the day: number the Z-report, journal it and queue it for central, in one commit."""
    now = now or datetime.now(UTC)
    auth = authorise(actor=actor, permission=Permission.CLOSE_OUT, override=override, now=now)
    closeout_id = str(uuid.UUID(closeout_id)) if closeout_id else str(uuid.uuid4())
    with store.write() as session:
        open_shift = sql.row(session, "SELECT id, drawer, opened_by FROM shift WHERE status = 'open'")
        if open_shift is not None:
            raise CloseoutRefused(
                f"drawer {open_shift.drawer} still has an open shift ({open_shift.opened_by}): "
                "close it with a count first",
                drawer=open_shift.drawer,
            )
        spend(session, auth, override, now=now)
        first, last, start, prev = _period(session, now)
        z_number = (prev.z_number + 1) if prev else 1
        report = compute(
            session,
            first_seq=first,
            last_seq=last,
            period_start=start,
            period_end=now,
            closeout_id=closeout_id,
            z_number=z_number,
            staff_id=auth.actor_id,
        )
        seq = journal.append(
            session,
            kind="close_out",
            terminal_id=report.terminal_id,
            staff_id=auth.actor_id,
            approver_id=auth.approver_id,
            ref=closeout_id,
            data={
                "z_number": z_number,
                "first_seq": first,
                "last_seq": last,
                "orders": report.orders,
                "gross": report.gross,
                "refunded": report.refunded,
                "voided": report.voided,
                "exchanged": report.exchanged,
                "net": report.net,
                "tenders": {t.kind: t.net for t in report.tenders},
                "providers": {t.kind: t.net for t in report.providers},
                "cash_variance": report.cash_variance,
                "unsynced": len(report.unsynced),
            },
            now=now,
        )
        sql.insert(
            session,
            "closeout",
            [
                {
                    "id": closeout_id,
                    "z_number": z_number,
                    "terminal_id": report.terminal_id,
                    "first_seq": first,
                    "last_seq": last,
                    "period_start": start,
                    "period_end": now,
                    "staff_id": auth.actor_id,
                    "journal_seq": seq,
                    "report": json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=True),
                }
            ],
        )
        outbox.enqueue(
            session,
            message_id=closeout_id,
            kind="closeout",
            payload={
                "closeout_id": closeout_id,
                "z_number": z_number,
                "business_date": report.business_date,
                "period_start": report.period_start,
                "period_end": report.period_end,
                "totals": {
                    "orders": report.orders,
                    "tickets": report.tickets,
                    "gross": report.gross,
                    "refunds": report.central_refunds,
                },
            },
            now=now,
        )
    return report


def stored(store: Store, *, z_number: int | None = None) -> ZReport:
    """A past close-out's report as it was made (the last one when no number is given)."""
    with store.read() as session:
        if z_number is None:
            row = sql.row(session, "SELECT report FROM closeout ORDER BY z_number DESC LIMIT 1")
        else:
            row = sql.row(session, "SELECT report FROM closeout WHERE z_number = ?", z_number)
        if row is None:
            raise NotFound("no close-out yet" if z_number is None else f"no Z-report number {z_number}")
        return ZReport.from_dict(json.loads(row.report))


def shift_report(
    store: Store, *, actor: StaffSession, shift_id: str | None = None, now: datetime | None = None
) -> tuple[ZReport, ShiftInfo]:
    """The figures of one shift (the last one when none is named): the journal from its
    opening to its closing entry (to now while it is open). For its owner or a supervisor."""
    now = now or datetime.now(UTC)
    if shift_id is None:
        known = list_shifts(store)
        if not known:
            raise NotFound("no shift yet")
        shift = known[-1]
    else:
        shift = get_shift(store, shift_id=shift_id)
    permission = Permission.SELL if shift.opened_by == actor.staff_id else Permission.CLOSE_OUT
    authorise(actor=actor, permission=permission, now=now)
    with store.read() as session:
        head = sql.row(session, "SELECT seq FROM journal ORDER BY seq DESC LIMIT 1")
        report = compute(
            session,
            first_seq=shift.open_seq,
            last_seq=shift.close_seq or (head.seq if head else shift.open_seq),
            period_start=shift.opened_at,
            period_end=shift.closed_at or now,
            closeout_id="",
            z_number=0,
            staff_id=actor.staff_id,
        )
    return report, shift
