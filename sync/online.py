"""Selling online: seats held at central, all-or-nothing, before payment is taken.

The hold counts down (central's clock, corrected for skew); it is released when the clerk
cancels, and consumed by the order, which is uploaded at once after the sale commits.
A hold about to expire is caught by :meth:`OnlineHoldPolicy.check_order`, which runs
before any payment is taken.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta

from pos.errors import HoldUnavailable, NotSellable, PosError, SeatTaken
from pos.sales.holds import SAFETY_MARGIN, Hold, HoldSpec, OnlineHoldPolicy
from pos.store.db import Store
from pos.terminal import connectivity
from sync.protocol.holds import HolderCheck, HoldExtend, HoldReply, HoldRequest
from sync.transport import CentralClient, CentralRejected, CentralUnreachable

__all__ = ["SAFETY_MARGIN", "CentralHoldGateway", "Hold", "OnlineHoldPolicy", "extend", "hold", "release"]
log = logging.getLogger(__name__)


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
    holders: Sequence[str] = (),
) -> Hold:
    """Ask central for these seats (or this many standing places): all of them or none."""
    request = HoldRequest(
        performance_id=performance_id,
        seat_ids=list(seat_ids),
        area_id=area_id,
        quantity=quantity,
        ttl_seconds=ttl_seconds,
        holders=list(holders),
    )
    try:
        return _local(client.put(f"/holds/{hold_id or uuid.uuid4()}", request, HoldReply), client)
    except CentralRejected as exc:
        raise _refusal(exc) from exc


def check_holders(client: CentralClient, held: Hold, holders: Sequence[str]) -> None:
    """Central refuses (``holder_has_ticket``) a held cart's holder who already has a ticket."""
    try:
        client.post(f"/holds/{held.hold_id}/holders", HolderCheck(holders=list(holders)), HoldReply)
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
    "holder_has_ticket": "holder_has_ticket",  # one ticket per ID per performance (issue 18)
    "holder_repeated": "holder_has_ticket",
}


def _refusal(exc: CentralRejected) -> NotSellable | CentralRejected:
    reason = _REFUSALS.get(exc.reason)
    if reason is None:
        return exc
    named = exc.details.get("seat_ids", [])
    seats = [s for s in named if isinstance(s, str)] if isinstance(named, list | tuple) else []
    message = f"central refused the hold ({exc.reason})" + (f": {', '.join(seats[:5])}" if seats else "")
    if exc.reason == "seat_taken":
        return SeatTaken(message + "; nothing was charged", reason=reason, seats=tuple(seats))
    return NotSellable(message, reason=reason, seats=tuple(seats))


def release(client: CentralClient, held: Hold) -> None:
    client.delete(f"/holds/{held.hold_id}", HoldReply)


@contextmanager
def hold_gateway(store: Store, *, upload: bool = True) -> Iterator[CentralHoldGateway | None]:
    """Central's holds for one sale on this store (None for a terminal with no central),
    closed after it: what every caller of the one selling path needs around it."""
    from sync.enrol import central_link

    if central_link(store) is None:
        yield None
        return
    gateway = CentralHoldGateway(store, upload=upload)
    try:
        yield gateway
    finally:
        gateway.close()


class CentralHoldGateway:
    """The core's :class:`~pos.sales.holds.HoldGateway` over HTTP: one ``PUT /holds/{id}``
    per cart (the only round trip the online policy adds before the sale commits), and the
    order sent right after it commits (``upload``), so that central consumes the hold long
    before it expires. No answer from central records the terminal offline at once.

    Without ``client`` it connects on first use (an offline sale never reads the token) and
    :meth:`close` closes what it opened."""

    def __init__(self, store: Store, client: CentralClient | None = None, *, upload: bool = True) -> None:
        self.store = store
        self._client = client
        self._own = client is None
        self.upload = upload

    @property
    def client(self) -> CentralClient:
        if self._client is None:
            from sync.enrol import connect

            self._client = connect(self.store, allow_token_file=True)
        return self._client

    def close(self) -> None:
        if self._own and self._client is not None:
            self._client.close()
            self._client = None

    def hold(self, *, hold_id: str, spec: HoldSpec, ttl_seconds: int) -> Hold:
        try:
            return hold(
                self.client,
                performance_id=spec.performance_id,
                seat_ids=spec.seat_ids,
                area_id=spec.area_id,
                quantity=spec.quantity,
                ttl_seconds=ttl_seconds,
                hold_id=hold_id,
                holders=spec.holders,
            )
        except CentralUnreachable as exc:
            connectivity.record_offline(self.store, reason=exc.message)
            raise HoldUnavailable(exc.message) from exc

    def check_holders(self, held: Hold, holders: Sequence[str]) -> None:
        try:
            check_holders(self.client, held, holders)
        except CentralUnreachable as exc:
            connectivity.record_offline(self.store, reason=exc.message)
            raise HoldUnavailable(exc.message) from exc

    def release(self, held: Hold) -> None:
        try:
            release(self.client, held)
        except PosError as exc:  # it expires by itself at central
            log.info("release of hold %s: %s", held.hold_id, exc)

    def authorise_points(self, *, auth_id: str, member_number: str, points: int, order_id: str) -> None:
        """Points as a tender (issue 22): hold them at central for this order."""
        from sync.members import authorise_points

        authorise_points(self.store, self.client, auth_id=auth_id, member_number=member_number, points=points,
                         order_id=order_id)

    def release_points(self, auth_id: str) -> None:
        from sync.members import release_points

        release_points(self.client, auth_id)

    def order_committed(self, order_id: str) -> None:
        if not self.upload:
            return  # the app's background sync sends it (``sync_now``)
        from sync.relay import drain

        try:
            drain(self.store, self.client)
        except PosError as exc:  # queued: the next sync sends it
            log.warning("order %s stays queued: %s", order_id, exc)
