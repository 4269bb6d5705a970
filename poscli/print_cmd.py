"""``pos print …`` (orders, previews, test pages, retries, reprints) and ``pos printer …``
(profiles kept in the store's settings, and printer status)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from poscli.base import Ctx, handle_errors, open_store, pass_ctx, supervisor_approval


def _profile(store: Any, name: str | None) -> Any:
    """The named profile, or the only one there is."""
    from pos.errors import InvalidInput
    from pos.tickets.printjobs import printer_profile, printer_profiles
    from printing.profiles import PrinterProfile

    if name is None:
        names = sorted(printer_profiles(store))
        if len(names) != 1:
            raise InvalidInput(
                "name the printer with --printer NAME"
                + (f" (one of {', '.join(names)})" if names else "; add one with `pos printer add`")
            )
        name = names[0]
    return PrinterProfile.from_settings(name, printer_profile(store, name=name))


EXIT_UNCONFIRMED = 3  # sent, but the printer cannot say it printed: confirm or retry the job


def _outcome(ctx: Ctx, outcome: Any, what: str) -> None:
    """Say what came of a job; exit 0 only when the printer confirmed it, 3 when it was sent
    to a printer that cannot confirm (then `pos print confirm` or `pos print retry`)."""
    job = outcome.job
    if job.printed:
        said = f"printed on {job.printer}"
    else:
        said = (
            f"sent to {job.printer}, which cannot confirm it printed: if it came out, "
            f"`pos print confirm {job.job_id} --staff ID --pin PIN`; if not, `pos print retry {job.job_id}`"
        )
    ctx.emit(
        {
            "job": job.job_id,
            "status": job.status,
            "printer": job.printer,
            "bytes": outcome.byte_count,
            "documents": outcome.documents,
            "tickets": list(job.ticket_ids),
            "attempts": job.attempts,
        },
        f"{what}: job {job.job_id} {said} ({outcome.documents} document(s), {outcome.byte_count} bytes)",
    )
    if not job.printed:
        raise SystemExit(EXIT_UNCONFIRMED)


@click.group("print")
def print_group() -> None:
    """Print tickets, receipts and test pages; retry and reprint."""


@print_group.command("order")
@click.argument("order")
@click.option("--printer", "printer_name", default=None, help="Printer profile (default: the only one).")
@click.option("--tickets-only", is_flag=True, help="Only the tickets.")
@click.option("--receipt-only", is_flag=True, help="Only the receipt (a copy says REPRINT).")
@click.option(
    "--preview",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write a PNG of what would print instead of printing.",
)
@click.option("--paper", type=click.Choice(["58", "80"]), default=None, help="Paper width for --preview.")
@click.option("--staff", "staff_id", default=None, help="Who prints (recorded with the job).")
@pass_ctx
@handle_errors
def print_order_cmd(
    ctx: Ctx,
    order: str,
    printer_name: str | None,
    tickets_only: bool,
    receipt_only: bool,
    preview: Path | None,
    paper: str | None,
    staff_id: str | None,
) -> None:
    """Print an order's tickets and receipt (ORDER is its number or id)."""
    from pos.errors import InvalidInput
    from pos.tickets.printjobs import order_for_print
    from printing.jobs import order_documents, print_order
    from printing.render import render_preview

    if tickets_only and receipt_only:
        raise InvalidInput("--tickets-only and --receipt-only exclude each other")
    store = open_store(ctx)
    if preview is not None:
        width = int(paper) if paper else (_profile(store, printer_name).paper if printer_name else 80)
        data = order_for_print(store, order=order)
        docs = order_documents(data, tickets=not receipt_only, receipt=not tickets_only, receipt_copy=False)
        try:
            render_preview(docs, paper=width).save(preview)
        except OSError as exc:
            raise InvalidInput(f"cannot write {preview}: {exc.strerror or exc}") from exc
        ctx.emit(
            {"preview": str(preview), "documents": len(docs)},
            f"preview of {data.number} written to {preview}",
        )
        return
    outcome = print_order(
        store,
        order=order,
        printer=_profile(store, printer_name),
        staff_id=staff_id,
        tickets=not receipt_only,
        receipt=not tickets_only,
    )
    _outcome(ctx, outcome, f"order {order}")


@print_group.command("preview")
@click.option("--order", required=True, help="Order number or id.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--paper", type=click.Choice(["58", "80"]), default="80", show_default=True)
@click.option("--language", type=click.Choice(["zh", "en"]), default=None, help="Default: the terminal's.")
@pass_ctx
@handle_errors
def preview_cmd(ctx: Ctx, order: str, out_dir: Path, paper: str, language: str | None) -> None:
    """Write PNG previews of an order's tickets and receipt into a folder."""
    from printing.jobs import preview_order

    paths = preview_order(open_store(ctx), order=order, out_dir=out_dir, paper=int(paper), language=language)
    ctx.emit({"files": [str(p) for p in paths]}, "\n".join(str(p) for p in paths))


