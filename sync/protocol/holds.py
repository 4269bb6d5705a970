"""Seat holds: all-or-nothing, with a time to live, created idempotently by client UUID."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, StrictInt, model_validator

from sync.protocol.common import Id, Reply, Request
from sync.protocol.orders import SealedHolder

HoldStatus = Literal["active", "released", "expired", "consumed"]
Ttl = Annotated[StrictInt, Field(ge=10, le=1800)]


class HoldRequest(Request):
    """Either ``seat_ids`` or ``area_id`` with ``quantity`` (a standing area)."""

    performance_id: Id
    seat_ids: list[Id] = Field(default_factory=list, max_length=100)
    area_id: Id | None = None
    quantity: StrictInt = Field(default=0, ge=0, le=100)
    ttl_seconds: Ttl = 300
    # Real-name carts: each ticket's holder sealed to central (``orders.SealedHolder``), so
    # that central refuses an ID that already holds a ticket before any seat is held.
    holders: list[SealedHolder] = Field(default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _one_kind(self) -> HoldRequest:
        if self.seat_ids and (self.area_id or self.quantity):
            raise ValueError("hold either seats or a standing quantity, not both")
        if not self.seat_ids and not (self.area_id and self.quantity > 0):
            raise ValueError("hold needs seat_ids, or area_id and a quantity of at least 1")
        if len(set(self.seat_ids)) != len(self.seat_ids):
            raise ValueError("seat_ids repeat a seat")
        return self


class HolderCheck(Request):
    """Body of ``POST /v1/holds/{hold_id}/holders``: the holders of a cart whose seats were
    held before they were typed in (the app's seat map); refused ``holder_has_ticket`` (409)
    as a hold request would be."""

    holders: list[SealedHolder] = Field(min_length=1, max_length=100)


class HoldExtend(Request):
    ttl_seconds: Ttl = 300


class HoldReply(Reply):
    hold_id: UUID
    performance_id: Id
    seat_ids: list[Id]
    area_id: Id | None = None
    quantity: int = 0
    status: HoldStatus
    expires_at: datetime
    server_time: datetime
