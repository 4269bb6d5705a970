"""An outlet's limits on what its terminals sell, enforced at central (issue 16, finding 2).

- **Credit** (city partners with a limit): charged on every path, with a hold or without,
  alone or batched, by one guarded ``UPDATE`` (``credit.charge``): atomic under concurrency,
  the row lock held until commit.
- **Offline caps** (per sale, total since going offline, hours offline; set at central with
  ``pos central outlet add``): judged for a sale without holds made while central did not
  hear from the terminal (its contact history, ``central.services.contacts``). The offline
  stretch begins at the last contact before the break; the total counts this terminal's
  offline sales in it, under a lock on the terminal's contact row, so that two uploads of
  one terminal cannot both pass the cap.
- **Price overrides**: a line priced off the catalog is accepted only when the order names
  it in ``price_overrides`` and carries ``approved_by``.

An online sale over the credit limit is refused. An offline sale (it happened: the tickets
are printed and paid) over a cap or the credit limit is accepted only with the supervisor
approval the terminal journaled (``approved_by``), and every such acceptance is written to
``over_cap_acceptances`` (``pos central over-caps``) and logged; without it the order is
refused (``offline_cap_exceeded``, ``credit_limit_exceeded``, ``price_mismatch``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast
from uuid import UUID

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from central.cap_models import OverCap
from central.context import Caller
from central.errors import unprocessable
from central.guard_models import TerminalContact
from central.models import Order, Outlet
from central.services import credit
from sync.protocol.orders import OrderUpload

log = logging.getLogger(__name__)
OVER_CAPS = cast(Table, OverCap.__table__)
ORDERS = cast(Table, Order.__table__)


@dataclass
class Passed:
    """The limits one order passed, to be approved and reported."""

    caps: list[dict[str, Any]] = field(default_factory=list)

    def add(self, kind: str, limit: int, actual: int, **details: Any) -> None:
        self.caps.append({"kind": kind, "limit": limit, "actual": actual, **details})


def check_overrides(up: OrderUpload) -> None:
    """``price_overrides`` must name tickets of this order, and come with an approver."""
    ids = {t.ticket_id for t in up.tickets}
    unknown = sorted(set(up.price_overrides) - ids)
    if unknown:
        raise unprocessable("invalid_request", "price_overrides names tickets not in the order", ticket_ids=unknown)
    if up.price_overrides and not up.approved_by:
        raise unprocessable("approval_missing", "a price override needs the approving supervisor (approved_by)")


def override_allowed(up: OrderUpload, ticket_id: str) -> bool:
    return bool(up.approved_by) and ticket_id in up.price_overrides


def offline_caps(
    s: Session, caller: Caller, up: OrderUpload, pending: list[dict[str, Any]], passed: Passed
) -> None:
    """Add to ``passed`` the outlet's offline caps this sale (no holds) passes, if it was made
    while the terminal was out of contact. ``pending``: order rows of the same transaction
    not inserted yet (a batch)."""
    if not out_of_contact(s, caller, up.sold_at):
        return
    contact = s.get(TerminalContact, caller.terminal_id)
    assert contact is not None
    outlet = s.get(Outlet, caller.outlet_id)
    if outlet is None:
        return
    # Serialise this terminal's offline uploads: the total below must see the others'.
    s.get(TerminalContact, caller.terminal_id, with_for_update=True)
    hours = timedelta(hours=outlet.offline_max_hours)
    since = contact.seen_before if contact.seen_before is not None and contact.seen_before <= up.sold_at else None
    if up.total > outlet.offline_max_sale:
        passed.add("offline_max_sale", outlet.offline_max_sale, up.total)
    if since is not None and up.sold_at - since > hours:
        passed.add("offline_max_hours", outlet.offline_max_hours,
                   int((up.sold_at - since).total_seconds() // 3600), offline_since=since.isoformat())
    # Without a known start (several breaks since the sale), the stretch is the longest allowed.
    start = since if since is not None else up.sold_at - hours
    before = offline_total(s, caller, start, up.sold_at) + sum(
        int(o["total"]) for o in pending
        if o["terminal_id"] == caller.terminal_id and o["offline"] and start <= o["sold_at"] <= up.sold_at
    )
    if before + up.total > outlet.offline_max_total:
        passed.add("offline_max_total", outlet.offline_max_total, before + up.total,
                   offline_since=start.isoformat())


def out_of_contact(s: Session, caller: Caller, sold_at: datetime) -> bool:
    """Whether central did not hear from the terminal at ``sold_at``: a sale then could not
    ask central first. In contact, a sale without holds is still judged as an online one."""
    contact = s.get(TerminalContact, caller.terminal_id)
    return contact is not None and contact.online_since > sold_at


def offline_total(s: Session, caller: Caller, start: datetime, end: datetime) -> int:
    """This terminal's offline sales between ``start`` and ``end`` (sale times)."""
    q = select(func.coalesce(func.sum(ORDERS.c.total), 0)).where(
        ORDERS.c.outlet_id == caller.outlet_id, ORDERS.c.sold_at >= start, ORDERS.c.sold_at <= end,
        ORDERS.c.terminal_id == caller.terminal_id, ORDERS.c.offline.is_(True),
    )
    return int(s.execute(q).scalar_one())


