"""An order central refused (a seat taken meanwhile, a cap, the credit limit, a bad code):
its tickets are void here at once, with the reason, and what the clerk must tell the
customer is written down for "needs attention".

Central revokes the same codes on its feed (every door of the venue refuses them); the
local revocation row makes this terminal's own door refuse them before the next pull.
Journaled, in one transaction with the tickets' change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from pos.journal import chain as journal
from pos.money import Money
from pos.store import sql
from pos.store.db import Store

REASON = "refused_by_central"
REVOCATION_REASON = "refused"  # as central's feed says it

# Central's refusal reasons, as the clerk tells the customer why.
_WHY = {
    "seat_taken": "a seat was sold elsewhere before this sale reached central",
    "not_allocated": "a seat was no longer this outlet's to sell",
    "sold_out": "the standing places had run out",
    "no_hold": "the seats were not held for this sale",
    "hold_expired": "the seats' hold expired before the sale reached central",
    "credit_limit_exceeded": "the outlet's credit limit was reached",
    "too_many_tickets": "the order has more tickets than the event allows",
    "sales_closed": "sales had closed",
    "key_unknown": "the tickets' signature was not accepted",
    "ticket_id_taken": "a ticket code was already in use",
    "price_mismatch": "the prices were not the platform's",
    # Real-name (issue 18): one ticket per ID document per performance, across every channel.
    "holder_has_ticket": "the holder's ID document already had a ticket for this performance",
    "holder_repeated": "the order named one ID document twice",
    "holder_missing": "a real-name ticket reached central without its holder",
    "holder_unsealable": "the holder's ID could not be read by central (sealed to another key)",
    "holder_invalid": "the holder's ID document was not valid",
}


@dataclass(frozen=True, slots=True)
class RefusedOrder:
    order_id: str
    order_number: str
    reason: str  # central's, e.g. seat_taken
    items: tuple[str, ...]  # seats or standing areas of the voided tickets
    total: Money
    tell_customer: str


def void_refused_order(store: Store, *, order_id: str, reason: str, message: str,
                       now: datetime | None = None) -> RefusedOrder | None:
    """Void the order's valid tickets with the reason (once). None: no such order here."""
    now = now or datetime.now(UTC)
    with store.write() as session:
        order = sql.row(session, "SELECT id, number, total, currency FROM sale_order WHERE id = ?", order_id)
        if order is None:
            return None
        valid = sql.rows(
            session, "SELECT id, seat_id, area_id FROM ticket WHERE order_id = ? AND status = 'valid'", order_id
        )
        if valid:
            why = f"{REASON}: {reason}"[:200]
            sql.run(
                session,
                "UPDATE ticket SET status = 'voided', void_reason = ? WHERE order_id = ? AND status = 'valid'",
                (why, order_id),
            )
            sql.run(
                session,
                "INSERT INTO revocation (ticket_id, reason, revoked_at, replaced_by) VALUES (?,?,?,NULL) "
                "ON CONFLICT(ticket_id) DO NOTHING",
                [(t.id, REVOCATION_REASON, sql.time_in(now)) for t in valid],
            )
            terminal = sql.row(session, "SELECT terminal_id FROM terminal")
            journal.append(
                session,
                kind="order_refused",
                terminal_id=terminal.terminal_id if terminal else "?",
                staff_id=None,
                ref=order_id,
                data={"number": order.number, "reason": reason, "message": message[:300],
                      "tickets": [t.id for t in valid]},
                now=now,
            )
        return _notice(session, order_id, reason)


def notice(store: Store, *, order_id: str, reason: str) -> RefusedOrder | None:
    """What the clerk must tell the customer about a refused order (None: not an order here)."""
    with store.read() as session:
        return _notice(session, order_id, reason)


def _notice(session: Session, order_id: str, reason: str) -> RefusedOrder | None:
    order = sql.row(session, "SELECT number, total, currency FROM sale_order WHERE id = ?", order_id)
    if order is None:
        return None
    tickets = sql.rows(
        session,
        "SELECT seat_id, area_id FROM ticket WHERE order_id = ? AND void_reason IS NOT NULL ORDER BY line_no",
        order_id,
    )
    items = tuple(t.seat_id or t.area_id or "?" for t in tickets)
    total = Money(int(order.total), order.currency)
    why = _WHY.get(reason, f"central refused it ({reason})")
    tell = (
        f"Order {order.number} was not accepted: {why}. Its {len(items)} ticket(s)"
        f" ({', '.join(items[:8])}{'…' if len(items) > 8 else ''}) are void and will not pass the door."
        f" Take the tickets back and refund {total.format()}, or sell the customer other seats."
    )
    return RefusedOrder(order_id, order.number, reason, items, total, tell)
