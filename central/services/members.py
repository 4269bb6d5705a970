"""Members, their points and the member feed (issue 22).

Look-ups answer any enrolled terminal (members are the platform's, not an outlet's) with the
phone and name masked. A points authorisation is a hold on a member's balance: taken by one
terminal for one order, consumed only by that order uploaded by that terminal, released by
it, or expired. See :mod:`central.member_models`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.errors import ApiError, conflict, unprocessable
from central.member_models import Member, PointsAuthorisation, PointsEntry
from central.services import member_lookups
from central.services.common import bump, catalog_item, digest, serialize
from sync.protocol.members import (
    POINT_VALUE_FEN,
    MemberItem,
    MemberReply,
    MembersPage,
    PointsAuthReply,
    PointsAuthRequest,
    mask_name,
    mask_phone,
    points_earned,
)
from sync.protocol.orders import OrderUpload

log = logging.getLogger(__name__)
FEED = "members"


def unknown_member(number: str | None) -> ApiError:
    if number is None:  # a phone: never echoed back
        return ApiError(404, "member_unknown", "no member with that phone number")
    return ApiError(404, "member_unknown", f"no member {number}", member_number=number)


# --- administration (the CLI) ------------------------------------------------------------


def tiers(s: Session) -> list[str]:
    """The tier codes the published catalog names (empty: no catalog, or no tiers in it)."""
    meta = catalog_item(s, "meta", "catalog") or {}
    return [str(t["code"]) for t in meta.get("member_tiers", [])]


def add_member(
    ctx: Central, *, number: str, phone: str, name: str, tier: str, points: int = 0
) -> MemberReply:
    """Create a member, or update the phone, name and tier of an existing one; ``points`` is
    an opening balance (an ``adjust`` ledger entry), only for a new member."""

    def tx(s: Session) -> MemberReply:
        known = tiers(s)
        if known and tier not in known:
            raise ValueError(f"unknown tier {tier!r}; the catalog has {', '.join(known)}")
        other = s.scalars(select(Member).where(Member.phone == phone, Member.number != number)).first()
        if other is not None:
            raise ValueError(f"phone {mask_phone(phone)} belongs to member {other.number}")
        row = s.get(Member, number, with_for_update=True)
        if row is None:
            row = Member(number=number, phone=phone, name=name, tier=tier, points=points, held=0, active=True,
                         created_at=ctx.now(), seq=0)
            s.add(row)
            if points:
                s.add(PointsEntry(member_number=number, kind="adjust", points=points, order_id=None,
                                  outlet_id=None, at=ctx.now()))
        else:
            row.phone, row.name, row.tier = phone, name, tier
        row.seq = bump(s, FEED)
        s.flush()
        return member_reply(row)

    return ctx.db.run(tx)


MAX_ADJUST = 100_000  # points (1,000 yuan at 1 fen a point): more is a mistake or abuse


class PointsAdjustRefused(ValueError):
    """An adjustment central will not make (``reason``: why); nothing was written."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class PointsAdjusted:
    number: str
    change: int
    points: int  # the balance after
    available: int  # after, less what open authorisations hold


def adjust_points(ctx: Central, *, number: str, change: int, reason: str, actor: str) -> PointsAdjusted:
    """A supervisor's adjustment (goodwill, a correction): an ``adjust`` ledger entry with its
    reason, never below zero nor below what open authorisations hold. The member feed moves on,
    so terminals see the new balance at their next sync."""
    why = " ".join(reason.split())
    if not why or len(why) > 200:
        raise PointsAdjustRefused("a reason of 1-200 characters is required", "reason_required")
    if change == 0 or abs(change) > MAX_ADJUST:
        raise PointsAdjustRefused(f"an adjustment is 1 to {MAX_ADJUST} points", "amount_out_of_range")

    def tx(s: Session) -> PointsAdjusted:
        row = s.get(Member, number, with_for_update=True)
        if row is None:
            raise PointsAdjustRefused(f"no member {number}", "member_unknown")
        expire_stale(s, row, ctx.now())
        if row.points + change < row.held:
            raise PointsAdjustRefused(
                f"member {number} has {row.points - row.held} points free: cannot remove {-change}",
                "points_insufficient")
        row.points += change
        s.add(PointsEntry(member_number=number, kind="adjust", points=change, order_id=None, outlet_id=None,
                          at=ctx.now(), reason=why, actor=actor[:80]))
        row.seq = bump(s, FEED)
        return PointsAdjusted(number=number, change=change, points=row.points, available=row.points - row.held)

    done = ctx.db.run(tx)
    log.warning("points of member %s adjusted by %+d by %s: %s", number, change, actor, why)
    return done


