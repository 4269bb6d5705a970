"""Members, tiers and points on the wire (issue 22): the member feed, the online look-ups and
the points authorisations a counter takes before it sells against a member's points.

A member number is 4-20 upper-case letters and digits; a phone number is the full mainland
mobile number (11 digits, starting 1). The feed and the look-ups carry the phone masked
(``138****5678``) and never the member's name in full: a counter needs the tier and the
points, not the person (invariant 11).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, Strict, StringConstraints

from sync.protocol.catalog import Id
from sync.protocol.common import Reply, Request
from sync.protocol.feeds import _Page

MemberNumber = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{4,20}$")]
Phone = Annotated[str, StringConstraints(pattern=r"^1[0-9]{10}$")]
PHONE_RE = re.compile(r"1[0-9]{10}")
Points = Annotated[int, Strict(), Field(ge=1, le=100_000_000)]

#: What one point is worth when redeemed as a tender, in fen.
POINT_VALUE_FEN = 1


def mask_phone(phone: str) -> str:
    """``13812345678`` -> ``138****5678``."""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 8 else "****"


def mask_name(name: str) -> str:
    """The first character and a star: ``张三`` -> ``张*``."""
    return f"{name[:1]}*" if name else ""


def points_earned(*, paid_fen: int, points_per_yuan: int) -> int:
    """Points for ``paid_fen`` paid (points redeemed not counted): whole yuan times the rule."""
    return max(0, paid_fen) // 100 * max(0, points_per_yuan)


class MemberItem(Reply):
    """One member in the member feed, as of ``seq``."""

    seq: int
    number: MemberNumber
    tier: Id
    phone_masked: str
    points: int  # the balance available to spend as of the feed (held points excluded)
    active: bool = True


class MembersPage(_Page):
    feed: Literal["members"] = "members"
    items: list[MemberItem]


class MemberReply(Reply):
    """A member looked up online: by number, or by full phone number."""

    number: MemberNumber
    name_masked: str
    tier: Id
    phone_masked: str
    points: int  # balance
    available: int  # balance less the points held by open authorisations
    active: bool = True


class PointsAuthRequest(Request):
    """Body of ``PUT /v1/points-authorisations/{id}``: hold ``points`` of the member's balance
    for the order ``order_id`` this terminal is about to sell. Same id and body: same answer."""

    member_number: MemberNumber
    points: Points
    order_id: UUID
    ttl_seconds: int = Field(default=300, ge=30, le=1800)


class PointsAuthReply(Reply):
    id: UUID
    member_number: MemberNumber
    points: int
    order_id: UUID
    status: Literal["active", "consumed", "released", "expired"]
    expires_at: datetime
    available: int  # the member's points still free after this authorisation


class MemberLookup(Request):
    """Body of ``POST /v1/members/lookup``: one of a member number or a full phone number (in
    the body, not the address, so that no access log keeps the phone)."""

    number: MemberNumber | None = None
    phone: Phone | None = None
