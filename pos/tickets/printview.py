"""What a ticket or receipt layout is built from: an order as it prints, names already in
the terminal's language (:func:`order_for_print`), and the look-ups a printout of an online
order (:mod:`pos.pickup.printout`) shares with it. Read only; uses the store and the codec.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from pos.errors import InvalidInput, NotFound, TicketCodeError
from pos.members.printed import MemberPrint, member_print
from pos.money import Money
from pos.store import sql
from pos.store.db import Store
from pos.tickets.codec import peek
from pos.tickets.invoice import receipt_invoice_url


@dataclass(frozen=True, slots=True)
class TicketPrint:
    ticket_id: str
    line_no: int
    code: str
    status: str  # valid | revoked
    seat_id: str | None
    area_id: str | None
    section: str  # localised section or standing-area name
    row_label: str
    seat_number: str
    zone: str
    gate: str
    concession: str  # localised name
    list_price: Money
    discount: Money
    promotion: str  # localised promotion name, "" if none
    fee: Money
    total: Money
    holder: str  # masked, as in the signed code; "" if not a real-name ticket
    issued_at: datetime


@dataclass(frozen=True, slots=True)
class PaymentPrint:
    kind: str  # cash | card | mobile
    amount: Money  # negative for refunds
    tendered: Money
    reference: str


@dataclass(frozen=True, slots=True)
class OrderPrint:
    """Everything printed about one order, names already in the terminal's language."""

    order_id: str
    number: str
    status: str
    created_at: datetime
    language: str  # zh | en
    timezone: str
    terminal_id: str
    outlet_id: str
    outlet: str
    staff_id: str
    staff_name: str
    event: str
    venue: str
    city: str
    performance_id: str
    starts_at: datetime
    doors_open_at: datetime
    terms: str
    subtotal: Money
    discount_total: Money
    fee_total: Money
    total: Money
    change: Money
    coupon_code: str | None
    tickets: tuple[TicketPrint, ...]  # the current ticket of each line (a reprint replaces one)
    payments: tuple[PaymentPrint, ...]
    invoice_url: str = ""  # the receipt's invoice-request QR (issue 22); "" when none is printed
    member: MemberPrint | None = None  # issue 22

    @property
    def valid_tickets(self) -> tuple[TicketPrint, ...]:
        return tuple(t for t in self.tickets if t.status == "valid")


@dataclass(frozen=True, slots=True)
class CatalogNames:
    """The catalog rows a printout names things by, keyed by id (concessions by code)."""

    sections: dict[str, Any]
    gates: dict[str, Any]
    zones: dict[str, Any]
    concessions: dict[str, Any]


def catalog_names(session: Session, *, venue_id: str, performance_id: str) -> CatalogNames:
    return CatalogNames(
        sections={r.id: r for r in sql.rows(session, "SELECT * FROM section WHERE venue_id = ?", venue_id)},
        gates={r.id: r for r in sql.rows(session, "SELECT * FROM gate WHERE venue_id = ?", venue_id)},
        zones={
            r.id: r
            for r in sql.rows(session, "SELECT * FROM price_zone WHERE performance_id = ?", performance_id)
        },
        concessions={r.code: r for r in sql.rows(session, "SELECT * FROM concession")},
    )


def print_terminal(session: Session, language: str | None) -> tuple[Any, str]:
    """This terminal's row and the language to print in (``language`` or the terminal's)."""
    terminal = sql.row(session, "SELECT * FROM terminal")
    if terminal is None:
        raise NotFound("this terminal is not initialised: run `pos init`")
    lang = language or terminal.language
    if lang not in ("zh", "en"):
        raise InvalidInput(f"language must be zh or en, got {lang!r}")
    return terminal, lang


def local_name(row: Any, language: str, fallback: str) -> str:
    if row is None:
        return fallback
    return str(getattr(row, f"name_{language}", "") or row.name_en or fallback)


def printed_holder(code: str) -> str:
    """The masked holder name a signed code carries ("" when none)."""
    try:
        return peek(code)[1].holder
    except TicketCodeError:  # a code we signed always parses; never let printing crash on it
        return ""


def print_time(value: str) -> datetime:
    out = sql.time_out(value)
    assert out is not None
    return out


def _find_order(session: Session, order: str) -> Any:
    found = sql.row(session, "SELECT * FROM sale_order WHERE id = ? OR number = ?", order, order)
    if found is None:
        raise NotFound(f"no order {order!r} on this terminal", order=order)
    return found