def ledger(ctx: Central, number: str, limit: int = 50) -> list[dict[str, Any]]:
    def tx(s: Session) -> list[dict[str, Any]]:
        rows = s.scalars(select(PointsEntry).where(PointsEntry.member_number == number)
                         .order_by(PointsEntry.id.desc()).limit(limit))
        return [{"kind": r.kind, "points": r.points, "order_id": r.order_id, "outlet_id": r.outlet_id,
                 "at": r.at.isoformat(), **({"reason": r.reason, "by": r.actor} if r.reason else {})} for r in rows]

    return ctx.db.run(tx)


# --- look-ups and the feed ----------------------------------------------------------------


def member_reply(row: Member) -> MemberReply:
    return MemberReply(number=row.number, name_masked=mask_name(row.name), tier=row.tier,
                       phone_masked=mask_phone(row.phone), points=row.points,
                       available=row.points - row.held, active=row.active)


def find(ctx: Central, caller: Caller, *, number: str | None = None, phone: str | None = None) -> MemberReply:
    """A member by number, or by phone (logged and throttled per terminal: see
    :mod:`central.services.member_lookups`)."""

    def tx(s: Session) -> MemberReply | ApiError:
        now = ctx.now()
        if number is not None:
            row = s.get(Member, number)
        else:
            refused = member_lookups.refusal(s, caller, now)
            if refused is not None:
                return refused
            row = s.scalars(select(Member).where(Member.phone == phone)).first()
            member_lookups.record(s, caller, now, found=row is not None)
        if row is None:
            return unknown_member(number)
        expire_stale(s, row, now)
        return member_reply(row)

    reply = ctx.db.run(tx)
    if isinstance(reply, ApiError):
        raise reply  # its log row is committed
    log.info("member %s looked up by terminal %s", reply.number, caller.terminal_id)
    return reply


def members_page(ctx: Central, caller: Caller, cursor: int, limit: int) -> MembersPage:
    def tx(s: Session) -> MembersPage:
        rows = list(s.scalars(select(Member).where(Member.seq > cursor).order_by(Member.seq).limit(limit + 1)))
        more = len(rows) > limit
        rows = rows[:limit]
        items = [MemberItem(seq=r.seq, number=r.number, tier=r.tier, phone_masked=mask_phone(r.phone),
                            points=r.points - r.held, active=r.active) for r in rows]
        return MembersPage(items=items, next_cursor=rows[-1].seq if rows else cursor, more=more,
                           server_time=ctx.now())

    return ctx.db.run(tx)


# --- points authorisations ------------------------------------------------------------------


def expire_stale(s: Session, member: Member, now: datetime) -> None:
    """Give back what the member's expired authorisations held (lazily, under the member's row)."""
    stale = list(s.scalars(select(PointsAuthorisation).where(
        PointsAuthorisation.member_number == member.number, PointsAuthorisation.status == "active",
        PointsAuthorisation.expires_at <= now)))
    for a in stale:
        a.status = "expired"
        member.held -= a.points
    if stale:
        member.seq = bump(s, FEED)


