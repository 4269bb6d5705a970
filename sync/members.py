"""Members over the wire (issue 22): the member feed, finding a member (by code, number or
phone) and points authorisations at central.

Finding a member:

- by member code: the code's signature is checked here against central's key (offline too),
  then the number is found as below;
- by number: central's answer when it answers (tier and points as of now, kept in the store),
  else the member feed's copy; unknown to both is ``unknown_member``;
- by phone (the full number): central only, never offline (``phone_needs_online``): the store
  keeps no phone numbers. Central throttles them per terminal (``MemberLookupRefused``).

This is also the API another screen (customer service, invoices) uses to find a member:
:func:`find_member` returns :class:`pos.members.service.MemberInfo`.
"""

from __future__ import annotations

import logging
from typing import Any

from pos.errors import HoldUnavailable, NotFound, PaymentError, PosError
from pos.members.service import (
    MemberInfo,
    keep_member,
    keep_members,
    local_member,
    normalise_number,
    number_from_code,
)
from pos.store import sql
from pos.store.db import Store
from pos.terminal import connectivity
from sync.feeds import pull_items
from sync.protocol.members import (
    PHONE_RE,
    MemberLookup,
    MemberReply,
    MembersPage,
    PointsAuthReply,
    PointsAuthRequest,
)
from sync.transport import CentralClient, CentralRejected, CentralUnreachable

log = logging.getLogger(__name__)


def pull_members(store: Store, client: CentralClient) -> int:
    """The member feed from its cursor on: number, tier, masked phone, points free."""
    def apply(session: Any, item: Any) -> None:
        keep_members(session, [item])

    return pull_items(store, client, "members", "/feeds/members", MembersPage, apply)


class MemberLookupRefused(PosError):
    """Central refused a look-up by phone (``reason``: ``member_lookup_throttled``, with
    ``retry_after`` seconds): too many from this terminal. The code or number still works."""

    code = "member_lookup_refused"


def _ask(store: Store, client: CentralClient, lookup: MemberLookup) -> MemberInfo:
    try:
        reply = client.post("/members/lookup", lookup, MemberReply)
    except CentralRejected as exc:
        if exc.status == 404:
            what = lookup.number or "with that phone number"
            raise NotFound(f"no member {what}", reason="unknown_member") from exc
        if exc.reason == "member_lookup_throttled":
            log.warning("member look-up by phone refused by central: %s", exc.message)
            raise MemberLookupRefused(exc.message.split(": ", 1)[-1], reason=exc.reason,
                                      retry_after=exc.details.get("retry_after", "")) from None
        raise
    kept = keep_member(store, _Seen(reply))
    return MemberInfo(**{**_fields(kept), "source": "online"})


class _Seen:
    """A look-up's answer in the shape of a feed item (seq 0: the feed's next item wins)."""

    def __init__(self, reply: MemberReply) -> None:
        self.number, self.tier, self.phone_masked = reply.number, reply.tier, reply.phone_masked
        self.points, self.active, self.seq = reply.available, reply.active, 0


def _fields(info: MemberInfo) -> dict[str, Any]:
    return {name: getattr(info, name) for name in info.__slots__}


def find_member(
    store: Store, client: CentralClient | None, *, number: str | None = None, phone: str | None = None,
    code: str | None = None,
) -> MemberInfo:
    """Find a member by exactly one of ``code``, ``number`` or ``phone`` (see the module)."""
    if sum(x is not None for x in (number, phone, code)) != 1:
        raise PosError("find a member by one of: member code, member number, phone", reason="invalid_input")
    source = "feed"
    if code is not None:
        number, source = number_from_code(store, code), "code"
    if phone is not None:
        phone = phone.strip().replace(" ", "").replace("-", "")
        if not PHONE_RE.fullmatch(phone):
            raise PosError("a phone number is the full 11-digit mobile number", reason="invalid_phone")
        if client is None or not connectivity.state(store).online:
            raise PosError("finding a member by phone needs central: use the member code or number",
                           reason="phone_needs_online")
        try:
            return _ask(store, client, MemberLookup(phone=phone))
        except CentralUnreachable as exc:
            connectivity.record_offline(store, reason=exc.message)
            raise PosError("central did not answer: find the member by code or number",
                           reason="phone_needs_online") from exc
    assert number is not None
    number = normalise_number(number)
    if client is not None and connectivity.state(store).online:
        try:
            info = _ask(store, client, MemberLookup(number=number))
            return MemberInfo(**{**_fields(info), "source": source if source == "code" else "online"})
        except CentralUnreachable as exc:
            connectivity.record_offline(store, reason=exc.message)
        except CentralRejected as exc:  # an older central without members: the feed's copy
            log.warning("member look-up refused: %s", exc.message)
    found = local_member(store, number)
    if found is None or not found.active:
        raise NotFound(f"no member {number} is known here", reason="unknown_member")
    return MemberInfo(**{**_fields(found), "source": source})


# --- points authorisations (the core's PointsGateway) ------------------------------------

_POINTS_REFUSALS = {"points_insufficient", "member_unknown", "idempotency_conflict"}


def authorise_points(store: Store, client: CentralClient, *, auth_id: str, member_number: str, points: int,
                     order_id: str) -> PointsAuthReply:
    req = PointsAuthRequest(member_number=member_number, points=points, order_id=order_id)  # type: ignore[arg-type]
    try:
        return client.put(f"/points-authorisations/{auth_id}", req, PointsAuthReply)
    except CentralUnreachable as exc:
        connectivity.record_offline(store, reason=exc.message)
        raise HoldUnavailable(exc.message) from exc
    except CentralRejected as exc:
        reason = {"member_unknown": "unknown_member"}.get(exc.reason, exc.reason)
        free = exc.details.get("available") if isinstance(exc.details, dict) else None
        raise PaymentError(f"central refused the points: {exc.message}", reason=reason, available=free) from exc


def release_points(client: CentralClient, auth_id: str) -> None:
    try:
        client.delete(f"/points-authorisations/{auth_id}", PointsAuthReply)
    except PosError as exc:  # it expires by itself at central
        log.info("release of points authorisation %s: %s", auth_id, exc)


def record_earned(store: Store, order_id: str, reply: Any) -> None:
    """Keep the points central credited to an uploaded order (its receipt then says earned,
    not expected). Anything but an order's reply is nothing to keep."""
    earned = getattr(reply, "points_earned", None)
    if not isinstance(earned, int) or not hasattr(reply, "tickets"):
        return
    with store.write() as session:
        sql.run(session, "UPDATE sale_order SET points_earned = ? WHERE id = ? AND member_number IS NOT NULL",
                (earned, order_id))
