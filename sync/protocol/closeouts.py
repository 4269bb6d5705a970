"""Daily close-out of a terminal and the outlet's settlement with the platform."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import Field, StrictInt, model_validator

from sync.protocol.common import AwareDatetime, Id, Reply, Request


class Totals(Request):
    orders: StrictInt = Field(ge=0, le=10_000_000)
    tickets: StrictInt = Field(ge=0, le=10_000_000)
    gross: StrictInt = Field(ge=0, le=10**12)
    refunds: StrictInt = Field(ge=0, le=10**12)


class CloseoutUpload(Request):
    """Body of ``PUT /v1/closeouts/{closeout_id}``: the terminal's own totals for a period."""

    business_date: date
    period_start: AwareDatetime
    period_end: AwareDatetime
    totals: Totals

    @model_validator(mode="after")
    def _period(self) -> CloseoutUpload:
        if self.period_end <= self.period_start:
            raise ValueError("period_end must be after period_start")
        if (self.period_end - self.period_start).days > 31:
            raise ValueError("a close-out covers at most 31 days")
        return self


class PaymentTotal(Reply):
    """The money of the period's orders taken by one method; a mobile payment charged at a
    wallet's gateway by wallet (issue 19), ``wallet`` None for the rest (keyed by the clerk,
    or from a terminal that did not say)."""

    method: str
    wallet: str | None = None
    payments: int
    amount: int


class Settlement(Reply):
    """The outlet's settlement for the period, computed by central from what it accepted.
    ``net_owed`` is what the outlet owes the platform: gross - refunds - commission."""

    outlet_id: Id
    period_start: datetime
    period_end: datetime
    orders: int
    tickets: int
    gross: int
    refunds: int
    net_sales: int
    commission_bps: int
    commission: int
    net_owed: int
    credit_limit: int
    credit_used: int
    credit_available: int | None  # None: no credit limit applies
    # By method, mobile split by wallet (issue 19): to reconcile with each wallet's statement.
    # Orders central took before it kept payments (migration 0019) are not in it.
    by_payment: list[PaymentTotal] = Field(default_factory=list)


class InvoicedRefund(Reply):
    """A refund of the period of an order whose invoice was requested before it."""

    order_id: UUID
    refund_id: UUID
    amount: int
    invoiced_at: datetime
    refunded_at: datetime


class CloseoutReply(Reply):
    closeout_id: UUID
    terminal_id: Id
    business_date: date
    accepted_at: datetime
    terminal: Totals  # as reported by this terminal
    server: Totals  # as central counts this terminal's period
    discrepancies: list[str]
    settlement: Settlement
    # Refunds after an invoice request (issue 22): flagged for the accounts to reverse.
    invoiced_refunds: list[InvoicedRefund] = Field(default_factory=list)