def _auth_reply(a: PointsAuthorisation, member: Member, now: datetime) -> PointsAuthReply:
    status = "expired" if a.status == "active" and a.expires_at <= now else a.status
    return PointsAuthReply(id=UUID(a.id), member_number=a.member_number, points=a.points,
                           order_id=UUID(a.order_id), status=status,  # type: ignore[arg-type]
                           expires_at=a.expires_at, available=member.points - member.held)


def _mine(s: Session, caller: Caller, auth_id: str) -> PointsAuthorisation:
    a = s.get(PointsAuthorisation, auth_id, with_for_update=True)
    # Another terminal's authorisation is as good as none: it is not told it exists.
    if a is None or a.terminal_id != caller.terminal_id or a.outlet_id != caller.outlet_id:
        raise ApiError(404, "not_found", f"no points authorisation {auth_id} for this terminal")
    return a


def authorise_points(
    ctx: Central, caller: Caller, auth_id: UUID, req: PointsAuthRequest
) -> tuple[int, PointsAuthReply]:
    """Hold ``req.points`` of the member's balance for this terminal's order. 201 when granted,
    200 for a repeat of the same request; 409 ``points_insufficient`` when the member has
    fewer points free."""
    d = digest(req)

    def tx(s: Session) -> tuple[int, PointsAuthReply]:
        serialize(s, f"points:{auth_id}")
        now = ctx.now()
        member = s.get(Member, req.member_number, with_for_update=True)
        if member is None or not member.active:
            raise unknown_member(req.member_number)
        existing = s.get(PointsAuthorisation, str(auth_id))
        if existing is not None:
            if existing.terminal_id != caller.terminal_id or existing.digest != d:
                raise conflict("this authorisation id was used with another request")
            return 200, _auth_reply(existing, member, now)
        expire_stale(s, member, now)
        free = member.points - member.held
        if req.points > free:
            raise ApiError(409, "points_insufficient", f"the member has {free} points free, {req.points} asked",
                           available=free)
        a = PointsAuthorisation(
            id=str(auth_id), member_number=member.number, outlet_id=caller.outlet_id,
            terminal_id=caller.terminal_id, order_id=str(req.order_id), points=req.points, status="active",
            digest=d, expires_at=now + timedelta(seconds=req.ttl_seconds), created_at=now,
        )
        s.add(a)
        member.held += req.points
        member.seq = bump(s, FEED)
        s.flush()
        return 201, _auth_reply(a, member, now)

    try:
        return ctx.db.run(tx, attempts=3)
    except IntegrityError:  # the same id at the same instant from elsewhere: answer as a repeat
        return ctx.db.run(tx)


def release_points(ctx: Central, caller: Caller, auth_id: UUID) -> PointsAuthReply:
    """The sale did not happen: the points go back. Releasing twice, or after expiry, answers
    the authorisation as it is; a consumed one stays consumed."""

    def tx(s: Session) -> PointsAuthReply:
        now = ctx.now()
        a = _mine(s, caller, str(auth_id))
        member = s.get(Member, a.member_number, with_for_update=True)
        assert member is not None
        if a.status == "active":
            a.status = "released"
            member.held -= a.points
            member.seq = bump(s, FEED)
        return _auth_reply(a, member, now)

    return ctx.db.run(tx)


# --- in an order's transaction ---------------------------------------------------------------


def member_for_order(s: Session, up: OrderUpload) -> Member | None:
    """The order's member, checked: an order may name only a member central knows."""
    if up.member_number is None:
        if any(p.method == "points" for p in up.payments):
            raise unprocessable("points_invalid", "points paid without a member")
        return None
    member = s.get(Member, up.member_number, with_for_update=True)
    if member is None or not member.active:
        raise unprocessable("member_unknown", f"no member {up.member_number}", member_number=up.member_number)
    return member


