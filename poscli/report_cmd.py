"""``pos report z``: the daily close-out (Z-report), or the figures so far (X-report), exported
as PDF/CSV and printed. Amounts and options are those of ``shift_cmd``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from poscli.acting import APPROVAL_OPTIONS, STAFF_OPTIONS, with_options
from poscli.base import Ctx, handle_errors, open_store, pass_ctx, supervisor_approval
from poscli.shift_cmd import fen_text as _m


@click.group("report")
def report_group() -> None:
    """Reports: the Z-report and daily close-out."""


@report_group.command("z")
@with_options(STAFF_OPTIONS + APPROVAL_OPTIONS)
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
    printed, print_error, print_status = None, "", None
    if printer is not None:
        from pos.errors import PosError
        from printing.zreport import print_z_report

        try:
            job = print_z_report(store, report=report, printer=printer, staff_id=actor.staff_id).job
            printed, print_status = job.job_id, job.status
        except PosError as exc:
            # The day is closed whatever the printer does: show the report, then fail.
            print_error = (
                f"{exc.message}; print it again with `pos report z --number {report.z_number} --print`"
            )
    data = {
        **report.to_dict(),
        "files": files,
        "print_job": printed,
        "print_status": print_status,
        "print_error": print_error or None,
    }
    text = _z_text(report, files, printed, print_status)
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


def _z_text(r: Any, files: dict[str, str], printed: str | None, status: str | None = None) -> str:
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
    if printed and status == "unconfirmed":
        lines.append(f"  sent to a printer that cannot confirm it printed (job {printed}): check the paper")
    elif printed:
        lines.append(f"  printed (job {printed})")
    return "\n".join(lines)
