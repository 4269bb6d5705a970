"""Refunds of invoiced orders (issue 22): central's reply to a refund upload says when the
order's invoice was requested, if it was before the refund; the relay keeps that here, and
the Z-report lists the refunds of its period so that the invoice is reversed (红字发票)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from pos.cash.zreport import Line
from pos.store import sql
from pos.store.db import Store


def note_invoiced_refund(
    store: Store, *, refund_id: str, order_id: str, amount: int, invoiced_at: datetime, now: datetime
) -> None:
    """Keep central's word that this refund came after the order's invoice request (once)."""
    with store.write() as session:
        sql.run(
            session,
            "INSERT OR IGNORE INTO invoiced_refund (refund_id, order_id, amount, invoiced_at, noted_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (refund_id, order_id, amount, sql.time_in(invoiced_at), sql.time_in(now)),
        )


def z_lines(session: Session, first_seq: int, last_seq: int) -> tuple[Line, ...]:
    """The flagged refunds journaled in the Z's range: order number, and the fen refunded."""
    rows = sql.rows(
        session,
        "SELECT r.refund_id, r.amount, o.number FROM invoiced_refund r "
        "JOIN journal j ON j.seq BETWEEN ? AND ? AND json_extract(j.record, '$.kind') = 'refund' "
        "AND json_extract(j.record, '$.data.reversal') = r.refund_id "
        "LEFT JOIN sale_order o ON o.id = r.order_id ORDER BY j.seq",
        first_seq,
        last_seq,
    )
    return tuple(Line(key=r.refund_id, label=r.number or r.refund_id, count=1, tickets=0, amount=r.amount)
                 for r in rows)
