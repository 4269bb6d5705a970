"""Selling online: what a hold at central is, the port the core asks for one through, and
the policy that sells exactly what a hold covers.

The core knows no HTTP: :class:`HoldGateway` is implemented by ``sync.online`` (and by
fakes in tests). Central grants a hold all or nothing; an order consumes exactly one hold,
so an online cart holds either seats or one standing area (:func:`spec_for`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy.orm import Session

from pos.errors import NotSellable
from pos.sales.cart import CartItem
from pos.sales.sellability import seats_already_sold
from pos.store import sql

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


@dataclass(frozen=True, slots=True)
class HoldSpec:
    """What one online cart must hold: sorted seats, or a quantity in one standing area."""

    performance_id: str
    seat_ids: tuple[str, ...]  # sorted
    area_id: str | None
    quantity: int
    # Real-name carts: each holder sealed to central, so that central refuses an ID that
    # already holds a ticket for the performance before it holds any seat (issue 18).
    holders: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.seat_ids and not self.quantity


def spec_for(performance_id: str, items: Sequence[CartItem]) -> HoldSpec:
    seats = tuple(sorted(i.seat_id for i in items if i.seat_id))
    areas = {i.area_id for i in items if i.area_id}
    if (seats and areas) or len(areas) > 1:
        raise NotSellable("online, one sale holds either seats or one standing area", reason="online_cart")
    area = next(iter(areas), None)
    return HoldSpec(performance_id, seats, area, sum(1 for i in items if i.area_id) if area else 0)


def covers(held: Hold | None, spec: HoldSpec) -> bool:
    return (
        held is not None
        and held.performance_id == spec.performance_id
        and tuple(sorted(held.seat_ids)) == spec.seat_ids
        and held.area_id == spec.area_id
        and held.quantity == spec.quantity
    )


class HoldGateway(Protocol):
    """Central's holds, as the core needs them. Implementations raise :class:`~pos.errors.
    NotSellable` (``SeatTaken`` for a seat sold or held elsewhere) when central refuses, and
    :class:`~pos.errors.HoldUnavailable` when central did not answer (the hold may or may
    not exist there: ``hold_id`` is the caller's, so it can be released later)."""

    def hold(self, *, hold_id: str, spec: HoldSpec, ttl_seconds: int) -> Hold: ...

    def release(self, held: Hold) -> None: ...

    def order_committed(self, order_id: str) -> None:
        """The sale under a hold is committed: send it now (best effort; it stays queued)."""


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
