"""Online (web) orders sold by the platform itself, and their pickup at an outlet (取票)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import Field, StrictInt, StringConstraints, model_validator

from sync.protocol.common import AwareDatetime, Id, Reply, Request, ShortText
from sync.protocol.orders import IssuedTicket

PickupCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{8}$")]


class OnlineOrderRequest(Request):
    """Body of ``PUT /v1/online-orders/{order_id}`` (platform token only)."""

    performance_id: Id
    seat_ids: list[Id] = Field(default_factory=list, max_length=20)
    area_id: Id | None = None
    quantity: StrictInt = Field(default=0, ge=0, le=20)
    concession: Id
    buyer_name: ShortText
    buyer_phone: str = Field(pattern=r"^\+?[0-9][0-9 -]{4,19}$")
    pickup_outlet_id: Id | None = None  # the outlet the buyer chose for collection, if any

    @model_validator(mode="after")
    def _one_kind(self) -> OnlineOrderRequest:
        if self.seat_ids and (self.area_id or self.quantity):
            raise ValueError("order either seats or a standing quantity, not both")
        if not self.seat_ids and not (self.area_id and self.quantity > 0):
            raise ValueError("order needs seat_ids, or area_id and a quantity of at least 1")
        if len(set(self.seat_ids)) != len(self.seat_ids):
            raise ValueError("seat_ids repeat a seat")
        return self


class Collection(Reply):
    pickup_id: UUID
    collected_at: datetime
    outlet_id: Id
    terminal_id: Id


class OnlineOrderReply(Reply):
    order_id: UUID
    pickup_code: str
    performance_id: Id
    buyer_name: str
    total: int
    created_at: datetime
    tickets: list[IssuedTicket]
    collected: Collection | None = None
    order_number: str | None = None  # W + 9 digits, what the buyer's confirmation shows
    buyer_phone_last4: str | None = None
    pickup_outlet_id: str | None = None
    # A pickup look-up answers without the tickets' codes (each ``code`` is empty): they come
    # with the committed pickup (``PUT /v1/pickups/{id}``) or in the outlet's pickup feed.
    codes_withheld: bool = False


class PickupRequest(Request):
    """Body of ``PUT /v1/pickups/{pickup_id}``: collect an online order by its pickup code."""

    pickup_code: PickupCode
    # Set when the terminal handed the order out while offline (from its pickup feed).
    collected_at: AwareDatetime | None = None


class PickupReply(Reply):
    pickup_id: UUID
    collected_at: datetime
    outlet_id: Id
    terminal_id: Id
    order: OnlineOrderReply
