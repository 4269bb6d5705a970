"""Shifts and the cash drawer.

A shift opens with a counted float and closes with a blind count: the clerk enters what is
in the drawer before the terminal says what should be there, then the variance is shown and
journaled. One shift is open per drawer at a time (a partial unique index says so too), and
the sale path refuses to sell without one (:func:`open_shift_id`, used by
``pos.sales.checks``).

Expected drawer cash = float + cash taken by sales of the shift − cash given back by
refunds and voids during the shift + cash put in − cash taken out + cash collected by
exchanges − cash given back by exchanges. Sales are counted by the order's shift (an
exchange's new order has none: it is an exchange, not a sale). Refunds, voids and
exchanges are counted by the shift recorded in their journal entries (``data.shift``): a
reversal gives cash from whatever drawer is open when it is made, whichever shift sold the
ticket, and one that moves cash is refused when no shift is open (:func:`cash_shift`).
Entries written before the shift was recorded on them are counted by time (between the
shift's opening and closing entries).

Opening the drawer with no sale (cash in, cash out, "no sale") is :mod:`pos.cash.movements`;
the drawer's open shift and expected cash are :mod:`pos.cash.drawer` (re-exported here).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from pos.cash.drawer import (
    DEFAULT_DRAWER,
    DrawerCash,
    cash_shift,
    check_amount,
    check_drawer,
    drawer_cash,
    open_row,
    open_shift_id,
    terminal,
)
from pos.cash.movements import CashMovementInfo, cash_in, cash_out, open_drawer
from pos.errors import NoOpenShift, NoShiftForCash, NotFound, ShiftRefused
from pos.journal import chain as journal
from pos.money import Money
from pos.staff.access import Override, Permission, StaffSession, authorise, spend
from pos.store import sql
from pos.store.db import Store

__all__ = [
    "DEFAULT_DRAWER",
    "CashMovementInfo",
    "DrawerCash",
    "NoOpenShift",
    "NoShiftForCash",
    "ShiftInfo",
    "ShiftRefused",
    "ShiftStatus",
    "cash_in",
    "cash_out",
    "cash_shift",
    "check_amount",
    "close_shift",
    "current_shift",
    "drawer_cash",
    "get_shift",
    "list_shifts",
    "open_drawer",
    "open_shift",
    "open_shift_id",
    "status",
]


@dataclass(frozen=True, slots=True)
class ShiftInfo:
    shift_id: str
    drawer: str
    status: str  # open | closed
    opened_by: str
    opened_at: datetime
    opening_float: Money
    open_seq: int
    closed_by: str | None = None
    closed_at: datetime | None = None
    counted: Money | None = None
    expected: Money | None = None
    close_seq: int | None = None

    @property
    def variance(self) -> Money | None:
        if self.counted is None or self.expected is None:
            return None
        return self.counted - self.expected


@dataclass(frozen=True, slots=True)
class ShiftStatus:
    shift: ShiftInfo
    sales: int
    tickets: int
    cash: DrawerCash | None  # None for a clerk: the count is blind


def _info(r: Any, currency: str) -> ShiftInfo:
    def m(v: int | None) -> Money | None:
        return None if v is None else Money(v, currency)

    return ShiftInfo(
        shift_id=r.id,
        drawer=r.drawer,
        status=r.status,
        opened_by=r.opened_by,
        opened_at=sql.time_out(r.opened_at) or datetime.min.replace(tzinfo=UTC),
        opening_float=Money(r.opening_float, currency),
        open_seq=r.open_seq,
        closed_by=r.closed_by,
        closed_at=sql.time_out(r.closed_at),
        counted=m(r.counted),
        expected=m(r.expected),
        close_seq=r.close_seq,
    )


# --- services ---------------------------------------------------------------------------


def open_shift(
    store: Store,
    *,
    actor: StaffSession,
    opening_float: int,
    drawer: str = DEFAULT_DRAWER,
    now: datetime | None = None,
) -> ShiftInfo:
    """Open a shift on a drawer with the float the clerk counted into it."""
    now = now or datetime.now(UTC)
    check_amount(opening_float, "the float", allow_zero=True)
    drawer = check_drawer(drawer)
    auth = authorise(actor=actor, permission=Permission.SELL, now=now)
    shift_id = str(uuid.uuid4())
    try:
        with store.write() as session:
            terminal_id, currency = terminal(session)
            existing = sql.row(
                session, "SELECT id, opened_by FROM shift WHERE drawer = ? AND status = 'open'", drawer
            )
            if existing is not None:
                raise ShiftRefused(
                    f"drawer {drawer} already has an open shift ({existing.id[:8]}, opened by "
                    f"{existing.opened_by}): close it first",
                    drawer=drawer,
                )
            seq = journal.append(
                session,
                kind="shift_open",
                terminal_id=terminal_id,
                staff_id=auth.actor_id,
                ref=shift_id,
                data={"drawer": drawer, "float": opening_float},
                now=now,
            )
            sql.insert(
                session,
                "shift",
                [
                    {
                        "id": shift_id,
                        "drawer": drawer,
                        "terminal_id": terminal_id,
                        "status": "open",
                        "opened_by": auth.actor_id,
                        "opened_at": now,
                        "opening_float": opening_float,
                        "open_seq": seq,
                    }
                ],
            )
            row = sql.row(session, "SELECT * FROM shift WHERE id = ?", shift_id)
            return _info(row, currency)
    except IntegrityError as exc:
        # Another program opened one between our check and our insert: the index decides.
        if "uq_shift_open_drawer" in str(exc.orig) or "shift.drawer" in str(exc.orig):
            raise ShiftRefused(f"drawer {drawer} already has an open shift", drawer=drawer) from exc
        raise


def current_shift(store: Store, *, drawer: str = DEFAULT_DRAWER) -> ShiftInfo | None:
    with store.read() as session:
        _, currency = terminal(session)
        r = sql.row(session, "SELECT * FROM shift WHERE drawer = ? AND status = 'open'", check_drawer(drawer))
        return _info(r, currency) if r else None


def get_shift(store: Store, *, shift_id: str) -> ShiftInfo:
    with store.read() as session:
        _, currency = terminal(session)
        r = sql.row(session, "SELECT * FROM shift WHERE id = ?", shift_id)
        if r is None:
            raise NotFound(f"no shift {shift_id}")
        return _info(r, currency)


def status(store: Store, *, actor: StaffSession, drawer: str = DEFAULT_DRAWER) -> ShiftStatus:
    """The open shift. Expected cash only for those who may close out: a clerk's count is blind."""
    drawer = check_drawer(drawer)
    with store.read() as session:
        _, currency = terminal(session)
        r = open_row(session, drawer)
        counts = sql.row(
            session,
            "SELECT count(*) AS n, coalesce(sum(ticket_count), 0) AS t FROM sale_order WHERE shift_id = ?",
            r.id,
        )
        cash = drawer_cash(session, r, currency=currency) if actor.can(Permission.CLOSE_OUT) else None
        return ShiftStatus(_info(r, currency), counts.n, counts.t, cash)