def tier_allows(promo: dict[str, Any], member: Member | None) -> bool:
    """Whether a ``members_only`` promotion (and its tiers) applies to the order's member."""
    if not promo.get("members_only"):
        return True
    if member is None:
        return False
    return not promo.get("member_tiers") or member.tier in promo["member_tiers"]


def settle_order(
    s: Session, ctx: Central, caller: Caller, order_id: UUID, up: OrderUpload, member: Member | None,
    event_ids: set[str],
) -> int:
    """Consume the order's points authorisations and credit the points it earns; returns them.
    Every refusal comes before anything is written."""
    if member is None:
        return 0
    now = ctx.now()
    expire_stale(s, member, now)
    redeemed = 0
    taken: list[PointsAuthorisation] = []
    for p in up.payments:
        if p.method != "points":
            continue
        a = s.get(PointsAuthorisation, p.reference or "", with_for_update=True) if p.reference else None
        bad = unprocessable("points_invalid", "points paid without a valid authorisation of this terminal "
                            "for this order", reference=p.reference)
        # A replayed authorisation from another outlet or terminal, or one for another order or
        # member, or of another amount, pays nothing.
        if (a is None or a.terminal_id != caller.terminal_id or a.outlet_id != caller.outlet_id
                or a.order_id != str(order_id) or a.member_number != member.number
                or a.points * POINT_VALUE_FEN != p.amount or a in taken):
            raise bad
        if a.status == "expired" and member.points - member.held >= a.points:
            # The sale committed in time but its upload came late (central unreachable): the
            # points are taken again while the member still has them, rather than a paid sale
            # refused. A released authorisation (the terminal said the sale failed) never is.
            a.status, member.held = "active", member.held + a.points
        if a.status != "active":
            raise unprocessable("points_invalid", f"the points authorisation is {a.status}", reference=p.reference)
        taken.append(a)
        redeemed += a.points
    paid = up.total - sum(p.amount for p in up.payments if p.method == "points")
    rule = max((int((catalog_item(s, "event", e) or {}).get("points_per_yuan", 0)) for e in event_ids),
               default=0)
    earned = points_earned(paid_fen=paid, points_per_yuan=rule)
    for a in taken:
        a.status = "consumed"
        member.held -= a.points
    if redeemed:
        member.points -= redeemed
        s.add(PointsEntry(member_number=member.number, kind="redeem", points=-redeemed, order_id=str(order_id),
                          outlet_id=caller.outlet_id, at=now))
    if earned:
        member.points += earned
        s.add(PointsEntry(member_number=member.number, kind="earn", points=earned, order_id=str(order_id),
                          outlet_id=caller.outlet_id, at=now))
    if redeemed or earned or taken:
        member.seq = bump(s, FEED)
    return earned


def reverse_for_refund(s: Session, ctx: Central, caller: Caller, order: Any, refund_id: UUID, amount: int) -> None:
    """A refund (or void, or the refund half of an exchange) of ``amount`` of a member's order:
    the points it earned are taken back and the points it was paid with given back, in the
    share of the tickets' prices refunded (one ``reverse`` entry per refund). Earned points
    already spent are taken back only as far as the member has points free."""
    entries = list(s.scalars(select(PointsEntry).where(PointsEntry.order_id == order.id,
                                                       PointsEntry.kind.in_(("earn", "redeem")))))
    prices = order.total - order.fees
    if not entries or prices <= 0:
        return
    member = s.get(Member, entries[0].member_number, with_for_update=True)
    if member is None:
        return
    earned = sum(e.points for e in entries if e.kind == "earn")
    redeemed = -sum(e.points for e in entries if e.kind == "redeem")
    share = min(amount, prices)
    delta = redeemed * share // prices - min(earned * share // prices, member.points - member.held)
    if delta:
        member.points += delta
        s.add(PointsEntry(member_number=member.number, kind="reverse", points=delta, order_id=str(refund_id),
                          outlet_id=caller.outlet_id, at=ctx.now()))
        member.seq = bump(s, FEED)
