"""``pos shift …`` (open, cash in/out, blind close, status, report) and ``pos drawer open``;
``pos report z`` is in ``report_cmd``.

Amounts are typed as on the sale command's tenders: yuan with up to two decimals
(``500`` or ``500.00``); JSON output gives them in fen.
"""

from __future__ import annotations

from typing import Any

import click

from poscli.acting import STAFF_OPTIONS, Acting, supervised_options, with_options
from poscli.base import Ctx, handle_errors, open_store, pass_ctx

_staff = STAFF_OPTIONS
_with = with_options
_drawer = click.option("--drawer", default="main", show_default=True, help="The cash drawer.")


def _amount(text: str, what: str, currency: str) -> int:
    """Yuan as typed (``120`` or ``120.50``) into fen; never negative."""
    import re

    from pos.errors import InvalidInput
    from pos.money import Money

    if not re.fullmatch(r"[0-9]{1,9}(\.[0-9]{1,2})?", text.strip()):
        raise InvalidInput(f"{what}: not an amount {text!r} (use e.g. 500 or 500.00; no sign)")
    return Money.parse(text, currency).amount


def _counted(ctx: Ctx, text: str, what: str, staff_id: str, pin: str) -> tuple[Any, int, Any]:
    """The store, an amount typed in yuan (in fen, in the terminal's currency) and who types it."""
    from pos.staff.access import authenticate
    from pos.terminal.identity import terminal_info

    store = open_store(ctx)
    fen = _amount(text, what, terminal_info(store).currency)
    return store, fen, authenticate(store, staff_id=staff_id, pin=pin)


def fen_text(fen: int | None, currency: str) -> str:
    """An amount in fen as shown on a report line; ``-`` when there is none."""
    from pos.money import Money

    return "-" if fen is None else Money(fen, currency).format()


_m = fen_text  # short: the report lines are long


def _shift_dict(s: Any) -> dict[str, Any]:
    return {
        "shift_id": s.shift_id,
        "drawer": s.drawer,
        "status": s.status,
        "opened_by": s.opened_by,
        "opened_at": s.opened_at.isoformat(),
        "float": s.opening_float.amount,
        "closed_by": s.closed_by,
        "closed_at": s.closed_at.isoformat() if s.closed_at else None,
        "counted": s.counted.amount if s.counted is not None else None,
        "expected": s.expected.amount if s.expected is not None else None,
        "variance": s.variance.amount if s.variance is not None else None,
        "currency": s.opening_float.currency,
    }


@click.group("shift")
def shift_group() -> None:
    """Open and close shifts at the cash drawer; cash in and out."""


def _counted_command(name: str, option: str, option_help: str) -> Any:
    """``pos shift open`` and ``close``: a counted amount, who counts it, the drawer; the
    decorated function does the rest with the store, the amount in fen and the actor."""

    def deco(fn: Any) -> Any:
        @shift_group.command(name, help=fn.__doc__)
        @click.option(option, "amount_text", required=True, help=option_help)
        @_with(_staff)
        @_drawer
        @pass_ctx
        @handle_errors
        def command(ctx: Ctx, amount_text: str, staff_id: str, pin: str, drawer: str) -> None:
            store, fen, actor = _counted(ctx, amount_text, option, staff_id, pin)
            fn(ctx, store, fen, actor, drawer)

        return command

    return deco


@_counted_command("open", "--float", "The float counted into the drawer, in yuan.")
def shift_open(ctx: Ctx, store: Any, fen: int, actor: Any, drawer: str) -> None:
    """Open a shift with the counted float."""
    from pos.cash.shifts import open_shift

    s = open_shift(store, actor=actor, opening_float=fen, drawer=drawer)
    ctx.emit(
        _shift_dict(s),
        f"shift {s.shift_id[:8]} open on drawer {s.drawer} by {s.opened_by}, float {s.opening_float.format()}",
    )


def _movement(ctx: Ctx, kind: str, amount: str, reason: str, acting: Acting, drawer: str) -> None:
    from pos.cash import shifts
    from pos.staff.access import Permission

    store, fen, actor = _counted(ctx, amount, "--amount", acting.staff_id, acting.pin)
    ov = acting.override(store, Permission.OPEN_DRAWER)
    do = shifts.cash_in if kind == "in" else shifts.cash_out
    mv = do(store, actor=actor, amount=fen, reason=reason, override=ov, drawer=drawer)
    ctx.emit(
        {
            "shift_id": mv.shift_id,
            "kind": mv.kind,
            "amount": mv.amount.amount,
            "reason": mv.reason,
            "staff": mv.staff_id,
            "approver": mv.approver_id,
            "journal_seq": mv.journal_seq,
        },
        f"cash {kind} {mv.amount.format()} ({mv.reason}) recorded as journal entry #{mv.journal_seq}",
    )


def _movement_command(kind: str, name: str, amount_help: str, doc: str) -> None:
    """``pos shift cash-in`` and ``cash-out``: the same command, one direction each."""

    @shift_group.command(name, help=doc)
    @click.option("--amount", required=True, help=amount_help)
    @click.option("--reason", required=True)
    @supervised_options
    @_drawer
    @pass_ctx
    @handle_errors
    def command(ctx: Ctx, amount: str, reason: str, acting: Acting, drawer: str) -> None:
        _movement(ctx, kind, amount, reason, acting, drawer)


_movement_command("in", "cash-in", "Yuan put into the drawer.", "Put cash into the drawer with no sale (needs a supervisor).")
_movement_command("out", "cash-out", "Yuan taken out of the drawer.", "Take cash out of the drawer with no sale (needs a supervisor).")


