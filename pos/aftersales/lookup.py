"""The after-sales view of one order: found by its number or by one of its tickets' codes.

The counter's Orders screen shows what can still be given back: each ticket line with its
status (valid, scanned at the door, refunded, voided, exchanged), and the amount a refund of
it returns (its price without the booking fee, which is not refunded). A keyboard-wedge
scanner types the whole signed code; a clerk may also type the 16-character ticket id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from pos.aftersales.policy import admissions
from pos.errors import InvalidInput, NotFound, TicketCodeError
from pos.money import Money
from pos.store import sql
from pos.store.db import Store
from pos.tickets import peek
from pos.tickets.printjobs import tickets_print_state
from pos.tickets.printview import OrderPrint, TicketPrint, order_for_print

# TA85C1406AACB-000004 (terminal id, up to 16 characters, and sequence), or an order's UUID;
# a number alone (4, 000004) is this terminal's order with that sequence.
_ORDER_NUMBER = re.compile(r"^[A-Z0-9]{1,16}-[0-9]{1,12}$")
_SEQUENCE = re.compile(r"^[0-9]{1,9}$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_TICKET_ID = re.compile(r"^[A-Z2-7]{16}$")

# Why a ticket was revoked (revocation.reason) → what the clerk sees.
_REVOKED = {"refund": "refunded", "void": "voided", "exchange": "exchanged", "reprint": "reprinted"}


@dataclass(frozen=True, slots=True)
class TicketLine:
    ticket: TicketPrint
    status: str  # valid | scanned | refunded | voided | exchanged | reprinted | revoked
    refundable: Money  # what a refund of it gives back (price without the booking fee)

    @property
    def can_give_back(self) -> bool:
        return self.status == "valid"


@dataclass(frozen=True, slots=True)
class OrderView:
    order: OrderPrint
    lines: tuple[TicketLine, ...]
    found_ticket: str | None  # the ticket id the order was found by, if by a ticket
    printed: str = ""  # its valid tickets on paper: confirmed | unconfirmed | partly | failed | ""


def classify(text: str) -> tuple[str, str]:
    """("order", number-or-id) or ("ticket", ticket id); InvalidInput for anything else."""
    raw = (text or "").strip()
    if not raw:
        raise InvalidInput("type an order number (e.g. T01-000001, or just 1) or scan a ticket")
    upper = raw.upper()
    if _ORDER_NUMBER.fullmatch(upper):
        return "order", upper
    if _UUID.fullmatch(raw.lower()):
        return "order", raw.lower()
    if _SEQUENCE.fullmatch(upper):
        return "sequence", str(int(upper))
    if _TICKET_ID.fullmatch(upper):
        return "ticket", upper
    try:
        _, claims = peek(raw)
    except TicketCodeError as exc:
        raise InvalidInput(
            f"{raw[:24]!r} is neither an order number nor a ticket code ({exc.message})", reason="malformed"
        ) from None
    return "ticket", claims.ticket_id


def find_order_view(store: Store, *, query: str, language: str | None = None) -> OrderView:
    """The order ``query`` names (number, id, ticket code or ticket id), names in ``language``."""
    kind, key = classify(query)
    found_ticket: str | None = None
    if kind == "ticket":
        with store.read() as session:
            row = sql.row(session, "SELECT order_id FROM ticket WHERE id = ?", key)
        if row is None:
            raise NotFound(f"no ticket {key} was sold on this terminal", ticket=key)
        order_key, found_ticket = row.order_id, key
    elif kind == "sequence":
        with store.read() as session:
            terminal = sql.row(session, "SELECT terminal_id FROM terminal")
        if terminal is None:
            raise NotFound("this terminal is not set up: no orders to find")
        order_key = f"{terminal.terminal_id}-{int(key):06d}"
    else:
        order_key = key
    order = order_for_print(store, order=order_key, language=language)
    ids = [t.ticket_id for t in order.tickets]
    with store.read() as session:
        seen = admissions(session, ids)
        reasons = (
            {
                r.ticket_id: r.reason
                for r in sql.rows(
                    session,
                    f"SELECT ticket_id, reason FROM revocation WHERE ticket_id IN ({sql.marks(len(ids))})",
                    *ids,
                )
            }
            if ids
            else {}
        )
    lines = []
    for t in order.tickets:
        if t.status == "valid":
            status = "scanned" if t.ticket_id in seen else "valid"
        else:
            status = _REVOKED.get(reasons.get(t.ticket_id, ""), "revoked")
        lines.append(TicketLine(t, status, t.total - t.fee))
    if found_ticket is not None and found_ticket not in ids:
        # A reprinted (old) code: it still finds its order, the line shows the new ticket.
        found_ticket = None
    printed = tickets_print_state(store, order_id=order.order_id, codes={t.code for t in order.valid_tickets})
    return OrderView(order, tuple(lines), found_ticket, printed)


def refund_preview(store: Store, *, order_id: str, amount: int) -> tuple[tuple[str, Money, str], ...]:
    """Where ``amount`` would go back, tender by tender, as the refund itself will send it
    (card and mobile by reference first, the rest in cash from the drawer)."""
    from pos.aftersales.steps import refund_tenders

    if amount <= 0:
        return ()
    with store.read() as session:
        currency = sql.row(session, "SELECT currency FROM sale_order WHERE id = ?", order_id)
        if currency is None:
            raise NotFound(f"no order {order_id!r} on this terminal")
        return tuple(
            (kind, Money(fen, currency.currency), ref)
            for kind, fen, ref in refund_tenders(session, order_id, amount)
        )


@dataclass(frozen=True, slots=True)
class RecentOrder:
    """A line of the Orders screen's list of this terminal's latest orders."""

    order_id: str
    number: str
    created_at: datetime
    event: str
    status: str  # paid | refunded | part_refunded | voided
    tickets: int
    total: Money


def recent_orders(store: Store, *, limit: int = 30, language: str = "zh") -> tuple[RecentOrder, ...]:
    """This terminal's latest orders, newest first: what a clerk looks for most (the sale just
    made, the customer back at the window a minute later)."""
    if not 1 <= limit <= 500:
        raise InvalidInput("limit must be between 1 and 500")
    name = "e.name_zh" if language == "zh" else "e.name_en"
    with store.read() as session:
        rows = sql.rows(
            session,
            f"SELECT o.id, o.number, o.created_at, {name} AS event, o.status, o.ticket_count, o.total,"
            " o.currency FROM sale_order o JOIN performance p ON p.id = o.performance_id"
            " JOIN event e ON e.id = p.event_id ORDER BY o.created_at DESC, o.number DESC LIMIT ?",
            limit,
        )
    return tuple(
        RecentOrder(r.id, r.number, _when(r.created_at), r.event, r.status, r.ticket_count,
                    Money(r.total, r.currency))
        for r in rows
    )


def _when(value: str) -> datetime:
    when = sql.time_out(value)
    assert when is not None  # created_at is NOT NULL
    return when
