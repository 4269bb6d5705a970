"""Customer service (issue 22): a customer's recent orders from every channel, found by
phone (or member number) at central, and the notes a counter records against a customer.

A look-up answers only what a counter needs to help the customer: masked names and phone,
no pickup codes, no ticket codes (a phone number is easy to say; the orders it finds may be
another outlet's). Every look-up is logged and throttled at central."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import StringConstraints, model_validator

from sync.protocol.common import AwareDatetime, Id, PlainText, Reply, Request, ShortText

# A mainland mobile number, digits only (the terminal strips spaces, dashes and +86).
Phone = Annotated[str, StringConstraints(pattern=r"^1[3-9][0-9]{9}$")]
MemberNumber = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]{3,20}$")]
NoteText = Annotated[str, StringConstraints(min_length=1, max_length=500), PlainText]


class CustomerLookup(Request):
    """Body of ``POST /v1/customers/lookup``: one of ``phone`` (the full number) or
    ``member_number``. A POST, so that the number stays out of URLs and access logs."""

    phone: Phone | None = None
    member_number: MemberNumber | None = None

    @model_validator(mode="after")
    def _one(self) -> CustomerLookup:
        if (self.phone is None) == (self.member_number is None):
            raise ValueError("give either phone or member_number")
        return self


class CustomerOrder(Reply):
    order_id: UUID
    channel: Literal["online", "outlet"]
    number: str  # online: W + 9 digits; outlet: the terminal's order number (T01-000012)
    performance_id: Id
    sold_at: datetime
    total: int
    tickets: int
    refunded_tickets: int
    outlet_id: str | None = None  # outlet orders: where sold; online: the pickup outlet, if any
    terminal_id: str | None = None
    buyer_name: str = ""  # masked: 张*
    collected: bool = False  # online orders: handed out already
    invoiced: bool = False  # an invoice (电子发票) was requested for it


class CustomerNoteSeen(Reply):
    note_id: UUID
    kind: Literal["complaint", "request"]
    text: str
    noted_at: datetime
    outlet_id: str
    staff_id: str


class CustomerLookupReply(Reply):
    phone_masked: str  # 138****8000
    orders: list[CustomerOrder]  # newest first, at most ``LOOKUP_ORDERS``
    notes: list[CustomerNoteSeen]  # newest first


class CustomerNoteUpload(Request):
    """Body of ``PUT /v1/customer-notes/{note_id}``: queued like any outbound record."""

    phone: Phone
    kind: Literal["complaint", "request"]
    text: NoteText
    noted_at: AwareDatetime
    staff_id: ShortText
    order_id: UUID | None = None  # the order it is about, if any


class CustomerNoteReply(Reply):
    note_id: UUID
    accepted_at: datetime


LOOKUP_ORDERS = 50