@_counted_command("close", "--count", "The cash counted in the drawer, in yuan (blind).")
def shift_close(ctx: Ctx, store: Any, fen: int, actor: Any, drawer: str) -> None:
    """Close the shift with a blind count; shows what was expected and the variance."""
    from pos.cash.shifts import close_shift

    s = close_shift(store, actor=actor, counted=fen, drawer=drawer)
    cur = s.opening_float.currency
    ctx.emit(
        _shift_dict(s),
        f"shift {s.shift_id[:8]} closed: counted {_m(s.counted.amount if s.counted is not None else None, cur)}, "
        f"expected {_m(s.expected.amount if s.expected is not None else None, cur)}, "
        f"variance {_m(s.variance.amount if s.variance is not None else None, cur)}",
    )


@shift_group.command("status")
@_with(_staff)
@_drawer
@pass_ctx
@handle_errors
def shift_status(ctx: Ctx, staff_id: str, pin: str, drawer: str) -> None:
    """The open shift; the expected cash is shown to a supervisor only (the count is blind)."""
    from pos.cash.shifts import status
    from pos.staff.access import authenticate

    store = open_store(ctx)
    actor = authenticate(store, staff_id=staff_id, pin=pin)
    st = status(store, actor=actor, drawer=drawer)
    s, cur = st.shift, st.shift.opening_float.currency
    data: dict[str, Any] = {**_shift_dict(s), "sales": st.sales, "tickets": st.tickets}
    text = (
        f"shift {s.shift_id[:8]} open on drawer {s.drawer} since {s.opened_at:%Y-%m-%d %H:%M} UTC "
        f"by {s.opened_by}: {st.sales} sales, {st.tickets} tickets, float {s.opening_float.format()}"
    )
    if st.cash is not None:
        c = st.cash
        data["cash"] = {
            "float": c.opening_float.amount,
            "cash_sales": c.cash_sales.amount,
            "cash_refunds": c.cash_refunds.amount,
            "cash_in": c.cash_in.amount,
            "cash_out": c.cash_out.amount,
            "exchange_in": c.exchange_in.amount,
            "exchange_out": c.exchange_out.amount,
            "expected": c.expected.amount,
        }
        text += (
            f"\n  cash sales {c.cash_sales.format()}, refunds {c.cash_refunds.format()}, "
            f"in {c.cash_in.format()}, out {c.cash_out.format()}, "
            f"exchanges +{c.exchange_in.format()} -{c.exchange_out.format()}: expected {_m(c.expected.amount, cur)}"
        )
    ctx.emit(data, text)


@shift_group.command("report")
@_with(_staff)
@click.option("--shift", "shift_id", default=None, help="The shift (default: the last one).")
@click.option("--print", "do_print", is_flag=True, help="Print it on the thermal printer.")
@click.option("--printer", "printer_name", default=None, help="Printer profile (default: the only one).")
@pass_ctx
@handle_errors
def shift_report(
    ctx: Ctx, staff_id: str, pin: str, shift_id: str | None, do_print: bool, printer_name: str | None
) -> None:
    """A shift's figures (sales, refunds, tenders, cash); for its clerk or a supervisor."""
    from pos.cash.closeout import shift_report as do_report
    from pos.staff.access import authenticate

    store = open_store(ctx)
    actor = authenticate(store, staff_id=staff_id, pin=pin)
    report, s = do_report(store, actor=actor, shift_id=shift_id)
    printed = print_status = None
    if do_print:
        from poscli.print_cmd import _profile
        from printing.zreport import print_shift_report

        outcome = print_shift_report(
            store, report=report, shift=s, printer=_profile(store, printer_name), staff_id=actor.staff_id
        )
        printed, print_status = outcome.job.job_id, outcome.job.status
    figures = report.to_dict()
    data = {
        **_shift_dict(s),
        "sales": report.orders,
        "tickets": report.tickets,
        "gross": report.gross,
        "refunded": report.refunded,
        "voided": report.voided,
        "net": report.net,
        "tenders": figures["tenders"],
        "print_job": printed,
        "print_status": print_status,
    }
    cur = report.currency
    text = "\n".join(
        [
            f"shift {s.shift_id[:8]} ({s.status}) on drawer {s.drawer}, opened by {s.opened_by}",
            f"  sales {report.orders}, tickets {report.tickets}, gross {_m(report.gross, cur)}, "
            f"net {_m(report.net, cur)}",
            *(f"  {t.kind:<7} net {_m(t.net, cur)}" for t in report.tenders),
            *(
                [
                    f"  cash expected {_m(data['expected'], cur)}, counted {_m(data['counted'], cur)}, "
                    f"variance {_m(data['variance'], cur)}"
                ]
                if s.status == "closed"
                else []
            ),
            *([f"  printed (job {printed})"] if printed else []),
        ]
    )
    ctx.emit(data, text)


@click.group("drawer")
def drawer_group() -> None:
    """The cash drawer."""


@drawer_group.command("open")
@click.option("--reason", required=True, help="Why the drawer opens with no sale.")
@supervised_options
@_drawer
@pass_ctx
@handle_errors
def drawer_open(ctx: Ctx, reason: str, acting: Acting, drawer: str) -> None:
    """Open the drawer with no sale (needs a supervisor's PIN). Journaled."""
    from pos.cash.shifts import open_drawer
    from pos.staff.access import Permission

    store = open_store(ctx)
    actor = acting.actor(store)
    ov = acting.override(store, Permission.OPEN_DRAWER)
    seq = open_drawer(store, actor=actor, override=ov, reason=reason, drawer=drawer)
    ctx.emit({"journal_seq": seq, "drawer": drawer}, f"drawer {drawer} opened (journal entry #{seq})")
