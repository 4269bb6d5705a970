"""Central's tables of customer service and invoice requests (issue 22).

- ``order_phones``: which orders a customer's phone finds. Only a digest of the number is
  kept (``central.services.customers.phone_key``): a look-up needs the number said at the
  counter, never a list of numbers.
- ``customer_lookups``: every look-up, who and when, against abuse (and for its throttle).
- ``customer_notes``: complaints and requests recorded at a counter, by phone digest.
- ``invoice_requests``: the one invoice (电子发票) request of an order, made from the QR on
  its receipt.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from central.model_base import ID, UUID_LEN, Base


class OrderPhone(Base):
    __tablename__ = "order_phones"
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), primary_key=True)
    phone_key: Mapped[str] = mapped_column(String(64))
    sold_at: Mapped[datetime]
    __table_args__ = (Index("ix_order_phones_key_sold", "phone_key", "sold_at"),)


class CustomerLookupLog(Base):
    __tablename__ = "customer_lookups"
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    at: Mapped[datetime]
    terminal_id: Mapped[str] = mapped_column(String(ID))
    outlet_id: Mapped[str] = mapped_column(String(ID))
    by: Mapped[str] = mapped_column(String(8))  # phone | member
    phone_key: Mapped[str | None] = mapped_column(String(64))  # None: a member number that resolved to none
    found: Mapped[int] = mapped_column(Integer)  # orders answered (0: a miss)
    refused: Mapped[str | None] = mapped_column(String(32))  # the throttle's reason, if refused
    __table_args__ = (Index("ix_customer_lookups_terminal_at", "terminal_id", "at"),)


class CustomerNote(Base):
    __tablename__ = "customer_notes"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    phone_key: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # complaint | request
    text: Mapped[str] = mapped_column(String(500))
    order_id: Mapped[str | None] = mapped_column(String(UUID_LEN))
    outlet_id: Mapped[str] = mapped_column(String(ID))
    terminal_id: Mapped[str] = mapped_column(String(ID))
    staff_id: Mapped[str] = mapped_column(String(80))
    noted_at: Mapped[datetime]
    accepted_at: Mapped[datetime]
    digest: Mapped[str] = mapped_column(String(64))


class InvoiceRequest(Base):
    __tablename__ = "invoice_requests"
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(8))  # the terminal key that signed the receipt's token
    buyer_title: Mapped[str] = mapped_column(String(100))
    tax_number: Mapped[str | None] = mapped_column(String(18))  # None: an individual (个人)
    email: Mapped[str] = mapped_column(String(254))
    amount: Mapped[int] = mapped_column(BigInteger)  # fen, what the invoice is for
    requested_at: Mapped[datetime]
