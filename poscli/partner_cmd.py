"""``pos partner statement``: a city partner's statement from central for days FROM to TO,
shown, exported as PDF (in the outlet's language) and CSV, and printed on the receipt printer
(``--print``) (issue 24). Supervisors only."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from poscli.acting import STAFF_OPTIONS, with_options
from poscli.base import EXIT_USER_ERROR, Ctx, handle_errors, open_store, pass_ctx


@click.group("partner")
def partner_group() -> None:
    """A city partner's account with the platform."""


def _text(st: Any) -> str:
    def y(fen: int) -> str:
        return f"{fen / 100:,.2f}"

    left = "no limit" if st.credit_left is None else y(st.credit_left)
    return "\n".join([
        f"statement of {st.outlet_id}, {st.date_from} to {st.date_to} ({st.timezone})",
        f"  opening balance owed  {y(st.opening_balance)}",
        f"  orders {st.orders}, tickets {st.tickets}, sales {y(st.sales)}",
        f"  refunds {y(st.refunds)}, fees returned {y(st.fees_returned)}",
        f"  commission {y(st.commission)} (earned {y(st.commission_earned)}, returned {y(st.commission_returned)})",
        f"  owed for the period {y(st.net_owed)}, payments received {y(st.payments)}",
        f"  closing balance owed  {y(st.closing_balance)}",
        f"  credit limit {y(st.credit_limit)}, left {left}",
    ])


@partner_group.command("statement")
@with_options(STAFF_OPTIONS)
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), required=True, help="First day.")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), required=True, help="Last day.")
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--print", "do_print", is_flag=True, help="Print it on the receipt printer.")
@click.option("--printer", "printer_name", default=None, help="Printer profile (default: the only one).")
@click.option("--token-file", is_flag=True, help="No OS keyring here: the token is in an owner-only file.")
@pass_ctx
@handle_errors
def statement(ctx: Ctx, staff_id: str, pin: str, date_from: datetime, date_to: datetime, pdf_path: Path | None,
              csv_path: Path | None, do_print: bool, printer_name: str | None, token_file: bool) -> None:
    """The outlet's statement from central, days FROM to TO inclusive."""
    from pos.errors import InvalidInput
    from pos.staff.access import Permission, authenticate, authorise
    from pos.terminal.identity import terminal_info
    from sync import partner
    from sync.enrol import connect
    from sync.protocol.partner import statement_csv

    if date_from > date_to:
        raise InvalidInput("--from is after --to: the period's first day comes first")
    store = open_store(ctx)
    actor = authenticate(store, staff_id=staff_id, pin=pin)
    authorise(actor=actor, permission=Permission.CLOSE_OUT)
    # The printer is checked before central is asked: "no printer" is known without the network.
    printer = _printer(store, printer_name) if do_print else None
    info = terminal_info(store)
    client = connect(store, allow_token_file=token_file)
    st = partner.statement(client, info.outlet_id, date_from.date(),
                           date_to.date())
    files: dict[str, str] = {}
    try:
        if csv_path is not None:
            csv_path.write_text(statement_csv(st), encoding="utf-8")
            files["csv"] = str(csv_path)
    except OSError as exc:
        raise InvalidInput(f"cannot write {csv_path}: {exc.strerror}") from exc
    if pdf_path is not None:
        from printing.partner_statement import export_pdf

        files["pdf"] = str(export_pdf(st.model_dump(mode="json"), pdf_path, language=info.language,
                                      currency=info.currency))
    data: dict[str, Any] = {**st.model_dump(mode="json", exclude={"lines"}), "lines": len(st.lines), "files": files}
    said = "".join(f"\n  {k}: {v}" for k, v in files.items())
    if printer is None:
        ctx.emit(data, _text(st) + said)
        return
    from pos.errors import PosError
    from printing.partner_slip import print_statement

    try:
        mismatches = [m.model_dump(mode="json") for m in partner.mismatches(client, info.outlet_id).items]
        job = print_statement(store, statement=st.model_dump(mode="json"), mismatches=mismatches, printer=printer,
                              staff_id=actor.staff_id).job
    except PosError as exc:  # the statement is shown anyway; the exit code says the print failed
        data.update(print_job=None, print_status=None, print_error=exc.message)
        ctx.emit(data, _text(st) + said + f"\n  PRINTING FAILED: {exc.message}")
        sys.exit(EXIT_USER_ERROR)
    data.update(print_job=job.job_id, print_status=job.status, print_error=None)
    printed = (f"printed on {job.printer} (job {job.job_id})" if job.printed else
               f"sent to {job.printer} (job {job.job_id}), which cannot confirm it printed: check the paper")
    ctx.emit(data, _text(st) + said + f"\n  {printed}")


def _printer(store: Any, name: str | None) -> Any:
    from pos.errors import InvalidInput
    from pos.tickets.printjobs import printer_profiles
    from poscli.print_cmd import _profile

    if not printer_profiles(store):
        raise InvalidInput("no printer is set up: add one with `pos printer add`, then print again")
    return _profile(store, name)
