"""The receipt: what was bought, what it cost, how it was paid."""

from __future__ import annotations

from pos.money import Money
from pos.tickets.printjobs import OrderPrint
from printing.i18n import clock, label, money
from printing.layout import QR, Document, Element, Feed, Pair, Rule, Text
from printing.layouts.member import member_lines


def receipt_layout(order: OrderPrint, *, reprint: bool = False, kick_drawer: bool = False) -> Document:
    lang = order.language
    elements: list[Element] = []
    if reprint:
        elements.append(Text(label("reprint", lang), align="center", bold=True, large=True))
    elements += [
        Text(label("receipt", lang), align="center", bold=True, large=True),
        Text(order.outlet, align="center"),
        Pair(label("order", lang), order.number),
        Pair(clock(order.created_at, order.timezone), f"{label('terminal', lang)} {order.terminal_id}"),
        Pair(label("clerk", lang), f"{order.staff_name} ({order.staff_id})"),
        Rule(),
        Text(order.event, bold=True),
        Text(order.venue),
        Rule(),
    ]
    for t in order.tickets:
        place = t.section if t.seat_id is None else f"{t.section} {t.row_label}-{t.seat_number}"
        elements.append(Pair(f"{place} {t.concession}", money(t.list_price)))
        if t.discount.amount:
            name = t.promotion or label("discount", lang)
            elements.append(Pair(f"  {name}", money(-t.discount)))
        if t.fee.amount:
            elements.append(Pair(f"  {label('fee', lang)}", money(t.fee)))
        if t.status != "valid":  # the current ticket of a line is revoked only by a refund
            elements.append(Pair(f"  {label('refund', lang)}", t.ticket_id))
    elements += [
        Rule(),
        Pair(label("subtotal", lang), money(order.subtotal)),
    ]
    if order.discount_total.amount:
        coupon = f" {order.coupon_code}" if order.coupon_code else ""
        elements.append(Pair(label("discount", lang) + coupon, money(-order.discount_total)))
    if order.fee_total.amount:
        elements.append(Pair(label("fee", lang), money(order.fee_total)))
    elements += [Pair(label("total", lang), money(order.total), bold=True), Rule()]
    for p in order.payments:
        name = label(p.kind, lang) if p.kind in ("cash", "card", "mobile", "points") else p.kind
        if p.amount.amount < 0:
            name = f"{label('refund', lang)} {name}"
        ref = f" {p.reference[-4:]}" if p.reference else ""
        shown = p.tendered if p.kind == "cash" and p.amount.amount > 0 else p.amount
        elements.append(Pair(name + ref, money(shown)))
    if order.change.amount:
        elements.append(Pair(label("change", lang), money(order.change)))
    elements += member_lines(order.member, lang)  # issue 22
    elements += [Rule(), Text(label("tax_note", lang), small=True)]
    if order.invoice_url:
        elements += [Text(label("invoice_qr", lang), small=True), QR(order.invoice_url)]
    else:
        elements.append(Text(label("invoice_ask", lang), small=True))
    elements.append(Feed(1))
    return Document("receipt", lang, tuple(elements), kick_drawer=kick_drawer)


def paid_in_cash(order: OrderPrint) -> bool:
    return any(p.kind == "cash" and p.amount > Money(0, p.amount.currency) for p in order.payments)
