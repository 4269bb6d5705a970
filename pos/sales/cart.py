"""What a cart holds and what a sale returns: plain frozen data."""

from __future__ import annotations

from dataclasses import dataclass

from pos.cash.tenders import (
    Settlement,
)
from pos.errors import InvalidInput
from pos.money import Money
from pos.sales.pricing import PriceBreakdown
from pos.tickets.realname import Holder, make_holder


@dataclass(frozen=True, slots=True)
class CartItem:
    """One ticket wanted: a seat, or one place in a standing area."""

    concession: str
    seat_id: str | None = None
    area_id: str | None = None
    holder: Holder | None = None
    override_price: int | None = None  # fen; needs the price-override permission

    def __post_init__(self) -> None:
        if (self.seat_id is None) == (self.area_id is None):
            raise InvalidInput("a ticket is for either a seat or a standing area")

    @property
    def item_id(self) -> str:
        return self.seat_id or self.area_id or ""


def standing(area_id: str, quantity: int, concession: str) -> tuple[CartItem, ...]:
    if quantity < 1:
        raise InvalidInput("a standing quantity is at least 1")
    return tuple(CartItem(concession=concession, area_id=area_id) for _ in range(quantity))


@dataclass(frozen=True, slots=True)
class Quote:
    performance_id: str
    items: tuple[CartItem, ...]
    breakdown: PriceBreakdown


@dataclass(frozen=True, slots=True)
class IssuedTicket:
    ticket_id: str
    code: str
    seat_id: str | None
    area_id: str | None
    section_id: str
    row_label: str
    seat_number: str
    gate_id: str
    concession: str
    price: Money
    holder_masked: str


@dataclass(frozen=True, slots=True)
class SaleResult:
    order_id: str
    order_number: str
    performance_id: str
    total: Money
    change: Money
    tickets: tuple[IssuedTicket, ...]
    settlement: Settlement
    breakdown: PriceBreakdown
    journal_seq: int
    mode: str


def holder_from_text(text: str) -> Holder:
    """CLI form ``NAME:ID_NUMBER`` or ``NAME:ID_TYPE:ID_NUMBER``."""
    parts = text.split(":")
    if len(parts) == 2:
        return make_holder(parts[0], parts[1])
    if len(parts) == 3:
        return make_holder(parts[0], parts[2], parts[1])
    raise InvalidInput("holder is NAME:ID_NUMBER or NAME:ID_TYPE:ID_NUMBER")
