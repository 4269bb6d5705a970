"""Members at the counter (issue 22): who the member is (from the member feed, a look-up
central answered, or a scanned member code), their tier for the cart's prices, and the points
a sale is expected to earn.

The store keeps only what the member feed carries (number, tier, masked phone, points free
as of the feed). Selling with a member number the store does not know is refused
(``unknown_member``): the caller looks the number up online first (``sync.members``), which
keeps the answer here. The points themselves are central's: earned on upload, redeemed
only online under an authorisation (``pos.members.points``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from pos.errors import InvalidInput, NotFound, PricingError
from pos.members.code import MemberCodeError, is_member_code, verify
from pos.store import sql
from pos.store.db import Store

log = logging.getLogger(__name__)
NUMBER = re.compile(r"[A-Z0-9]{4,20}")
PHONE = re.compile(r"1[0-9]{10}")


@dataclass(frozen=True, slots=True)
class MemberInfo:
    number: str
    tier: str
    tier_name_zh: str
    tier_name_en: str
    phone_masked: str
    points: int  # free to spend, as of ``as_of`` (the feed's or the look-up's)
    active: bool = True
    source: str = "feed"  # feed | online | code


def normalise_number(text: str) -> str:
    number = text.strip().upper()
    if not NUMBER.fullmatch(number):
        raise InvalidInput(f"a member number is 4-20 letters and digits, got {text!r}", reason="member_number")
    return number


def _info(session: Session, row: Any, source: str) -> MemberInfo:
    tier = sql.row(session, "SELECT name_zh, name_en FROM member_tier WHERE code = ?", row.tier)
    return MemberInfo(
        number=row.number, tier=row.tier, tier_name_zh=tier.name_zh if tier else row.tier,
        tier_name_en=tier.name_en if tier else row.tier, phone_masked=row.phone_masked,
        points=int(row.points), active=bool(row.active), source=source,
    )


def local_member(store: Store, number: str) -> MemberInfo | None:
    """The member as this terminal knows them (the feed, or an earlier look-up), or None."""
    number = normalise_number(number)
    with store.read() as session:
        row = sql.row(session, "SELECT * FROM member WHERE number = ?", number)
        return _info(session, row, "feed") if row is not None else None


def find_local(store: Store, number: str) -> MemberInfo:
    found = local_member(store, number)
    if found is None or not found.active:
        raise NotFound(f"no member {number.strip().upper()} is known here", reason="unknown_member")
    return found


def keep_members(session: Session, items: Iterable[Any], *, now: datetime | None = None) -> int:
    """Apply member-feed items (or a look-up's answer, with ``seq`` 0): newest wins."""
    now = now or datetime.now(UTC)
    n = 0
    for m in items:
        sql.run(
            session,
            "INSERT INTO member (number, tier, phone_masked, points, active, seq, updated_at) "
            "VALUES (?,?,?,?,?,?,?) ON CONFLICT(number) DO UPDATE SET tier = excluded.tier, "
            "phone_masked = excluded.phone_masked, points = excluded.points, active = excluded.active, "
            "seq = max(member.seq, excluded.seq), updated_at = excluded.updated_at",
            (m.number, m.tier, m.phone_masked, int(m.points), int(m.active), int(getattr(m, "seq", 0)),
             sql.time_in(now)),
        )
        n += 1
    return n


def keep_member(store: Store, member: Any) -> MemberInfo:
    with store.write() as session:
        keep_members(session, [member])
    found = local_member(store, member.number)
    assert found is not None
    return found


def number_from_code(store: Store, code: str) -> str:
    """The member number a scanned member code carries, after checking central's signature
    with the keys this terminal has (offline too). Refused with the reason: ``forged``,
    ``unknown_key``, ``unreadable``, ``wrong_version``."""
    with store.read() as session:
        rows = sql.rows(session, "SELECT key_id, public_key, valid_until FROM known_key WHERE owner = 'central'")
    now = datetime.now(UTC)
    keys = {r.key_id: bytes(r.public_key) for r in rows if _still_valid(r.valid_until, now)}
    try:
        claims = verify(code, keys)
    except MemberCodeError as exc:
        log.warning("member code refused: %s", exc.reason)
        raise InvalidInput(f"member code refused: {exc}", reason=f"member_code_{exc.reason}") from None
    return claims.member_number


def _still_valid(valid_until: Any, now: datetime) -> bool:
    until = sql.time_out(valid_until) if valid_until is not None else None
    return until is None or until > now


def looks_like_code(text: str) -> bool:
    return is_member_code(text)


def member_tier(session: Session, member_number: str | None) -> str | None:
    """The tier the cart prices with: the member must be known here and active."""
    if member_number is None:
        return None
    row = sql.row(session, "SELECT tier, active FROM member WHERE number = ?", member_number.strip().upper())
    if row is None or not row.active:
        raise PricingError(
            f"member {member_number.strip()} is not known: look the member up (online), or scan the member code",
            reason="unknown_member", member=member_number.strip(),
        )
    return str(row.tier)


def points_expected(session: Session, *, event_id: str, paid_fen: int) -> int:
    """Points the sale should earn by the event's rule (central credits them on upload)."""
    row = sql.row(session, "SELECT points_per_yuan FROM event WHERE id = ?", event_id)
    rule = int(row.points_per_yuan) if row is not None else 0
    return max(0, paid_fen) // 100 * max(0, rule)
