"""Outlet orders, refunds and exchanges: idempotent ``PUT``s keyed by the terminal's UUID.

The terminal sends every ticket it issued (id, seat or standing area, concession, price,
signed code, key id) so that central knows every valid code. Prices are checked by central:
the expected price of a ticket is the most specific channel rule's price for this outlet
(falling back to the zone's price), optionally lowered by a catalog promotion that the ticket
names; anything else is ``price_mismatch``. A terminal can never make central accept a price
the catalog does not give it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, Strict, StringConstraints, model_validator

from sync.protocol.common import (
    AwareDatetime,
    Currency,
    ErrorReply,
    Fen,
    Id,
    KeyId,
    Reply,
    Request,
    ShortText,
    SignedFen,
    Text,
    TicketCode,
)
from sync.protocol.customers import Phone

# A holder's "type|number" sealed to central's key (issue 18): base64 of version, ephemeral
# X25519 key, ChaCha20-Poly1305 ciphertext. Only central opens it; the terminal keeps no copy
# once central has acknowledged the upload.
SealedHolder = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/]{60,200}={0,2}$")]

# ``points``: a member's points redeemed (issue 22); its reference is the id of the points
# authorisation central granted to this terminal for this order.
PaymentMethod = Literal["cash", "card", "mobile", "voucher", "exchange", "points"]


class TicketLine(Request):
    ticket_id: Id
    performance_id: Id
    seat_id: Id | None = None  # seated ticket, or
    area_id: Id | None = None  # standing ticket
    concession: Id
    price: Fen  # after any promotion
    promotion_id: Id | None = None
    code: TicketCode  # the signed code printed on the ticket
    key_id: KeyId  # must be the terminal's own key
    holder_name: ShortText | None = None  # 实名制
    holder_id_no: ShortText | None = None  # no longer sent: ``holder_sealed`` instead
    holder_sealed: SealedHolder | None = None

    @model_validator(mode="after")
    def _item(self) -> TicketLine:
        if (self.seat_id is None) == (self.area_id is None):
            raise ValueError(f"ticket {self.ticket_id} needs exactly one of seat_id and area_id")
        return self


# The wallets whose gateways a scanned payment code (付款码) is charged at (issue 19).
WalletName = Literal["wechat", "alipay"]
WALLET_NAMES: tuple[WalletName, ...] = ("wechat", "alipay")
# The gateway's trade number (WeChat's transaction_id is 32 digits, Alipay's trade_no up to 64).
TransactionId = Annotated[str, Strict(), StringConstraints(pattern=r"^[A-Za-z0-9]{6,64}$")]
# The merchant's trade number: the order's UUID without dashes, cut to 28 hex, and a 4-digit
# attempt (WeChat allows 32 characters). Central checks that it is the order's own.
OutTradeNo = Annotated[str, Strict(), StringConstraints(pattern=r"^[0-9a-f]{28}[0-9]{4}$")]


class Payment(Request):
    """One tender of the order. A mobile payment charged at a wallet's gateway (issue 19) also
    names the wallet, the gateway's transaction id (its ``reference``, if one is sent) and the
    merchant's trade number, so that central reconciles money per wallet; an older terminal
    sends none of them, and a keyed mobile payment has no wallet."""

    method: PaymentMethod
    amount: Fen
    reference: Text | None = None
    wallet: WalletName | None = None
    transaction_id: TransactionId | None = None
    out_trade_no: OutTradeNo | None = None

    @model_validator(mode="after")
    def _wallet(self) -> Payment:
        named = self.wallet is not None or self.transaction_id is not None or self.out_trade_no is not None
        if not named:
            return self
        if self.method != "mobile":
            raise ValueError(
                f"only a mobile payment names a wallet, a transaction id or an out_trade_no, not a {self.method} one"
            )
        if self.wallet is None:
            raise ValueError("a transaction id or an out_trade_no needs the wallet that took the payment")
        if self.transaction_id is None:
            raise ValueError("a wallet payment needs the gateway's transaction id")
        if self.reference is not None and self.reference != self.transaction_id:
            raise ValueError("a wallet payment's reference is its transaction id")
        return self


class OrderUpload(Request):
    """Body of ``PUT /v1/orders/{order_id}``.

    ``hold_ids`` names the holds this sale consumes (online sale); an offline sale has none
    and may cover only seats and standing quota allocated to the outlet. ``fees`` are the
    event's booking fees (per ticket plus per order, per event); ``total`` = prices + fees;
    payments add up to ``total``.
    """

    sold_at: AwareDatetime
    currency: Currency = "CNY"
    hold_ids: list[UUID] = Field(default_factory=list, max_length=10)
    coupon_code: str | None = Field(default=None, pattern=r"^[A-Z0-9-]{4,32}$")
    tickets: list[TicketLine] = Field(min_length=1, max_length=100)
    fees: Fen = 0
    total: Fen
    payments: list[Payment] = Field(min_length=1, max_length=10)
    note: Text | None = None
    # The supervisor whose approval the terminal journaled for this sale: a price override
    # (the tickets named in ``price_overrides``) or an offline sale beyond the outlet's caps.
    # Central accepts those only with it, and reports them.
    approved_by: ShortText | None = None
    price_overrides: list[Id] = Field(default_factory=list, max_length=100)
    # The customer's mobile number, when the clerk entered one at the sale (issue 22): it
    # lets customer service find the order by phone. Central keeps only a digest of it.
    customer_phone: Phone | None = None
    # The terminal's own order number, printed on the receipt (T01-000012): what the customer
    # and the invoice page know the order by.
    order_number: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.:-]{1,40}$")
    # The member the sale was for (issue 22): central checks the member, the tier prices, and
    # any points paid, and credits the points the sale earns.
    member_number: str | None = Field(default=None, pattern=r"^[A-Z0-9]{4,20}$")


class IssuedTicket(Reply):
    ticket_id: Id
    performance_id: Id
    seat_id: Id | None = None
    area_id: Id | None = None
    concession: Id
    price: int
    code: str
    key_id: str
    status: Literal["valid", "revoked"] = "valid"


class OrderReply(Reply):
    order_id: UUID
    outlet_id: Id
    terminal_id: Id
    status: Literal["accepted"] = "accepted"
    offline: bool
    sold_at: datetime
    accepted_at: datetime
    total: int
    fees: int
    commission: int
    tickets: list[IssuedTicket]
    order_number: str | None = None  # the terminal's, as uploaded
    points_earned: int = 0  # credited to ``member_number`` by central (issue 22)


# A batch is capped by count here and by bytes by central's body limit (1 MiB): the relay
# packs orders up to BATCH_MAX_BYTES of JSON and sends a lone order that is larger alone.
BATCH_MAX_ORDERS = 200
BATCH_MAX_BYTES = 512 * 1024


class OrderBatchItem(Request):
    order_id: UUID  # the terminal's UUID: the same idempotency key as ``PUT /v1/orders/{id}``
    order: OrderUpload


class OrderBatchUpload(Request):
    """Body of ``POST /v1/order-batches``: orders in the terminal's order, each accepted or
    refused on its own exactly as by ``PUT /v1/orders/{order_id}`` (a replay answers the
    stored reply, a changed payload is a 409, a refusal does not fail the others)."""

    orders: list[OrderBatchItem] = Field(min_length=1, max_length=BATCH_MAX_ORDERS)

    @model_validator(mode="after")
    def _unique(self) -> OrderBatchUpload:
        ids = [item.order_id for item in self.orders]
        if len(set(ids)) != len(ids):
            raise ValueError("the batch repeats an order id")
        return self


class OrderBatchResult(Reply):
    """One order's outcome: ``status`` is what ``PUT /v1/orders/{order_id}`` would have
    answered (201 accepted now, 200 a replay, 4xx refused with ``error``)."""

    order_id: UUID
    status: int
    order: OrderReply | None = None
    error: ErrorReply | None = None


class OrderBatchReply(Reply):
    results: list[OrderBatchResult]  # one per order, in the order sent


class RefundUpload(Request):
    """Body of ``PUT /v1/refunds/{refund_id}``: refunds tickets of one of this outlet's orders.
    ``amount`` is the sum of the tickets' prices (booking fees are not refunded)."""

    order_id: UUID
    ticket_ids: list[Id] = Field(min_length=1, max_length=100)
    amount: Fen
    reason: Text = ""
    refunded_at: AwareDatetime
    approved_by: ShortText | None = None


