"""An outlet's credit: only city partners with a credit limit have one that is enforced.

``outlets.credit_used`` is kept up to date only for those outlets. Keeping it for every
outlet made every sale of an outlet update (and lock until commit) that outlet's row, which
queued all of its terminals' orders one behind the other. For outlets without a limit the
settlement derives the figure from orders and refunds instead, and when a limit is set on such
an outlet the running figure is recomputed first (see :func:`limit_changed`).

Races: a sale of an unlimited outlet takes a ``FOR SHARE`` lock on the outlet row (shared
locks do not queue behind each other); setting a limit takes the row exclusively, so it waits
for those sales and the recomputation sees them, and sales after it see the limit.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, bindparam, func, select, true, update
from sqlalchemy.orm import Session

from central.models import Order, Outlet, Refund
from central.partner_models import PartnerPayment


def is_limited(kind: str, credit_limit: int) -> bool:
    return kind == "partner" and credit_limit > 0


_OUTLETS = cast(Table, Outlet.__table__)
_LIMITED = (_OUTLETS.c.kind == "partner") & (_OUTLETS.c.credit_limit > 0)
_CHARGE = {
    enforce: update(_OUTLETS)
    .where(_OUTLETS.c.id == bindparam("b_id"), _LIMITED,
           _OUTLETS.c.credit_used + bindparam("b_amount") <= _OUTLETS.c.credit_limit if enforce else true())
    .values(credit_used=_OUTLETS.c.credit_used + bindparam("b_amount"))
    for enforce in (False, True)
}
_SHARE = (
    select(_OUTLETS.c.kind, _OUTLETS.c.credit_limit)
    .where(_OUTLETS.c.id == bindparam("b_id"))
    .with_for_update(read=True)
)


def charge(s: Session, outlet_id: str, amount: int, *, enforce: bool, likely_limited: bool = True) -> bool:
    """Add ``amount`` (negative: give back) to a limited outlet's credit used; with
    ``enforce``, refuse (False) if that would pass its limit. Unlimited outlets: no-op, True.

    ``likely_limited=False`` (the caller's outlet kind says it has no limit): look first with
    the shared lock, one round trip instead of two when that is so."""
    params = {"b_id": outlet_id, "b_amount": amount}
    if not likely_limited:
        row = s.connection().execute(_SHARE, params).first()
        if row is None or not is_limited(row.kind, row.credit_limit):
            return True
        # Limited after all (changed since the caller was read): the guarded update below.
    for _ in range(2):
        if s.connection().execute(_CHARGE[enforce], params).rowcount:
            return True
        # Not charged: either no limit applies, or the limit would be passed.
        row = s.connection().execute(_SHARE, params).first()
        if row is None or not is_limited(row.kind, row.credit_limit):
            return True
        # A limit was set while we waited for the shared lock: try the guarded update again.
    return False


def has_no_limit(s: Session, outlet_id: str) -> bool:
    """True if the outlet has no credit limit, with a shared lock on its row until commit: no
    limit can be set on it before then, so the transaction's further sales need no charge."""
    row = s.connection().execute(_SHARE, {"b_id": outlet_id}).first()
    return row is None or not is_limited(row.kind, row.credit_limit)


def credit_from_sales(s: Session, outlet_id: str, commission_bps: int = 0) -> int:
    """What the outlet owes for all its sales less refunds (each with the commission and fees
    it gave back) and less the payments received: what ``credit_used`` would hold had it been
    kept. ``commission_bps`` is no longer needed (refunds record theirs) and is ignored."""
    owed = s.execute(
        select(func.coalesce(func.sum(Order.total - Order.commission), 0))
        .where(Order.kind == "outlet", Order.outlet_id == outlet_id)
    ).scalar_one()
    back = s.execute(
        select(func.coalesce(func.sum(Refund.amount + Refund.fees - Refund.commission), 0))
        .where(Refund.outlet_id == outlet_id)
    ).scalar_one()
    paid = s.execute(
        select(func.coalesce(func.sum(PartnerPayment.amount), 0)).where(PartnerPayment.outlet_id == outlet_id)
    ).scalar_one()
    return int(owed) - int(back) - int(paid)


def limit_changed(s: Session, outlet: Outlet, was_limited: bool) -> None:
    """Call with the outlet row locked (``FOR UPDATE``) after its kind or limit changed."""
    if is_limited(outlet.kind, outlet.credit_limit) and not was_limited:
        outlet.credit_used = credit_from_sales(s, outlet.id, outlet.commission_bps)


def credit_used(s: Session, outlet: Outlet) -> int:
    if is_limited(outlet.kind, outlet.credit_limit):
        return outlet.credit_used
    return credit_from_sales(s, outlet.id, outlet.commission_bps)
