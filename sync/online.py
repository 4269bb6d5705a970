"""Selling online: seats held at central, all-or-nothing, before payment is taken.

The hold counts down (central's clock, corrected for skew); it is released when the clerk
cancels, and consumed by the order, which is uploaded at once after the sale commits.
A hold about to expire is caught by :meth:`OnlineHoldPolicy.check_order`, which runs
before any payment is taken.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from pos.errors import NotSellable
from pos.sales.sellability import seats_already_sold
from pos.store import sql
from sync.protocol.holds import HoldExtend, HoldReply, HoldRequest
from sync.transport import CentralClient, CentralRejected

# Payment must finish with this much of the hold left; a card terminal can take a while.
SAFETY_MARGIN = timedelta(seconds=5)


@dataclass(frozen=True, slots=True)
class Hold:
    hold_id: str
    performance_id: str
    seat_ids: tuple[str, ...]
    area_id: str | None
    quantity: int
    expires_at: datetime  # on this terminal's clock

    def seconds_left(self, now: datetime | None = None) -> int:
        return max(0, int((self.expires_at - (now or datetime.now(UTC))).total_seconds()))


def _local(reply: HoldReply, client: CentralClient) -> Hold:
    # Central's expiry on our clock: subtract the measured skew.
    skew = timedelta(seconds=client.skew_seconds or 0.0)
    return Hold(
        hold_id=str(reply.hold_id),
        performance_id=reply.performance_id,
        seat_ids=tuple(reply.seat_ids),
        area_id=reply.area_id,
        quantity=reply.quantity,
        expires_at=reply.expires_at - skew,
    )


def hold(
    client: CentralClient,
    *,
    performance_id: str,
    seat_ids: Sequence[str] = (),
    area_id: str | None = None,
    quantity: int = 0,
    ttl_seconds: int = 300,
    hold_id: str | None = None,
) -> Hold:
    """Ask central for these seats (or this many standing places): all of them or none."""
    request = HoldRequest(
        performance_id=performance_id,
        seat_ids=list(seat_ids),
        area_id=area_id,
        quantity=quantity,
        ttl_seconds=ttl_seconds,
    )
    try:
        return _local(client.put(f"/holds/{hold_id or uuid.uuid4()}", request, HoldReply), client)
    except CentralRejected as exc:
        raise _refusal(exc) from exc


def extend(client: CentralClient, held: Hold, *, ttl_seconds: int = 300) -> Hold:
    try:
        return _local(
            client.post(f"/holds/{held.hold_id}/extend", HoldExtend(ttl_seconds=ttl_seconds), HoldReply),
            client,
        )
    except CentralRejected as exc:
        raise _refusal(exc) from exc


# Central's hold refusals, as the core's reasons: the counter shows them like any other
# seat that cannot be sold, and marks the seats that were taken.
_REFUSALS = {
    "seat_taken": "sold",
    "leased_elsewhere": "leased_elsewhere",  # another terminal of the outlet may sell it offline
    "sold_out": "quota_exhausted",
    "not_allocated": "other",
    "hold_expired": "hold_expired",
    "hold_not_active": "hold_expired",
    "sales_closed": "closed",
    "performance_cancelled": "cancelled",
}


def _refusal(exc: CentralRejected) -> NotSellable | CentralRejected:
    reason = _REFUSALS.get(exc.reason)
    if reason is None:
        return exc
    named = exc.details.get("seat_ids", [])
    seats = [s for s in named if isinstance(s, str)] if isinstance(named, list | tuple) else []
    message = f"central refused the hold ({exc.reason})" + (f": {', '.join(seats[:5])}" if seats else "")
    return NotSellable(message, reason=reason, seats=tuple(seats))


def release(client: CentralClient, held: Hold) -> None:
    client.delete(f"/holds/{held.hold_id}", HoldReply)


class OnlineHoldPolicy:
    """Sell exactly what the hold covers, and only while it lasts."""

    mode = "online"

    def __init__(self, held: Hold) -> None:
        self.held = held

    @property
    def hold_id(self) -> str:
        return self.held.hold_id

    def check_seats(
        self, session: Session, *, performance_id: str, seat_ids: Sequence[str], outlet_id: str
    ) -> None:
        if performance_id != self.held.performance_id:
            raise NotSellable("the hold is for another performance", reason="no_hold")
        outside = [s for s in seat_ids if s not in self.held.seat_ids]
        if outside:
            raise NotSellable(
                f"seat {outside[0]} is not in the hold: hold it first", seat=outside[0], reason="no_hold"
            )
        sold = seats_already_sold(session, performance_id=performance_id, seat_ids=seat_ids)
        if sold:
            raise NotSellable(f"seat {sorted(sold)[0]} is already sold", reason="sold")

    def check_standing(
        self, session: Session, *, performance_id: str, area_id: str, quantity: int, outlet_id: str
    ) -> None:
        if performance_id != self.held.performance_id or area_id != self.held.area_id:
            raise NotSellable(f"no hold covers standing area {area_id}", reason="no_hold")
        if quantity > self.held.quantity:
            raise NotSellable(
                f"the hold covers {self.held.quantity} place(s), not {quantity}", reason="no_hold"
            )

    def check_order(self, session: Session, *, total: int, now: datetime) -> None:
        if sql.row(session, "SELECT 1 FROM sale_order WHERE hold_id = ?", self.held.hold_id):
            raise NotSellable(
                "this hold was used by a sale already: hold the seats again", reason="hold_used"
            )
        if now + SAFETY_MARGIN >= self.held.expires_at:
            raise NotSellable(
                "the seats' hold has expired: nothing was charged; hold the seats again",
                reason="hold_expired",
            )
