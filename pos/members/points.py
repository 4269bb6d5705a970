"""Points at the counter (issue 22): what a sale records for its member, and points as a
tender.

Points are redeemed only online: :func:`pos.sales.selling.sell_cart` asks central for an
authorisation (a hold on the member's balance, like a seat hold) once the cart is held, sells
with a ``points`` tender whose reference is the authorisation's id, and releases it when the
sale fails. The order's upload consumes it. Offline, a points tender is refused with the
reason (``points_offline``). One point pays ``POINT_VALUE_FEN`` fen.
"""

from __future__ import annotations

import uuid
from typing import Any, Protocol

from sqlalchemy.orm import Session

from pos.cash.tenders import Settlement, TenderKind
from pos.errors import PaymentError
from pos.members.service import member_tier, points_expected
from pos.money import Money

POINT_VALUE_FEN = 1


class PointsGateway(Protocol):
    """Central's points authorisations, as the core needs them (``sync.members``)."""

    def authorise_points(self, *, auth_id: str, member_number: str, points: int, order_id: str) -> None:
        """Hold the points at central; PaymentError (``points_insufficient``, ``unknown_member``)
        when central refuses, HoldUnavailable when it did not answer."""

    def release_points(self, auth_id: str) -> None:
        """The sale failed: give the points back (best effort; they expire by themselves)."""


class PointsRedemption:
    """The ``points`` tender's provider: accepts only the authorisations this sale obtained."""

    name = "member-points"
    kind: TenderKind = "points"

    def __init__(self, authorised: dict[str, int]) -> None:
        self.authorised = dict(authorised)  # authorisation id -> fen

    def authorise(self, *, amount: Money, reference: str) -> str:
        ref = reference.strip()
        if self.authorised.get(ref) != amount.amount:
            raise PaymentError("points are redeemed only with central's authorisation for this sale",
                               reason="points_unauthorised")
        return ref


def points_for(amount_fen: int) -> int:
    if amount_fen % POINT_VALUE_FEN:
        raise PaymentError(f"points pay in steps of {POINT_VALUE_FEN} fen", reason="points_step")
    return amount_fen // POINT_VALUE_FEN


def new_auth_id() -> str:
    return str(uuid.uuid4())


def member_columns(
    session: Session, event_id: str, member_number: str | None, total: int, settlement: Settlement
) -> dict[str, Any]:
    """The sale's member columns: the tier it priced with, and the points it should earn on
    what was paid other than in points (central computes the same rule on upload)."""
    if member_number is None:
        return {"member_tier": None, "points_expected": 0}
    redeemed = sum(t.amount.amount for t in settlement.tenders if t.kind == "points")
    return {
        "member_tier": member_tier(session, member_number),
        "points_expected": points_expected(session, event_id=event_id, paid_fen=total - redeemed),
    }
