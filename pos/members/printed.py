"""What a receipt says about the sale's member (issue 22): number, tier, points redeemed, and
the points earned (central's figure, once the upload was answered) or expected."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from pos.store import sql


@dataclass(frozen=True, slots=True)
class MemberPrint:
    number: str  # shown masked on paper: the last four characters
    tier: str  # the tier's name in the receipt's language
    points_redeemed: int
    points_expected: int
    points_earned: int | None  # None: central has not answered yet (the receipt says expected)

    @property
    def masked_number(self) -> str:
        return f"***{self.number[-4:]}" if len(self.number) > 4 else self.number


def member_print(session: Session, order: Any, language: str) -> MemberPrint | None:
    number = getattr(order, "member_number", None)
    if not number:
        return None
    tier_code = getattr(order, "member_tier", None) or ""
    tier = sql.row(session, "SELECT name_zh, name_en FROM member_tier WHERE code = ?", tier_code)
    name = (tier.name_zh if language == "zh" else tier.name_en) if tier else tier_code
    redeemed = sql.row(session, "SELECT coalesce(sum(amount), 0) AS fen FROM payment WHERE order_id = ? "
                       "AND kind = 'points'", order.id)
    from pos.members.points import POINT_VALUE_FEN

    return MemberPrint(
        number=str(number), tier=str(name), points_redeemed=int(redeemed.fen) // POINT_VALUE_FEN if redeemed else 0,
        points_expected=int(getattr(order, "points_expected", 0) or 0),
        points_earned=getattr(order, "points_earned", None),
    )