def charge_credit(
    s: Session, caller: Caller, up: OrderUpload, amount: int, *, offline: bool, passed: Passed
) -> None:
    """Charge the outlet's credit (every path); beyond the limit, an offline sale goes on the
    approval list and an online one is refused."""
    likely = caller.outlet_kind == "partner"
    if credit.charge(s, caller.outlet_id, amount, enforce=True, likely_limited=likely):
        return
    if not offline or not up.approved_by or not out_of_contact(s, caller, up.sold_at):
        raise unprocessable("credit_limit_exceeded", "the outlet's credit limit would be exceeded")
    credit.charge(s, caller.outlet_id, amount, enforce=False, likely_limited=likely)
    outlet = s.get(Outlet, caller.outlet_id)
    limit = outlet.credit_limit if outlet is not None else 0
    passed.add("credit_limit", limit, outlet.credit_used if outlet is not None else amount)


def settle(
    s: Session, caller: Caller, order_id: UUID, up: OrderUpload, passed: Passed, now: datetime
) -> None:
    """Refuse the order if it passed a limit without approval; report it if approved. Runs
    in the order's transaction, after every other check."""
    if not passed.caps:
        return
    if not up.approved_by:
        first = passed.caps[0]
        raise unprocessable("offline_cap_exceeded",
                            f"offline sale beyond the outlet's {first['kind']} ({first['limit']}) "
                            "without a supervisor's approval", caps=passed.caps)
    rows = [
        {"order_id": str(order_id), "outlet_id": caller.outlet_id, "terminal_id": caller.terminal_id,
         "kind": c["kind"], "limit_value": c["limit"], "actual": c["actual"], "approved_by": up.approved_by,
         "sold_at": up.sold_at, "accepted_at": now,
         "details": {k: v for k, v in c.items() if k not in ("kind", "limit", "actual")}}
        for c in passed.caps
    ]
    s.execute(insert(OVER_CAPS), rows)
    log.warning("order %s of terminal %s accepted beyond %s, approved by %s", order_id, caller.terminal_id,
                ", ".join(c["kind"] for c in passed.caps), up.approved_by)


@dataclass(frozen=True)
class OverCapRow:
    at: datetime
    order_id: str
    outlet_id: str
    terminal_id: str
    kind: str
    limit: int
    actual: int
    approved_by: str
    sold_at: datetime
    details: dict[str, Any]


def report(s: Session, *, outlet_id: str | None = None, limit: int = 50) -> list[OverCapRow]:
    """The newest acceptances beyond a limit, for the admin command."""
    q = select(OverCap).order_by(OverCap.accepted_at.desc(), OverCap.id.desc()).limit(limit)
    if outlet_id:
        q = q.where(OverCap.outlet_id == outlet_id)
    return [
        OverCapRow(r.accepted_at, r.order_id, r.outlet_id, r.terminal_id, r.kind, r.limit_value, r.actual,
                   r.approved_by, r.sold_at, dict(r.details or {}))
        for r in s.scalars(q)
    ]
