"""The ticket: what door staff and the holder read, and the QR the door scans."""

from __future__ import annotations

from pos.tickets.codec import is_training_code
from pos.tickets.printjobs import OrderPrint, TicketPrint
from printing.i18n import label, money, when
from printing.layout import QR, Document, Element, Feed, Pair, Rule, Text


def _place(order: OrderPrint, t: TicketPrint) -> str:
    lang = order.language
    if t.seat_id is None:
        return f"{t.section} · {label('standing', lang)}"
    if lang == "zh":
        return f"{t.section} {t.row_label}排 {t.seat_number}座"
    return f"{t.section}, Row {t.row_label}, Seat {t.seat_number}"


def ticket_layout(order: OrderPrint, ticket: TicketPrint, *, reprint: bool = False) -> Document:
    lang = order.language
    tz = order.timezone
    elements: list[Element] = []
    if reprint:
        elements.append(Text(label("reprint", lang), align="center", bold=True))
    training = is_training_code(ticket.code)
    banner = Text(label("training", lang), align="center", bold=True, large=True)
    if training:  # a practice ticket (training mode): top, above the QR and at the end
        elements.append(banner)
    elements += [
        Text(label("ticket", lang), align="center", small=True),
        Text(order.event, align="center", bold=True, large=True),
        Text(f"{order.venue}" + (f" · {order.city}" if order.city else ""), align="center"),
        Text(when(order.starts_at, tz, lang), align="center", bold=True),
        Rule(),
        Text(_place(order, ticket), align="center", bold=True, large=True),
        Pair(label("gate", lang), ticket.gate),
        Pair(label("doors", lang), when(order.doors_open_at, tz, lang)),
        Pair(label("zone", lang), ticket.zone),
        Pair(label("concession", lang), ticket.concession),
        Pair(label("price", lang), money(ticket.total)),
    ]
    if ticket.holder:
        elements.append(Pair(label("holder", lang), ticket.holder))
    if training:
        elements.append(banner)
    elements += [
        Rule(),
        QR(ticket.code),
        Text(ticket.code, align="center", small=True),
        Pair(label("ticket_no", lang), ticket.ticket_id),
        Pair(label("order", lang), order.number),
        Pair(label("outlet", lang), order.outlet),
        Pair(label("terminal", lang), order.terminal_id),
        Rule(),
        Text(label("keep", lang), small=True),
    ]
    if order.terms:
        elements.append(Text(order.terms, small=True))
    if training:
        elements.append(banner)
    elements.append(Feed(1))
    return Document(
        "ticket", lang, tuple(elements), codes=(ticket.code,), watermark="培训 TRAINING" if training else ""
    )


def ticket_layouts(order: OrderPrint, *, reprint: bool = False) -> list[Document]:
    """One document per valid ticket of the order."""
    return [ticket_layout(order, t, reprint=reprint) for t in order.valid_tickets]
