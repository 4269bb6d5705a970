"""Selling with points as a tender (issue 22): authorise at central, sell, release on failure.

Used by :func:`pos.sales.selling.sell_cart` around the sale itself, once the policy is known:
points are redeemed only under the online policy (the cart held at central), never offline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from pos.cash.tenders import PaymentProvider, Tender, TenderKind, default_providers
from pos.errors import PaymentError
from pos.members.points import PointsRedemption, new_auth_id, points_for

log = logging.getLogger(__name__)
SellWith = Callable[[Sequence[Tender], Mapping[TenderKind, PaymentProvider] | None], Any]


def redeeming(
    gateway: Any,
    *,
    mode: str,
    tenders: Sequence[Tender],
    member_number: str | None,
    order_id: str | None,
    providers: Mapping[TenderKind, PaymentProvider] | None,
    sell_with: SellWith,
    keep_if: Callable[[], bool] | None = None,
) -> Any:
    """Run ``sell_with(tenders, providers)``; with points among the tenders, only online, under
    authorisations central granted for ``order_id``, released if the sale does not commit.
    ``keep_if``: asked on failure; True keeps them (a wallet intent still open, which a
    recovery may yet sell with them: :mod:`pos.payments.recovery`)."""
    points = [t for t in tenders if t.kind == "points"]
    if not points:
        return sell_with(tenders, providers)
    if mode != "online":
        raise PaymentError("points can be redeemed only while central answers: take another payment",
                           reason="points_offline")
    member_number = member_number.strip().upper() if member_number else None
    if member_number is None or order_id is None:
        raise PaymentError("points are redeemed from a member's balance: find the member first",
                           reason="points_need_member")
    if gateway is None or not hasattr(gateway, "authorise_points"):
        raise PaymentError("this terminal cannot reach central's points", reason="points_offline")
    authorised: dict[str, int] = {}
    final: list[Tender] = []
    try:
        for t in tenders:
            if t.kind != "points":
                final.append(t)
                continue
            auth_id = new_auth_id()
            gateway.authorise_points(auth_id=auth_id, member_number=member_number,
                                     points=points_for(t.amount.amount), order_id=order_id)
            authorised[auth_id] = t.amount.amount
            final.append(replace(t, reference=auth_id))
        chosen = dict(providers or default_providers())
        chosen["points"] = PointsRedemption(authorised)
        return sell_with(final, chosen)
    except BaseException:
        if keep_if is not None and keep_if():
            raise
        for auth_id in authorised:  # nothing sold: the member's points go back now
            gateway.release_points(auth_id)
        raise