def close_shift(
    store: Store,
    *,
    actor: StaffSession,
    counted: int,
    drawer: str = DEFAULT_DRAWER,
    shift_id: str | None = None,
    override: Override | None = None,
    now: datetime | None = None,
) -> ShiftInfo:
    """Close the open shift with the clerk's blind count; returns expected and variance.
    Someone else's shift needs ``close_out``: the actor's own, or a supervisor's ``override``.

    ``shift_id``, when given, must be the open shift: closing a shift twice is refused
    with when it was closed."""
    now = now or datetime.now(UTC)
    check_amount(counted, "the counted cash", allow_zero=True)
    drawer = check_drawer(drawer)
    with store.write() as session:
        terminal_id, currency = terminal(session)
        if shift_id is not None:
            named = sql.row(session, "SELECT * FROM shift WHERE id = ?", shift_id)
            if named is None:
                raise NotFound(f"no shift {shift_id}")
            if named.status == "closed":
                raise ShiftRefused(
                    f"shift {shift_id[:8]} was closed already, at {named.closed_at[:16]} UTC by {named.closed_by}",
                    shift=shift_id,
                )
            drawer = named.drawer
        shift = open_row(session, drawer)
        # Closing someone else's shift is the supervisor's call; the owner closes their own.
        permission = Permission.SELL if shift.opened_by == actor.staff_id else Permission.CLOSE_OUT
        auth = authorise(actor=actor, permission=permission, override=override, now=now)
        spend(session, auth, override, now=now)
        cash = drawer_cash(session, shift, currency=currency)
        expected = cash.expected.amount
        sid = shift.id
        seq = journal.append(
            session,
            kind="shift_close",
            terminal_id=terminal_id,
            staff_id=auth.actor_id,
            ref=sid,
            data={
                "drawer": drawer,
                "float": cash.opening_float.amount,
                "cash_sales": cash.cash_sales.amount,
                "cash_refunds": cash.cash_refunds.amount,
                "cash_in": cash.cash_in.amount,
                "cash_out": cash.cash_out.amount,
                "exchange_in": cash.exchange_in.amount,
                "exchange_out": cash.exchange_out.amount,
                "expected": expected,
                "counted": counted,
                "variance": counted - expected,
            },
            now=now,
        )
        done = sql.run(
            session,
            "UPDATE shift SET status = 'closed', closed_by = ?, closed_at = ?, counted = ?, expected = ?, "
            "close_seq = ? WHERE id = ? AND status = 'open'",
            (auth.actor_id, sql.time_in(now), counted, expected, seq, sid),
        )
        if done.rowcount != 1:
            raise ShiftRefused("the shift was closed by someone else a moment ago")
        return _info(sql.row(session, "SELECT * FROM shift WHERE id = ?", sid), currency)


def list_shifts(store: Store, *, since_seq: int = 0) -> tuple[ShiftInfo, ...]:
    with store.read() as session:
        _, currency = terminal(session)
        return tuple(
            _info(r, currency)
            for r in sql.rows(session, "SELECT * FROM shift WHERE open_seq > ? ORDER BY open_seq", since_seq)
        )
