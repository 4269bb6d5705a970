"""What may be sold now, asked of one policy.

Offline, a terminal sells only what it leased from its outlet's allocation (invariant 1,
:mod:`pos.terminal.lease`): two terminals of one outlet never lease the same seat or
standing unit. A terminal never enrolled with central is its outlet's only one and sells
the whole allocation. Online, the sync layer supplies a policy that sells under holds
central granted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos.errors import NotSellable
from pos.store import sql
from pos.store.models import PerformanceStanding, StandingAllocation, Ticket
from pos.terminal import lease
from pos.terminal.connectivity import check_offline_sale


class SalesPolicy(Protocol):
    mode: str  # recorded on the order: "offline" or "online"

    @property
    def hold_id(self) -> str | None: ...

    def check_seats(
        self, session: Session, *, performance_id: str, seat_ids: Sequence[str], outlet_id: str
    ) -> None:
        """Raise NotSellable naming the first seat that may not be sold and why."""

    def check_standing(
        self, session: Session, *, performance_id: str, area_id: str, quantity: int, outlet_id: str
    ) -> None: ...

    def check_order(self, session: Session, *, total: int, now: datetime) -> None:
        """Last check once the price is known, before any payment is taken."""


def seats_already_sold(session: Session, *, performance_id: str, seat_ids: Sequence[str]) -> set[str]:
    found = sql.rows(
        session,
        "SELECT seat_id FROM ticket WHERE performance_id = ? AND status = 'valid' "
        f"AND seat_id IN ({sql.marks(len(seat_ids))})",
        performance_id,
        *seat_ids,
    )
    return {r.seat_id for r in found}


def standing_sold_by_us(session: Session, *, performance_id: str, area_id: str) -> int:
    return int(
        session.scalar(
            select(func.count()).where(
                Ticket.performance_id == performance_id, Ticket.area_id == area_id, Ticket.status == "valid"
            )
        )
        or 0
    )


class OfflineAllocationPolicy:
    """Sell only what this terminal leased of its outlet's allocation (all of it when the
    terminal was never enrolled), within the offline caps central set."""

    mode = "offline"
    hold_id = None

    def check_order(self, session: Session, *, total: int, now: datetime) -> None:
        check_offline_sale(session, total=total, now=now)

    def check_seats(
        self, session: Session, *, performance_id: str, seat_ids: Sequence[str], outlet_id: str
    ) -> None:
        rows = {
            r.seat_id: r
            for r in sql.rows(
                session,
                "SELECT seat_id, blocked_reason, allocated_outlet_id FROM performance_seat "
                f"WHERE performance_id = ? AND seat_id IN ({sql.marks(len(seat_ids))})",
                performance_id,
                *seat_ids,
            )
        }
        sold = seats_already_sold(session, performance_id=performance_id, seat_ids=seat_ids)
        # What central last said: a seat of this outlet's allocation that another terminal of
        # the outlet sold or holds is not ours to sell any more.
        elsewhere = {
            r.seat_id: r.status
            for r in sql.rows(
                session,
                "SELECT seat_id, status FROM seat_status WHERE performance_id = ? AND status IN ('sold', 'held') "
                f"AND held_by_me = 0 AND seat_id IN ({sql.marks(len(seat_ids))})",
                performance_id,
                *seat_ids,
            )
        }
        for seat_id in seat_ids:
            row = rows.get(seat_id)
            if row is None:
                raise NotSellable(
                    f"seat {seat_id} does not exist in this performance", seat=seat_id, reason="unknown_seat"
                )
            if seat_id in sold:
                raise NotSellable(f"seat {seat_id} is already sold", seat=seat_id, reason="sold")
            if row.blocked_reason:
                raise NotSellable(
                    f"seat {seat_id} is blocked ({row.blocked_reason})", seat=seat_id, reason="blocked"
                )
            if seat_id in elsewhere:
                raise NotSellable(
                    f"seat {seat_id} was {elsewhere[seat_id]} at another terminal",
                    seat=seat_id,
                    reason="sold",
                )
            if row.allocated_outlet_id != outlet_id:
                raise NotSellable(
                    f"seat {seat_id} is not allocated to this outlet and cannot be sold offline",
                    seat=seat_id,
                    reason="not_allocated",
                )
        if lease.leasing(session):
            leased = lease.leased_seats(session, performance_id=performance_id, seat_ids=seat_ids)
            for seat_id in seat_ids:
                if seat_id not in leased:
                    raise NotSellable(
                        f"seat {seat_id} is not leased to this terminal: it sells online only",
                        seat=seat_id,
                        reason="not_leased",
                    )

    def check_standing(
        self, session: Session, *, performance_id: str, area_id: str, quantity: int, outlet_id: str
    ) -> None:
        area = session.get(PerformanceStanding, (performance_id, area_id))
        if area is None:
            raise NotSellable(
                f"no standing area {area_id} in this performance", area=area_id, reason="unknown_area"
            )
        allocation = session.get(StandingAllocation, (performance_id, area_id, outlet_id))
        allocated = allocation.quantity if allocation else 0
        if lease.leasing(session):
            # The lease is the whole story: central took it out of the outlet's quota for this
            # terminal alone, so what other terminals sold does not touch it.
            left = lease.standing_left(session, performance_id=performance_id, area_id=area_id)
            if quantity > left:
                raise NotSellable(
                    f"only {left} place(s) of {area_id} are leased to this terminal for offline sale "
                    f"(asked for {quantity}): the rest sells online",
                    area=area_id,
                    reason="not_leased" if allocated else "not_allocated",
                )
            return
        left = allocated - standing_sold_by_us(session, performance_id=performance_id, area_id=area_id)
        # Other terminals of the outlet sell from the same quota: what central last said was
        # left, less what this terminal sold that central may not have counted yet.
        central = sql.row(
            session,
            "SELECT own_available FROM standing_status WHERE performance_id = ? AND area_id = ?",
            performance_id,
            area_id,
        )
        if central is not None:
            unsynced = sql.row(
                session,
                "SELECT count(*) AS n FROM ticket t JOIN outbox o ON o.id = t.order_id "
                "WHERE t.performance_id = ? AND t.area_id = ? AND t.status = 'valid' AND o.status != 'sent'",
                performance_id,
                area_id,
            )
            left = min(left, central.own_available - (unsynced.n if unsynced else 0))
        if quantity > left:
            raise NotSellable(
                f"only {max(left, 0)} place(s) left in {area_id} for this outlet (asked for {quantity})",
                area=area_id,
                reason="quota_exhausted" if allocated else "not_allocated",
            )
