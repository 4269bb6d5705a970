"""The drawer opened with no sale: cash put in, cash taken out, and the "no sale" key.

Each needs the OPEN_DRAWER permission, so a clerk needs a supervisor's approval
(:mod:`pos.staff.access`), and each is journaled; cash in and out also need the drawer's
open shift, whose expected cash they change (``cash_movement`` rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NotRequired, TypedDict, Unpack

from pos.cash.drawer import (
    DEFAULT_DRAWER,
    check_amount,
    check_drawer,
    check_reason,
    drawer_cash,
    open_row,
    terminal,
)
from pos.errors import InvalidInput
from pos.journal import chain as journal
from pos.money import Money
from pos.staff.access import Override, Permission, StaffSession, authorise, spend
from pos.store import sql
from pos.store.db import Store


@dataclass(frozen=True, slots=True)
class CashMovementInfo:
    shift_id: str
    kind: str  # in | out
    amount: Money
    reason: str
    staff_id: str
    approver_id: str | None
    journal_seq: int


class Movement(TypedDict):
    """The arguments of :func:`cash_in` and :func:`cash_out` (keyword-only)."""

    actor: StaffSession
    amount: int
    reason: str
    override: NotRequired[Override | None]
    drawer: NotRequired[str]
    now: NotRequired[datetime | None]


def cash_in(store: Store, **move: Unpack[Movement]) -> CashMovementInfo:
    """Put cash into the drawer with no sale (more change, say)."""
    return _move(store, "in", **move)


def cash_out(store: Store, **move: Unpack[Movement]) -> CashMovementInfo:
    """Take cash out of the drawer with no sale (to the safe, say). Never more than it holds."""
    return _move(store, "out", **move)


def _move(
    store: Store,
    kind: str,
    *,
    actor: StaffSession,
    amount: int,
    reason: str,
    override: Override | None = None,
    drawer: str = DEFAULT_DRAWER,
    now: datetime | None = None,
) -> CashMovementInfo:
    now = now or datetime.now(UTC)
    check_amount(amount, f"the cash-{kind} amount", allow_zero=False)
    reason = check_reason(reason)
    drawer = check_drawer(drawer)
    # The drawer opens with no sale: a supervisor's matter.
    auth = authorise(actor=actor, permission=Permission.OPEN_DRAWER, override=override, now=now)
    with store.write() as session:
        terminal_id, currency = terminal(session)
        shift = open_row(session, drawer)
        if kind == "out":
            cash = drawer_cash(session, shift, currency=currency)
            if amount > cash.expected.amount:
                raise InvalidInput(
                    f"cannot take out {Money(amount, currency).format()}: the drawer should hold only "
                    f"{cash.expected.format()}",
                    expected=cash.expected.amount,
                )
        spend(session, auth, override, now=now)
        shift_id = shift.id
        seq = journal.append(
            session,
            kind=f"cash_{kind}",
            terminal_id=terminal_id,
            staff_id=auth.actor_id,
            approver_id=auth.approver_id,
            ref=shift_id,
            data={"drawer": drawer, "amount": amount, "reason": reason},
            now=now,
        )
        sql.insert(
            session,
            "cash_movement",
            [
                {
                    "shift_id": shift_id,
                    "kind": kind,
                    "amount": amount,
                    "reason": reason,
                    "staff_id": auth.actor_id,
                    "approver_id": auth.approver_id,
                    "at": now,
                    "journal_seq": seq,
                }
            ],
        )
    return CashMovementInfo(
        shift_id, kind, Money(amount, currency), reason, auth.actor_id, auth.approver_id, seq
    )


def open_drawer(
    store: Store,
    *,
    actor: StaffSession,
    reason: str,
    override: Override | None = None,
    drawer: str = DEFAULT_DRAWER,
    now: datetime | None = None,
) -> int:
    """Open the drawer with no sale ("no sale" key). Needs an open shift and a supervisor.

    The printer layer sends the kick after this returns."""
    drawer = check_drawer(drawer)
    with store.read() as session:
        open_row(session, drawer)
    return record_drawer_open(store, actor=actor, override=override, reason=check_reason(reason), now=now)


def record_drawer_open(
    store: Store,
    *,
    actor: StaffSession,
    override: Override | None = None,
    reason: str,
    now: datetime | None = None,
) -> int:
    """Record a drawer opened without a sale (the permission, the approval and the journal
    entry), shift or not. The printer layer sends the kick after this."""
    now = now or datetime.now(UTC)
    if not reason.strip():
        raise InvalidInput("say why the drawer is opened")
    auth = authorise(actor=actor, permission=Permission.OPEN_DRAWER, override=override, now=now)
    with store.write() as session:
        spend(session, auth, override, now=now)
        terminal_id, _ = terminal(session)
        return journal.append(
            session,
            kind="drawer_open",
            terminal_id=terminal_id,
            staff_id=auth.actor_id,
            approver_id=auth.approver_id,
            data={"reason": reason.strip()},
            now=now,
        )