@print_group.command("test")
@click.option("--printer", "printer_name", default=None, help="Printer profile (default: the only one).")
@pass_ctx
@handle_errors
def test_cmd(ctx: Ctx, printer_name: str | None) -> None:
    """Print a test page: Chinese text, a QR code and the printer's settings."""
    from printing.jobs import print_test_page

    store = open_store(ctx)
    _outcome(ctx, print_test_page(store, printer=_profile(store, printer_name)), "test page")


@print_group.command("retry")
@click.argument("job_id")
@click.option("--printer", "printer_name", default=None, help="Another printer (default: the job's).")
@pass_ctx
@handle_errors
def retry_cmd(ctx: Ctx, job_id: str, printer_name: str | None) -> None:
    """Print a failed or unconfirmed job again, with the same ticket codes."""
    from pos.tickets.printjobs import get_job
    from printing.jobs import retry_job

    store = open_store(ctx)
    printer = _profile(store, printer_name or get_job(store, job_id=job_id).printer)
    _outcome(ctx, retry_job(store, job_id=job_id, printer=printer), "retry")


@print_group.command("confirm")
@click.argument("job_id")
@click.option("--staff", "staff_id", required=True, help="Who saw the job come out.")
@click.option("--pin", required=True)
@pass_ctx
@handle_errors
def confirm_cmd(ctx: Ctx, job_id: str, staff_id: str, pin: str) -> None:
    """Say that an unconfirmed job did come out (journaled with who said so)."""
    from pos.staff.access import authenticate
    from pos.tickets.printjobs import confirm_job

    store = open_store(ctx)
    actor = authenticate(store, staff_id=staff_id, pin=pin)
    job = confirm_job(store, job_id=job_id, actor=actor)
    ctx.emit(
        {"job": job.job_id, "status": job.status, "confirmed_by": job.confirmed_by, "tickets": list(job.ticket_ids)},
        f"job {job.job_id} confirmed by {job.confirmed_by}: its {len(job.ticket_ids)} ticket(s) count as printed",
    )


@print_group.command("reprint")
@click.argument("ticket_id")
@click.option("--staff", "staff_id", required=True)
@click.option("--pin", required=True)
@click.option("--approver", default=None, help="Supervisor approving a clerk's reprint.")
@click.option("--approver-pin", default=None)
@click.option("--reason", default="", help="Why (lost, spoiled, paper jam…).")
@click.option("--printer", "printer_name", default=None, help="Printer profile (default: the only one).")
@pass_ctx
@handle_errors
def reprint_cmd(
    ctx: Ctx,
    ticket_id: str,
    staff_id: str,
    pin: str,
    approver: str | None,
    approver_pin: str | None,
    reason: str,
    printer_name: str | None,
) -> None:
    """Reprint a ticket with a new code; the old code is revoked. Needs a supervisor."""
    from pos.staff.access import Permission, authenticate
    from pos.terminal.identity import load_signer
    from poscli.base import EXIT_USER_ERROR
    from printing.errors import PrinterError
    from printing.jobs import reprint

    store = open_store(ctx)
    printer = _profile(store, printer_name)
    actor = authenticate(store, staff_id=staff_id, pin=pin)
    ov = supervisor_approval(store, approver, approver_pin, Permission.REPRINT)
    result, outcome = reprint(
        store,
        ticket_id=ticket_id,
        actor=actor,
        signer=load_signer(store),
        printer=printer,
        override=ov,
        reason=reason,
    )
    data: dict[str, Any] = {
        "revoked": result.old_ticket_id,
        "ticket": result.new_ticket_id,
        "code": result.new_code,
        "order_number": result.order_number,
    }
    if isinstance(outcome, PrinterError):
        data.update(outcome.to_dict())
        ctx.emit(
            data,
            f"ticket {result.old_ticket_id} revoked and replaced by {result.new_ticket_id}, "
            f"but printing failed: {outcome.message}",
        )
        raise SystemExit(EXIT_USER_ERROR)
    data["job"] = outcome.job.job_id
    data["status"] = outcome.job.status
    ctx.emit(
        data,
        f"ticket {result.old_ticket_id} revoked; reprinted as {result.new_ticket_id} "
        f"(job {outcome.job.job_id}, {outcome.job.status})",
    )
    if not outcome.job.printed:
        raise SystemExit(EXIT_UNCONFIRMED)


@print_group.command("jobs")
@click.option("--order", default=None, help="Only this order's jobs (number or id).")
@click.option("--limit", default=20, type=click.IntRange(1, 1000))
@pass_ctx
@handle_errors
def jobs_cmd(ctx: Ctx, order: str | None, limit: int) -> None:
    """Recent print jobs: what, when, where, and whether it printed."""
    from pos.tickets.printjobs import jobs, order_for_print

    store = open_store(ctx)
    order_id = order_for_print(store, order=order).order_id if order else None
    rows = jobs(store, order_id=order_id, limit=limit)
    ctx.emit(
        {"jobs": [{**asdict(j), "codes": dict(j.codes)} for j in rows]},
        "\n".join(
            f"{j.job_id}  {j.created_at:%Y-%m-%d %H:%M}  {j.kind:<8} {j.status:<11} {j.printer:<12} "
            f"x{j.attempts}  {j.last_error}"
            for j in rows
        )
        or "no print jobs",
    )


