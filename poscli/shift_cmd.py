"""``pos shift …`` (open, cash in/out, blind close, status), ``pos drawer open`` and
``pos report z`` (the daily close-out, printed and exported).

Amounts are typed as on the sale command's tenders: yuan with up to two decimals
(``500`` or ``500.00``); JSON output gives them in fen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from poscli.base import Ctx, handle_errors, open_store, pass_ctx, supervisor_approval

_staff = [
    click.option("--staff", "staff_id", required=True, help="Who does it."),
    click.option("--pin", required=True, envvar="POS_PIN", help="Their PIN (or $POS_PIN)."),
]
_approval = [
    click.option("--approver", default=None, help="Supervisor approving a clerk's action."),
    click.option("--approver-pin", default=None, envvar="POS_APPROVER_PIN"),
]
_drawer = click.option("--drawer", default="main", show_default=True, help="The cash drawer.")


def _with(options: list[Any]) -> Any:
    def deco(fn: Any) -> Any:
        for option in reversed(options):
            fn = option(fn)
        return fn

    return deco


def _amount(text: str, what: str, currency: str) -> int:
    """Yuan as typed (``120`` or ``120.50``) into fen; never negative."""
    import re

    from pos.errors import InvalidInput
    from pos.money import Money

    if not re.fullmatch(r"[0-9]{1,9}(\.[0-9]{1,2})?", text.strip()):
        raise InvalidInput(f"{what}: not an amount {text!r} (use e.g. 500 or 500.00; no sign)")
    return Money.parse(text, currency).amount


def _m(fen: int | None, currency: str) -> str:
    from pos.money import Money

    return "-" if fen is None else Money(fen, currency).format()


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


@shift_group.command("open")
@click.option("--float", "float_text", required=True, help="The float counted into the drawer, in yuan.")
@_with(_staff)
@_drawer
@pass_ctx
@handle_errors
def shift_open(ctx: Ctx, float_text: str, staff_id: str, pin: str, drawer: str) -> None:
    """Open a shift with the counted float."""
    from pos.cash.shifts import open_shift
    from pos.staff.access import authenticate
    from pos.terminal.identity import terminal_info

    store = open_store(ctx)
    fen = _amount(float_text, "--float", terminal_info(store).currency)
    actor = authenticate(store, staff_id=staff_id, pin=pin)
    s = open_shift(store, actor=actor, opening_float=fen, drawer=drawer)
    ctx.emit(
        _shift_dict(s),
        f"shift {s.shift_id[:8]} open on drawer {s.drawer} by {s.opened_by}, float {s.opening_float.format()}",
    )


def _movement(
    ctx: Ctx,
    kind: str,
    amount: str,
    reason: str,
    staff_id: str,
    pin: str,
    approver: str | None,
    approver_pin: str | None,
    drawer: str,
) -> None:
    from pos.cash import shifts
    from pos.staff.access import Permission, authenticate
    from pos.terminal.identity import terminal_info

    store = open_store(ctx)
    fen = _amount(amount, "--amount", terminal_info(store).currency)
    actor = authenticate(store, staff_id=staff_id, pin=pin)
    ov = supervisor_approval(store, approver, approver_pin, Permission.OPEN_DRAWER)
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
    @_with(_staff + _approval)
    @_drawer
    @pass_ctx
    @handle_errors
    def command(ctx: Ctx, amount: str, reason: str, staff_id: str, pin: str, approver: str | None,
                approver_pin: str | None, drawer: str) -> None:  # fmt: skip
        _movement(ctx, kind, amount, reason, staff_id, pin, approver, approver_pin, drawer)


_movement_command("in", "cash-in", "Yuan put into the drawer.", "Put cash into the drawer with no sale (needs a supervisor).")
_movement_command("out", "cash-out", "Yuan taken out of the drawer.", "Take cash out of the drawer with no sale (needs a supervisor).")


@shift_group.command("close")
@click.option("--count", "count_text", required=True, help="The cash counted in the drawer, in yuan (blind).")
@_with(_staff)
@_drawer
@pass_ctx
@handle_errors
def shift_close(ctx: Ctx, count_text: str, staff_id: str, pin: str, drawer: str) -> None:
    """Close the shift with a blind count; shows what was expected and the variance."""
    from pos.cash.shifts import close_shift
    from pos.staff.access import authenticate
    from pos.terminal.identity import terminal_info

    store = open_store(ctx)
    fen = _amount(count_text, "--count", terminal_info(store).currency)
    actor = authenticate(store, staff_id=staff_id, pin=pin)
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
    printed = None
    if do_print:
        from poscli.print_cmd import _profile
        from printing.zreport import print_shift_report

        outcome = print_shift_report(
            store, report=report, shift=s, printer=_profile(store, printer_name), staff_id=actor.staff_id
        )
        printed = outcome.job.job_id
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
@_with(_staff + _approval)
@_drawer
@pass_ctx
@handle_errors
def drawer_open(
    ctx: Ctx,
    reason: str,
    staff_id: str,
    pin: str,
    approver: str | None,
    approver_pin: str | None,
    drawer: str,
) -> None:
    """Open the drawer with no sale (needs a supervisor's PIN). Journaled."""
    from pos.cash.shifts import open_drawer
    from pos.staff.access import Permission, authenticate

    store = open_store(ctx)
    actor = authenticate(store, staff_id=staff_id, pin=pin)
    ov = supervisor_approval(store, approver, approver_pin, Permission.OPEN_DRAWER)
    seq = open_drawer(store, actor=actor, override=ov, reason=reason, drawer=drawer)
    ctx.emit({"journal_seq": seq, "drawer": drawer}, f"drawer {drawer} opened (journal entry #{seq})")


@click.group("report")
def report_group() -> None:
    """Reports: the Z-report and daily close-out."""


@report_group.command("z")
@_with(_staff + _approval)
@click.option("--preview", is_flag=True, help="Figures so far (X-report): closes nothing.")
@click.option("--number", "z_number", type=int, default=None, help="Show a past Z-report again.")
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--print", "do_print", is_flag=True, help="Print it on the thermal printer.")
@click.option("--printer", "printer_name", default=None, help="Printer profile (default: the only one).")
@pass_ctx
@handle_errors
def report_z(
    ctx: Ctx,
    staff_id: str,
    pin: str,
    approver: str | None,
    approver_pin: str | None,
    preview: bool,
    z_number: int | None,
    pdf_path: Path | None,
    csv_path: Path | None,
    do_print: bool,
    printer_name: str | None,
) -> None:
    """Close the day: number, journal and queue the Z-report; export it as PDF/CSV, print it."""
    from pos.cash import closeout
    from pos.staff.access import Permission, authenticate, authorise

    store = open_store(ctx)
    # Check the output first: a close-out is committed before anything is written or printed.
    for path in (p for p in (pdf_path, csv_path) if p is not None):
        _check_writable(path)
    printer = None
    if do_print:
        from poscli.print_cmd import _profile

        printer = _profile(store, printer_name)
    actor = authenticate(store, staff_id=staff_id, pin=pin)
    if preview or z_number is not None:
        if preview and z_number is not None:
            from pos.errors import InvalidInput

            raise InvalidInput("--preview and --number do not go together")
        if z_number is not None:
            authorise(actor=actor, permission=Permission.CLOSE_OUT)
            report = closeout.stored(store, z_number=z_number)
        else:
            report = closeout.preview(store, actor=actor)
    else:
        ov = supervisor_approval(store, approver, approver_pin, Permission.CLOSE_OUT)
        report = closeout.close_day(store, actor=actor, override=ov)
    files: dict[str, str] = {}
    if csv_path or pdf_path:
        from printing.zreport import export_csv, export_pdf

        if csv_path:
            files["csv"] = str(export_csv(report, csv_path))
        if pdf_path:
            files["pdf"] = str(export_pdf(report, pdf_path))
    printed, print_error = None, ""
    if printer is not None:
        from pos.errors import PosError
        from printing.zreport import print_z_report

        try:
            printed = print_z_report(
                store, report=report, printer=printer, staff_id=actor.staff_id
            ).job.job_id
        except PosError as exc:
            # The day is closed whatever the printer does: show the report, then fail.
            print_error = (
                f"{exc.message}; print it again with `pos report z --number {report.z_number} --print`"
            )
    data = {**report.to_dict(), "files": files, "print_job": printed, "print_error": print_error or None}
    text = _z_text(report, files, printed)
    ctx.emit(data, text + (f"\n  PRINTING FAILED: {print_error}" if print_error else ""))
    if print_error:
        import sys

        from poscli.base import EXIT_USER_ERROR

        sys.exit(EXIT_USER_ERROR)


def _check_writable(path: Path) -> None:
    import os

    from pos.errors import InvalidInput

    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise InvalidInput(f"cannot write {path}: no such folder, or not writable")


def _z_text(r: Any, files: dict[str, str], printed: str | None) -> str:
    cur = r.currency
    head = "X-report (preview, nothing closed)" if r.z_number == 0 else f"Z-report #{r.z_number}"
    lines = [
        f"{head}  terminal {r.terminal_id}  business day {r.business_date}  journal #{r.first_seq}-#{r.last_seq}",
        f"  orders {r.orders}  tickets {r.tickets}  gross {_m(r.gross, cur)}  discounts {_m(r.discounts, cur)}",
        f"  refunds {r.refund_count} {_m(r.refunded, cur)}  voids {r.void_count} {_m(r.voided, cur)}  "
        f"net {_m(r.net, cur)}",
        *(
            f"  {t.kind:<7} sales {_m(t.sales, cur):>12}  refunds {_m(t.refunds, cur):>12}  "
            f"exchange +{_m(t.exchange_in, cur)} -{_m(t.exchange_out, cur)}  net {_m(t.net, cur):>12}"
            for t in r.tenders
        ),
        # The carried credit moved from old tickets to new is no money: shown apart.
        f"  exchanges {r.exchange_count}: old tickets out {_m(r.exchanged, cur)}, new in "
        f"{_m(r.exchange_new, cur)}, credit carried {_m(r.exchange_carried, cur)}, difference collected "
        f"{_m(r.exchange_collected, cur)}, refunded {_m(r.exchange_refunded, cur)}",
        f"  cash variance {_m(r.cash_variance, cur)} over {len(r.shifts)} shift(s)",
    ]
    if r.settlement is not None:
        s = r.settlement
        lines.append(
            f"  partner: gross {_m(s.gross, cur)}, commission {_m(s.commission, cur)} "
            f"({s.commission_bps} bps), net owed {_m(s.net_owed, cur)}, credit used {_m(s.credit_used, cur)}"
            f" of {_m(s.credit_limit, cur)}"
        )
    if r.unsynced:
        lines.append(f"  WARNING: {len(r.unsynced)} message(s) not yet synced with central:")
        lines += [f"    {u.kind} {u.label or u.message_id} ({u.status})" for u in r.unsynced]
    lines += [f"  wrote {path}" for path in files.values()]
    if printed:
        lines.append(f"  printed (job {printed})")
    return "\n".join(lines)
