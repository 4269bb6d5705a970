"""Invoice requests (电子发票, issue 22): the receipt's QR carries a token the terminal signed
for the order (``central.invoicecodes``); the customer opens central's page with it, gives
the buyer's title, tax number and e-mail, and central records one request per order.

Refused: a token that is not one (``invoice_token_invalid``), signed by no terminal key or
not by the key of the terminal that sold the order (``invoice_token_forged``), an order central
has not had yet (``invoice_order_unknown``: the terminal uploads it when back online), a
second request (``invoice_already_requested``), an order with no valid ticket left
(``invoice_order_refunded``). A refund after the request is flagged in the close-out
(``central.services.closeouts``) and in the refund's reply."""

from __future__ import annotations

import base64
import logging
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.cn import uscc

from central import invoicecodes
from central.context import Central
from central.customer_models import InvoiceRequest
from central.errors import ApiError
from central.models import Order, Outlet, SigningKey, Ticket

log = logging.getLogger(__name__)

_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class InvoiceOrder:
    """What the page shows about the order: nothing a stranger holding the receipt could not
    read on it already."""

    order_id: str
    number: str
    outlet_zh: str
    outlet_en: str
    sold_at: datetime
    amount: int  # fen: the valid tickets and the fees
    currency: str
    requested_at: datetime | None
    refunded: bool


@dataclass(frozen=True, slots=True)
class InvoiceForm:
    buyer_title: str
    tax_number: str  # "" for an individual (个人)
    email: str


class InvoiceInputError(ValueError):
    """A field of the form is not acceptable: ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def check_form(form: InvoiceForm) -> InvoiceForm:
    title = form.buyer_title.strip()
    if not 1 <= len(title) <= 100 or _UNSAFE.search(title):
        raise InvoiceInputError("buyer_title", "the buyer's title must be 1 to 100 printable characters")
    tax = form.tax_number.strip().upper()
    if tax and not (len(tax) == 18 and uscc.is_valid(tax)):
        raise InvoiceInputError("tax_number", "not a valid unified social credit code (18 characters)")
    email = form.email.strip()
    if len(email) > 254 or not _EMAIL.fullmatch(email):
        raise InvoiceInputError("email", "not an e-mail address")
    return InvoiceForm(title, tax, email)


def _order_of(s: Session, token: str, *, lock: bool) -> Order:
    read = invoicecodes.read(token)
    if read is None:
        raise ApiError(400, "invoice_token_invalid", "this is not an invoice-request code")
    claims, message, signature = read
    key = s.get(SigningKey, claims.key_id)
    if (
        key is None
        or key.owner != "terminal"
        or not invoicecodes.verify(base64.b64decode(key.public_key), message, signature)
    ):
        raise ApiError(403, "invoice_token_forged", "this invoice-request code was not issued by an outlet")
    q = select(Order).where(Order.id == claims.order_id)
    order = s.scalars(q.with_for_update() if lock else q).first()
    if order is not None and (order.kind != "outlet" or order.terminal_id != key.terminal_id):
        # A real terminal's key over an order it did not sell: made up, not printed.
        raise ApiError(403, "invoice_token_forged", "this invoice-request code was not issued for this order")
    if order is None:
        raise ApiError(
            404,
            "invoice_order_unknown",
            "the order has not reached the platform yet: "
            "try again later (the outlet uploads it when it is back online)",
        )
    return order


def _view(s: Session, order: Order) -> InvoiceOrder:
    tickets = list(
        s.scalars(select(Ticket.price).where(Ticket.order_id == order.id, Ticket.status == "valid"))
    )
    outlet = s.get(Outlet, order.outlet_id) if order.outlet_id else None
    request = s.get(InvoiceRequest, order.id)
    return InvoiceOrder(
        order_id=order.id,
        number=str(order.reply.get("order_number") or order.id[:8]),
        outlet_zh=getattr(outlet, "name_zh", "") or (order.outlet_id or ""),
        outlet_en=getattr(outlet, "name_en", "") or (order.outlet_id or ""),
        sold_at=order.sold_at,
        amount=sum(tickets) + (order.fees if tickets else 0),
        currency="CNY",
        requested_at=request.requested_at if request else None,
        refunded=not tickets,
    )


def show(ctx: Central, token: str) -> InvoiceOrder:
    """The order a token names, for the page; ApiError when the token is refused."""
    return ctx.db.run(lambda s: _view(s, _order_of(s, token, lock=False)))


def request_invoice(ctx: Central, token: str, form: InvoiceForm) -> InvoiceOrder:
    """Record the order's one invoice request; ApiError or InvoiceInputError when refused."""
    def tx(s: Session) -> InvoiceOrder:
        order = _order_of(s, token, lock=True)  # the row lock: two tabs cannot both request
        view = _view(s, order)
        if view.requested_at is not None:
            raise ApiError(
                409,
                "invoice_already_requested",
                "an invoice was already requested for this order",
                requested_at=view.requested_at.isoformat(),
            )
        if view.refunded:
            raise ApiError(409, "invoice_order_refunded", "this order was refunded: no invoice can be issued")
        checked = check_form(form)  # after the order's state: a second request is told so, whatever its form
        read = invoicecodes.read(token)
        assert read is not None
        now = ctx.now()
        s.add(
            InvoiceRequest(
                order_id=order.id,
                key_id=read[0].key_id,
                buyer_title=checked.buyer_title,
                tax_number=checked.tax_number or None,
                email=checked.email,
                amount=view.amount,
                requested_at=now,
            )
        )
        s.flush()
        log.info("invoice requested for order %s (%d fen)", order.id, view.amount)
        return _view(s, order)

    return ctx.db.run(tx)


def invoiced_at(s: Session, order_id: str) -> datetime | None:
    """When an invoice was requested for the order (None: never)."""
    row = s.get(InvoiceRequest, order_id)
    return row.requested_at if row else None