# --- printer profiles --------------------------------------------------------------------------


@click.group("printer")
def printer_group() -> None:
    """Printer profiles and status."""


@printer_group.command("add")
@click.argument("name")
@click.option("--connection", type=click.Choice(["network", "usb", "serial", "file"]), required=True)
@click.option("--host", default="", help="network: the printer's IP address or host name.")
@click.option("--port", default=9100, show_default=True, type=int)
@click.option("--timeout", default=5.0, show_default=True, type=float, help="Seconds.")
@click.option("--usb", "usb_id", default=None, help="usb: VENDOR:PRODUCT in hex, e.g. 04b8:0202.")
@click.option("--device", default="", help="serial or file: the device path.")
@click.option("--baudrate", default=9600, show_default=True, type=int)
@click.option("--paper", type=click.Choice(["58", "80"]), default="80", show_default=True)
@click.option("--mode", type=click.Choice(["raster", "text"]), default="raster", show_default=True)
@click.option("--encoding", type=click.Choice(["gb18030", "gbk"]), default="gb18030", show_default=True)
@click.option("--yuan-sign", type=click.Choice(["fullwidth", "cny", "yuan"]), default="fullwidth",
              show_default=True, help="Text mode: prices as ￥58.00, CNY 58.00 or 58.00元.")  # fmt: skip
@click.option("--qr", type=click.Choice(["native", "image"]), default="native", show_default=True)
@click.option("--drawer-pin", type=click.Choice(["2", "5", "none"]), default="2", show_default=True)
@pass_ctx
@handle_errors
def printer_add(
    ctx: Ctx,
    name: str,
    connection: str,
    host: str,
    port: int,
    timeout: float,
    usb_id: str | None,
    device: str,
    baudrate: int,
    paper: str,
    mode: str,
    encoding: str,
    yuan_sign: str,
    qr: str,
    drawer_pin: str,
) -> None:
    """Add or replace a printer profile."""
    from pos.tickets.printjobs import save_printer_profile
    from printing.profiles import PrinterProfile, parse_usb

    vendor, product = parse_usb(usb_id) if usb_id else (0, 0)
    profile = PrinterProfile(
        name=name,
        connection=connection,
        host=host,
        port=port,
        timeout=timeout,
        usb_vendor=vendor,
        usb_product=product,
        device=device,
        baudrate=baudrate,
        paper=int(paper),
        mode=mode,
        encoding=encoding,
        yuan_sign=yuan_sign,
        qr=qr,
        drawer_pin=None if drawer_pin == "none" else int(drawer_pin),
    )
    save_printer_profile(open_store(ctx), name=name, settings=profile.to_settings())
    ctx.emit({"printer": name, **profile.to_settings()}, f"printer {name}: {profile.describe()}")


@printer_group.command("list")
@pass_ctx
@handle_errors
def printer_list(ctx: Ctx) -> None:
    """Printer profiles, and any whose stored settings are invalid."""
    from pos.errors import PosError
    from pos.tickets.printjobs import printer_profiles
    from printing.profiles import PrinterProfile

    out: list[dict[str, Any]] = []
    lines = []
    for name, settings in sorted(printer_profiles(open_store(ctx)).items()):
        try:
            p = PrinterProfile.from_settings(name, settings)
            out.append({"printer": name, "valid": True, **p.to_settings()})
            lines.append(f"{name:<16} {p.describe()}")
        except PosError as exc:
            out.append({"printer": name, "valid": False, "error": exc.message})
            lines.append(f"{name:<16} INVALID: {exc.message}")
    ctx.emit({"printers": out}, "\n".join(lines) or "no printers: add one with `pos printer add`")


@printer_group.command("remove")
@click.argument("name")
@pass_ctx
@handle_errors
def printer_remove(ctx: Ctx, name: str) -> None:
    """Remove a printer profile."""
    from pos.tickets.printjobs import delete_printer_profile

    delete_printer_profile(open_store(ctx), name=name)
    ctx.emit({"removed": name}, f"printer {name} removed")


@printer_group.command("status")
@click.argument("name", required=False)
@pass_ctx
@handle_errors
def printer_status(ctx: Ctx, name: str | None) -> None:
    """Ask the printer whether it can print (paper, cover, online) and say what to do.

    Exits 1 when the printer reports it cannot print or does not answer the question; a
    file or device path, which has no status to give, is not a failure."""
    from poscli.base import EXIT_FAILED_CHECK
    from printing.connections import status

    profile = _profile(open_store(ctx), name)
    st = status(profile)
    ctx.emit(
        {**asdict(st), "ready": st.ready},
        f"{st.printer}: {st.message}" if st.reported else f"{st.printer}: status unknown ({st.message})",
    )
    if not st.ready and (st.reported or profile.connection != "file"):
        raise SystemExit(EXIT_FAILED_CHECK)
