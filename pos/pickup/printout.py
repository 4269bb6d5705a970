"""An online order handed out at the counter, as the ticket and receipt layouts take it.

The same :class:`~pos.tickets.printview.OrderPrint` as a counter sale, built from the pickup copy
and this terminal's catalog (names in the outlet's language), so ``printing`` needs nothing
new to print it.
"""

from __future__ import annotations

from pos.errors import NotFound
from pos.money import Money
from pos.pickup.service import PickupOrder
from pos.store import sql
from pos.store.db import Store
from pos.tickets.printview import (
    OrderPrint,
    PaymentPrint,
    TicketPrint,
    catalog_names,
    local_name,
    print_terminal,
    printed_holder,
)


def pickup_print(store: Store, order: PickupOrder, *, language: str | None = None) -> OrderPrint:
    """The order as the ticket and receipt layouts take it (the same as a counter sale)."""
    with store.read() as session:
        terminal, lang = print_terminal(session, language)
        perf = sql.row(session, "SELECT * FROM performance WHERE id = ?", order.performance_id)
        if perf is None:
            raise NotFound(
                f"performance {order.performance_id} is not in this terminal's catalog: sync first"
            )
        event = sql.row(session, "SELECT * FROM event WHERE id = ?", perf.event_id)
        venue = sql.row(session, "SELECT * FROM venue WHERE id = ?", event.venue_id)
        outlet = sql.row(session, "SELECT * FROM outlet WHERE id = ?", terminal.outlet_id)
        names = catalog_names(session, venue_id=venue.id, performance_id=perf.id)
        seats = {
            r.id: r
            for r in sql.rows(
                session,
                "SELECT s.id, s.section_id, s.row_label, s.number, ps.zone_id FROM seat s "
                "LEFT JOIN performance_seat ps ON ps.performance_id = ? AND ps.seat_id = s.id WHERE s.venue_id = ?",
                perf.id,
                venue.id,
            )
        }
        standing = {
            r.area_id: r.zone_id
            for r in sql.rows(
                session, "SELECT area_id, zone_id FROM performance_standing WHERE performance_id = ?", perf.id
            )
        }

    def name(row: object, fallback: str) -> str:
        return local_name(row, lang, fallback)

    cur = terminal.currency
    created = order.created_at
    tickets = []
    for n, t in enumerate(order.tickets, start=1):
        seat = seats.get(t.seat_id or "")
        section_id = seat.section_id if seat else (t.area_id or "")
        zone_id = (seat.zone_id if seat else standing.get(t.area_id or "")) or ""
        section = names.sections.get(section_id)
        tickets.append(
            TicketPrint(
                ticket_id=t.ticket_id,
                line_no=n,
                code=t.code,
                status="valid",
                seat_id=t.seat_id,
                area_id=t.area_id,
                section=name(section, section_id),
                row_label=seat.row_label if seat else "",
                seat_number=seat.number if seat else "",
                zone=name(names.zones.get(zone_id), zone_id),
                gate=name(
                    names.gates.get(section.gate_id) if section else None,
                    section.gate_id or "" if section else "",
                ),
                concession=name(names.concessions.get(t.concession), t.concession),
                list_price=Money(t.price, cur),
                discount=Money(0, cur),
                promotion="",
                fee=Money(0, cur),
                total=Money(t.price, cur),
                holder=printed_holder(t.code),
                issued_at=created,
            )
        )
    prices = sum(t.price for t in order.tickets)
    return OrderPrint(
        order_id=order.order_id,
        number=order.order_number or order.pickup_code,
        status="collected" if order.collected else "paid",
        created_at=created,
        language=lang,
        timezone=terminal.timezone,
        terminal_id=terminal.terminal_id,
        outlet_id=terminal.outlet_id,
        outlet=name(outlet, terminal.outlet_id),
        staff_id="",
        staff_name="",
        event=name(event, event.id),
        venue=name(venue, venue.id),
        city=str(getattr(venue, f"city_{lang}") or ""),
        performance_id=perf.id,
        starts_at=sql.time_out(perf.starts_at) or created,
        doors_open_at=sql.time_out(perf.doors_open_at) or created,
        terms=str(getattr(event, f"terms_{lang}") or ""),
        subtotal=Money(prices, cur),
        discount_total=Money(0, cur),
        fee_total=Money(order.total - prices, cur),
        total=Money(order.total, cur),
        change=Money(0, cur),
        coupon_code=None,
        tickets=tuple(tickets),
        # Paid on the platform's web shop: nothing was taken at this counter.
        payments=(
            PaymentPrint(
                "online", Money(order.total, cur), Money(order.total, cur), order.order_number or ""
            ),
        ),
    )
