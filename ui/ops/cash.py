"""The drawer and the day: shift status, open, cash in and out, close with a blind count,
the X-report (figures so far) and the Z close-out."""

from __future__ import annotations

from pos.cash import closeout, shifts
from pos.cash.closeout import ZReport
from pos.cash.shifts import CashMovementInfo, ShiftInfo, ShiftStatus
from pos.staff.access import Override, StaffSession
from ui.context import AppContext
from ui.ops.changes import Change
from ui.ops.op import Op, read, write


def shift_status(ctx: AppContext, actor: StaffSession) -> Op[ShiftStatus | None]:
    """The open shift as ``actor`` may see it (a clerk counts blind), or None."""
    store = ctx.store

    def run() -> ShiftStatus | None:
        return shifts.status(store, actor=actor) if shifts.current_shift(store) else None

    return read("shift status", run)


def current_shift(ctx: AppContext) -> Op[ShiftInfo | None]:
    """The drawer's open shift for the status bar, or None."""
    store = ctx.store
    return read("shift", lambda: shifts.current_shift(store))


def open_shift(ctx: AppContext, actor: StaffSession, opening_float: int) -> Op[ShiftInfo]:
    store, now = ctx.store, ctx.clock()
    return write(
        "open shift",
        lambda: shifts.open_shift(store, actor=actor, opening_float=opening_float, now=now),
        Change.SHIFT,
    )


def move_cash(
    ctx: AppContext, kind: str, actor: StaffSession, amount: int, reason: str, grant: Override | None
) -> Op[CashMovementInfo]:
    """Cash in (``kind`` "in") or out of the drawer with no sale."""
    store, now = ctx.store, ctx.clock()
    do = shifts.cash_in if kind == "in" else shifts.cash_out
    return write(
        f"cash {kind}",
        lambda: do(store, actor=actor, amount=amount, reason=reason, override=grant, now=now),
        Change.SHIFT,
    )


def close_shift(
    ctx: AppContext, actor: StaffSession, counted: int, grant: Override | None = None
) -> Op[ShiftInfo]:
    store, now = ctx.store, ctx.clock()
    return write(
        "close shift",
        lambda: shifts.close_shift(store, actor=actor, counted=counted, override=grant, now=now),
        Change.SHIFT,
    )


def preview(ctx: AppContext, actor: StaffSession) -> Op[ZReport]:
    """The X-report: the day's figures so far, nothing closed."""
    store, now = ctx.store, ctx.clock()
    return read("X-report", lambda: closeout.preview(store, actor=actor, now=now))


def close_day(ctx: AppContext, actor: StaffSession, grant: Override | None = None) -> Op[ZReport]:
    store, now = ctx.store, ctx.clock()
    return write(
        "close-out", lambda: closeout.close_day(store, actor=actor, override=grant, now=now), Change.SHIFT
    )
