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

Opening the drawer with no sale (cash in, cash out, "no sale") needs the OPEN_DRAWER
permission, so a clerk needs a supervisor's approval (:mod:`pos.staff.access`).
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pos.errors import InvalidInput, NotFound, PosError
from pos.journal import chain as journal
from pos.money import Money
from pos.staff.access import Override, Permission, StaffSession, authorise, spend
from pos.store import sql
from pos.store.db import Store

DEFAULT_DRAWER = "main"
MAX_AMOUNT = 100_000_000  # fen: a million yuan; more than that in a drawer is a typing error
MAX_REASON = 200
_DRAWER = re.compile(r"[A-Za-z0-9-]{1,16}")  # ASCII: str.isalnum() also takes hanzi


class ShiftRefused(PosError):
    """A shift action that cannot be done now (already open, already closed…)."""

    code = "shift_refused"


class NoOpenShift(ShiftRefused):
    code = "no_open_shift"


class NoShiftForCash(NoOpenShift):
    """A refund, void or exchange would move cash with no shift open on the drawer."""

    code = "no_shift_for_cash"


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


@dataclass(frozen=True, slots=True)
class ShiftStatus:
    shift: ShiftInfo
    sales: int
    tickets: int
    cash: DrawerCash | None  # None for a clerk: the count is blind


@dataclass(frozen=True, slots=True)
class CashMovementInfo:
    shift_id: str
    kind: str  # in | out
    amount: Money
    reason: str
    staff_id: str
    approver_id: str | None
    journal_seq: int


# --- helpers ---------------------------------------------------------------------------


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


def _check_drawer(drawer: str) -> str:
    drawer = (drawer or "").strip()
    if not _DRAWER.fullmatch(drawer):
        raise InvalidInput("a drawer is named by 1-16 letters, digits or '-'")
    return drawer


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise InvalidInput("say why (a reason is needed)")
    if len(text) > MAX_REASON:
        raise InvalidInput(f"the reason is too long (at most {MAX_REASON} characters)")
    return text


def _terminal(session: Session) -> tuple[str, str]:
    row = sql.row(session, "SELECT terminal_id, currency FROM terminal")
    if row is None:
        raise NotFound("this terminal is not initialised: run `pos init`")
    return row.terminal_id, row.currency


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


def open_shift_id(session: Session, drawer: str = DEFAULT_DRAWER) -> str | None:
    """The open shift on ``drawer``, inside the caller's transaction (the sale path)."""
    found = sql.row(session, "SELECT id FROM shift WHERE drawer = ? AND status = 'open'", drawer)
    return found.id if found else None


def _open_row(session: Session, drawer: str) -> Any:
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


# --- services --------------------------------------------------------------------------


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
    drawer = _check_drawer(drawer)
    auth = authorise(actor=actor, permission=Permission.SELL, now=now)
    shift_id = str(uuid.uuid4())
    try:
        with store.write() as session:
            terminal_id, currency = _terminal(session)
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
        _, currency = _terminal(session)
        r = sql.row(
            session, "SELECT * FROM shift WHERE drawer = ? AND status = 'open'", _check_drawer(drawer)
        )
        return _info(r, currency) if r else None


def get_shift(store: Store, *, shift_id: str) -> ShiftInfo:
    with store.read() as session:
        _, currency = _terminal(session)
        r = sql.row(session, "SELECT * FROM shift WHERE id = ?", shift_id)
        if r is None:
            raise NotFound(f"no shift {shift_id}")
        return _info(r, currency)


def status(store: Store, *, actor: StaffSession, drawer: str = DEFAULT_DRAWER) -> ShiftStatus:
    """The open shift. Expected cash only for those who may close out: a clerk's count is blind."""
    drawer = _check_drawer(drawer)
    with store.read() as session:
        _, currency = _terminal(session)
        r = _open_row(session, drawer)
        counts = sql.row(
            session,
            "SELECT count(*) AS n, coalesce(sum(ticket_count), 0) AS t FROM sale_order WHERE shift_id = ?",
            r.id,
        )
        cash = drawer_cash(session, r, currency=currency) if actor.can(Permission.CLOSE_OUT) else None
        return ShiftStatus(_info(r, currency), counts.n, counts.t, cash)


def _move(
    store: Store,
    *,
    kind: str,
    actor: StaffSession,
    amount: int,
    reason: str,
    override: Override | None,
    drawer: str,
    now: datetime | None,
) -> CashMovementInfo:
    now = now or datetime.now(UTC)
    check_amount(amount, f"the cash-{kind} amount", allow_zero=False)
    reason = _reason(reason)
    drawer = _check_drawer(drawer)
    # The drawer opens with no sale: a supervisor's matter.
    auth = authorise(actor=actor, permission=Permission.OPEN_DRAWER, override=override, now=now)
    with store.write() as session:
        terminal_id, currency = _terminal(session)
        shift = _open_row(session, drawer)
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


def cash_in(
    store: Store,
    *,
    actor: StaffSession,
    amount: int,
    reason: str,
    override: Override | None = None,
    drawer: str = DEFAULT_DRAWER,
    now: datetime | None = None,
) -> CashMovementInfo:
    """Put cash into the drawer with no sale (more change, say)."""
    return _move(
        store, kind="in", actor=actor, amount=amount, reason=reason, override=override, drawer=drawer, now=now
    )


def cash_out(
    store: Store,
    *,
    actor: StaffSession,
    amount: int,
    reason: str,
    override: Override | None = None,
    drawer: str = DEFAULT_DRAWER,
    now: datetime | None = None,
) -> CashMovementInfo:
    """Take cash out of the drawer with no sale (to the safe, say). Never more than it holds."""
    return _move(
        store,
        kind="out",
        actor=actor,
        amount=amount,
        reason=reason,
        override=override,
        drawer=drawer,
        now=now,
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

    The permission check, the approval and the journal entry are the after-sales module's
    (one implementation); the printer layer sends the kick after this returns."""
    from pos.aftersales.reversal import open_drawer as _record

    drawer = _check_drawer(drawer)
    with store.read() as session:
        _open_row(session, drawer)
    return _record(store, actor=actor, override=override, reason=_reason(reason), now=now)


def close_shift(
    store: Store,
    *,
    actor: StaffSession,
    counted: int,
    drawer: str = DEFAULT_DRAWER,
    shift_id: str | None = None,
    now: datetime | None = None,
) -> ShiftInfo:
    """Close the open shift with the clerk's blind count; returns expected and variance.

    ``shift_id``, when given, must be the open shift: closing a shift twice is refused
    with when it was closed."""
    now = now or datetime.now(UTC)
    check_amount(counted, "the counted cash", allow_zero=True)
    drawer = _check_drawer(drawer)
    with store.write() as session:
        terminal_id, currency = _terminal(session)
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
        shift = _open_row(session, drawer)
        # Closing someone else's shift is the supervisor's call; the owner closes their own.
        permission = Permission.SELL if shift.opened_by == actor.staff_id else Permission.CLOSE_OUT
        auth = authorise(actor=actor, permission=permission, now=now)
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
        _, currency = _terminal(session)
        return tuple(
            _info(r, currency)
            for r in sql.rows(session, "SELECT * FROM shift WHERE open_seq > ? ORDER BY open_seq", since_seq)
        )
