"""The cash drawer: which shift is open on it and what it should hold.

What the shift services, the cash movements and the after-sales services share: the checks
of a drawer's name, an amount and a reason, the open shift of a drawer (the sale path and
the reversals ask inside their own transaction), and the expected cash of a shift
(:func:`drawer_cash`, see :mod:`pos.cash.shifts` for the formula). Uses the store only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from pos.errors import InvalidInput, NoOpenShift, NoShiftForCash, NotFound
from pos.money import Money
from pos.store import sql

DEFAULT_DRAWER = "main"
MAX_AMOUNT = 100_000_000  # fen: a million yuan; more than that in a drawer is a typing error
MAX_REASON = 200
_DRAWER = re.compile(r"[A-Za-z0-9-]{1,16}")  # ASCII: str.isalnum() also takes hanzi


@dataclass(frozen=True, slots=True)
class DrawerCash:
    """What the drawer should hold, and why."""

    opening_float: Money
    cash_sales: Money
    cash_refunds: Money  # positive: cash given back
    cash_in: Money
    cash_out: Money
    exchange_in: Money  # cash collected for dearer new tickets
    exchange_out: Money  # cash given back for cheaper new tickets

    @property
    def expected(self) -> Money:
        return (
            self.opening_float
            + self.cash_sales
            - self.cash_refunds
            + self.cash_in
            - self.cash_out
            + self.exchange_in
            - self.exchange_out
        )


# --- checks of what a caller gives --------------------------------------------------------


def check_amount(amount: object, what: str, *, allow_zero: bool) -> int:
    """An amount in fen from a caller: an int, not negative (not zero unless allowed), sane."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise InvalidInput(f"{what} must be a whole number of fen, got {amount!r}")
    if amount < 0 or (amount == 0 and not allow_zero):
        raise InvalidInput(f"{what} must be more than 0" if not allow_zero else f"{what} cannot be negative")
    if amount > MAX_AMOUNT:
        raise InvalidInput(
            f"{what} of {Money(amount).format()} is more than a drawer holds: check the amount"
        )
    return amount


def check_drawer(drawer: str) -> str:
    drawer = (drawer or "").strip()
    if not _DRAWER.fullmatch(drawer):
        raise InvalidInput("a drawer is named by 1-16 letters, digits or '-'")
    return drawer


def check_reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise InvalidInput("say why (a reason is needed)")
    if len(text) > MAX_REASON:
        raise InvalidInput(f"the reason is too long (at most {MAX_REASON} characters)")
    return text


# --- the drawer's shift, inside the caller's transaction ----------------------------------


def terminal(session: Session) -> tuple[str, str]:
    """(terminal id, currency) of this terminal."""
    row = sql.row(session, "SELECT terminal_id, currency FROM terminal")
    if row is None:
        raise NotFound("this terminal is not initialised: run `pos init`")
    return row.terminal_id, row.currency


def open_shift_id(session: Session, drawer: str = DEFAULT_DRAWER) -> str | None:
    """The open shift on ``drawer``, inside the caller's transaction (the sale path)."""
    found = sql.row(session, "SELECT id FROM shift WHERE drawer = ? AND status = 'open'", drawer)
    return found.id if found else None


def open_row(session: Session, drawer: str) -> Any:
    """The open shift's row on ``drawer``; :class:`NoOpenShift` (saying when the last one
    closed) when there is none."""
    found = sql.row(session, "SELECT * FROM shift WHERE drawer = ? AND status = 'open'", drawer)
    if found is None:
        last = sql.row(
            session,
            "SELECT id, closed_at FROM shift WHERE drawer = ? ORDER BY opened_at DESC LIMIT 1",
            drawer,
        )
        hint = f" (the last one, {last.id[:8]}, was closed at {last.closed_at[:16]} UTC)" if last else ""
        raise NoOpenShift(f"no shift is open on drawer {drawer}{hint}: open one first", drawer=drawer)
    return found


def cash_shift(session: Session, *, cash: int, what: str, drawer: str = DEFAULT_DRAWER) -> str | None:
    """The open shift on ``drawer`` for an after-sales action, inside its transaction.

    Cash (``cash`` fen, in or out) must go through a drawer with an open shift, or it would
    land in no count: refused with :class:`NoShiftForCash`, before anything is written. With
    no cash the action needs no shift (a card refund goes back through the acquirer by
    reference, with no drawer involved, e.g. a phoned-in refund while the counter is
    closed); the open shift, if any, is still recorded for the shift's report."""
    found = open_shift_id(session, drawer)
    if found is None and cash:
        raise NoShiftForCash(
            f"{what} moves {Money(cash).format()} in cash, but no shift is open on drawer {drawer}: "
            "the cash would land in no drawer. Open a shift (count the float) first",
            drawer=drawer,
            cash=cash,
        )
    return found


def drawer_cash(session: Session, shift: Any, *, currency: str, upto_seq: int | None = None) -> DrawerCash:
    """Expected cash of a shift, from the store, inside the caller's transaction."""
    shift_id, open_seq = shift.id, shift.open_seq
    end_seq = upto_seq if upto_seq is not None else shift.close_seq
    sales = sql.row(
        session,
        "SELECT coalesce(sum(p.amount), 0) AS fen FROM payment p JOIN sale_order o ON o.id = p.order_id "
        "WHERE o.shift_id = ? AND p.kind = 'cash' AND p.amount > 0",
        shift_id,
    ).fen
    # Refunds, voids and exchanges name the shift whose drawer the cash moved through
    # (``data.shift``); older entries without it are counted by their place in the journal.
    refunded = ex_in = ex_out = 0
    bound = "" if end_seq is None else " AND seq <= ?"
    params: tuple[object, ...] = (open_seq,) if end_seq is None else (open_seq, end_seq)
    for r in sql.rows(
        session,
        "SELECT record FROM journal WHERE seq > ?"
        + bound
        + " AND json_extract(record, '$.kind') IN ('refund', 'void', 'exchange')",
        *params,
    ):
        rec = json.loads(r.record)
        data = rec["data"]
        if "shift" in data and data["shift"] != shift_id:
            continue
        back = sum(x["amount"] for x in data.get("refunds", ()) if x["kind"] == "cash")
        if rec["kind"] == "exchange":
            ex_in += sum(x["amount"] for x in data.get("collected", ()) if x["kind"] == "cash")
            ex_out += back
        else:
            refunded += back
    moves = {
        m.kind: m.fen
        for m in sql.rows(
            session,
            "SELECT kind, coalesce(sum(amount), 0) AS fen FROM cash_movement WHERE shift_id = ? GROUP BY kind",
            shift_id,
        )
    }
    return DrawerCash(
        opening_float=Money(shift.opening_float, currency),
        cash_sales=Money(sales, currency),
        cash_refunds=Money(refunded, currency),
        cash_in=Money(moves.get("in", 0), currency),
        cash_out=Money(moves.get("out", 0), currency),
        exchange_in=Money(ex_in, currency),
        exchange_out=Money(ex_out, currency),
    )