class RefundReply(Reply):
    refund_id: UUID
    order_id: UUID
    ticket_ids: list[Id]
    amount: int
    accepted_at: datetime
    # An invoice (电子发票) was requested for the order before this refund: the invoice
    # must be reversed (红字发票); the terminal's Z-report lists it.
    invoiced_at: datetime | None = None


class ExchangeUpload(Request):
    """Body of ``PUT /v1/exchanges/{exchange_id}``: old tickets are refunded and revoked and a
    new order is accepted, atomically. The new order may pay with method ``exchange`` up to
    the refunded amount."""

    order_id: UUID
    old_ticket_ids: list[Id] = Field(min_length=1, max_length=100)
    refund_amount: Fen
    new_order_id: UUID
    new_order: OrderUpload
    reason: Text = ""
    approved_by: ShortText | None = None


class ExchangeReply(Reply):
    exchange_id: UUID
    refund: RefundReply
    new_order: OrderReply
    difference: SignedFen  # new total minus refunded amount


class ReprintUpload(Request):
    """Body of ``PUT /v1/reprints/{reprint_id}``: a ticket that did print is replaced by a new
    code (supervisor-approved at the terminal). The old ticket is revoked with reason
    ``reprint``; the new one takes its seat or standing place at the same price."""

    order_id: UUID
    revoked_ticket_id: Id
    ticket: TicketLine
    reprinted_at: AwareDatetime
    approved_by: ShortText | None = None
    note: Text = ""


class ReprintReply(Reply):
    reprint_id: UUID
    order_id: UUID
    revoked_ticket_id: Id
    ticket: IssuedTicket
    accepted_at: datetime
