"""Voids, and the pickup look-up and feed (取票) an outlet uses for online orders."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import Field, StringConstraints

from sync.protocol.common import AwareDatetime, Fen, Id, Reply, Request, ShortText, Text
from sync.protocol.online import OnlineOrderReply

OnlineOrderNumber = Annotated[str, StringConstraints(pattern=r"^W[0-9]{9}$")]
PhoneLast4 = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$")]


class VoidUpload(Request):
    """Body of ``PUT /v1/voids/{void_id}``: a sale undone minutes after it was made, with a
    supervisor. Every ticket of the order is revoked and everything paid goes back, booking
    fees included. ``amount`` is the tickets' prices, as for a refund."""

    order_id: UUID
    ticket_ids: list[Id] = Field(min_length=1, max_length=100)
    amount: Fen
    voided_at: AwareDatetime
    approved_by: ShortText | None = None
    reason: Text = ""


class VoidReply(Reply):
    void_id: UUID
    order_id: UUID
    ticket_ids: list[Id]
    amount: int
    total: int  # everything the order had paid, fees included
    accepted_at: datetime


class PickupFeed(Reply):
    """``GET /v1/pickups/feed``: the online orders to be collected at the caller's outlet, so
    that the outlet can hand them out while central is unreachable."""

    orders: list[OnlineOrderReply]
    server_time: datetime


__all__ = ["OnlineOrderNumber", "PhoneLast4", "PickupFeed", "VoidReply", "VoidUpload"]