def order_for_print(store: Store, *, order: str, language: str | None = None) -> OrderPrint:
    """The printable view of an order (by id or number), in ``language`` or the terminal's."""
    with store.read() as session:
        o = _find_order(session, order)
        terminal, lang = print_terminal(session, language)
        perf = sql.row(session, "SELECT * FROM performance WHERE id = ?", o.performance_id)
        assert perf is not None  # a foreign key of the order
        event = sql.row(session, "SELECT * FROM event WHERE id = ?", perf.event_id)
        assert event is not None
        venue = sql.row(session, "SELECT * FROM venue WHERE id = ?", event.venue_id)
        assert venue is not None
        outlet = sql.row(session, "SELECT * FROM outlet WHERE id = ?", o.outlet_id)
        staff = sql.row(session, "SELECT name FROM staff WHERE id = ?", o.staff_id)
        names = catalog_names(session, venue_id=venue.id, performance_id=perf.id)
        promotions = {r.id: r for r in sql.rows(session, "SELECT id, name_zh, name_en FROM promotion")}
        rows = sql.rows(
            session,
            "SELECT t.*, s.section_id AS seat_section, s.row_label, s.number AS seat_number FROM ticket t "
            "LEFT JOIN seat s ON s.venue_id = ? AND s.id = t.seat_id "
            "WHERE t.order_id = ? ORDER BY t.line_no, t.issued_at, t.status DESC",
            venue.id,
            o.id,
        )
        payments = sql.rows(session, "SELECT * FROM payment WHERE order_id = ? ORDER BY id", o.id)
        member = member_print(session, o, lang)
    cur = o.currency
    by_line: dict[int, TicketPrint] = {}
    for t in rows:
        section_id = t.seat_section if t.seat_id else t.area_id
        current = TicketPrint(
            ticket_id=t.id,
            line_no=t.line_no,
            code=t.code,
            status=t.status,
            seat_id=t.seat_id,
            area_id=t.area_id,
            section=local_name(names.sections.get(section_id), lang, section_id or ""),
            row_label=t.row_label or "",
            seat_number=t.seat_number or "",
            zone=local_name(names.zones.get(t.zone_id), lang, t.zone_id),
            gate=local_name(names.gates.get(t.gate_id), lang, t.gate_id),
            concession=local_name(names.concessions.get(t.concession), lang, t.concession),
            list_price=Money(t.list_price, cur),
            discount=Money(t.discount, cur),
            promotion=local_name(promotions.get(t.promotion_id), lang, "") if t.promotion_id else "",
            fee=Money(t.fee, cur),
            total=Money(t.total, cur),
            holder=printed_holder(t.code),
            issued_at=print_time(t.issued_at),
        )
        # A reprint leaves the revoked ticket and its replacement on the same line; a line
        # has at most one valid ticket, and that one counts (not the latest: clocks skew).
        previous = by_line.get(t.line_no)
        if previous is None or (current.status == "valid", current.issued_at) >= (
            previous.status == "valid",
            previous.issued_at,
        ):
            by_line[t.line_no] = current
    return OrderPrint(
        order_id=o.id,
        number=o.number,
        status=o.status,
        created_at=print_time(o.created_at),
        language=lang,
        timezone=terminal.timezone,
        terminal_id=o.terminal_id,
        outlet_id=o.outlet_id,
        outlet=local_name(outlet, lang, o.outlet_id),
        staff_id=o.staff_id,
        staff_name=staff.name if staff else o.staff_id,
        event=local_name(event, lang, event.id),
        venue=local_name(venue, lang, venue.id),
        city=str(getattr(venue, f"city_{lang}") or ""),
        performance_id=perf.id,
        starts_at=print_time(perf.starts_at),
        doors_open_at=print_time(perf.doors_open_at),
        terms=str(getattr(event, f"terms_{lang}") or ""),
        subtotal=Money(o.subtotal, cur),
        discount_total=Money(o.discount_total, cur),
        fee_total=Money(o.fee_total, cur),
        total=Money(o.total, cur),
        change=Money(o.change_given, cur),
        coupon_code=o.coupon_code,
        tickets=tuple(by_line[n] for n in sorted(by_line)),
        payments=tuple(
            PaymentPrint(p.kind, Money(p.amount, cur), Money(p.tendered, cur), p.reference or "")
            for p in payments
        ),
        invoice_url=receipt_invoice_url(store, order_id=o.id, created_at=print_time(o.created_at)),
        member=member,
    )
