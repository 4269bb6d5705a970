"""Printing after the fact: a committed order's tickets and receipt, a collected pickup,
a failed job again, a reprinted ticket, the Z-report (and its PDF or CSV export).

All on the one writer: a print job is recorded in the store before and after the printer
answers. The terminal prints on its first printer profile by name (it has one).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pos.cash.closeout import ZReport
from pos.errors import InvalidInput
from pos.staff.access import Override, StaffSession
from pos.store.db import Store
from pos.tickets import printjobs
from ui.context import AppContext
from ui.ops.changes import Change
from ui.ops.op import Op, read, write

if TYPE_CHECKING:
    from printing.jobs import PrintOutcome
    from printing.profiles import PrinterProfile
    from sync.pickup import PickupResult


@dataclass(frozen=True, slots=True)
class PrintDone:
    """What came of printing an order after its sale: confirmed, sent to a printer that
    cannot confirm (``unconfirmed``: the clerk is asked), or nothing to print on."""

    order_id: str
    printer: str  # "" when no printer profile is set up (nothing was printed)
    job_id: str = ""
    documents: int = 0
    byte_count: int = 0
    status: str = ""  # the job's state: confirmed | unconfirmed ("" when nothing was printed)

    @property
    def unconfirmed(self) -> bool:
        return self.status == "unconfirmed"


@dataclass(frozen=True, slots=True)
class Reprinted:
    result: printjobs.ReprintResult
    problem: BaseException | None  # the printer's error (the new code is committed anyway)
    printed: bool  # False: no printer is set up
    status: str = ""  # the print job's state (confirmed | unconfirmed | failed)


def printer_names(store: Store) -> list[str]:
    return sorted(printjobs.printer_profiles(store))


def first_printer(store: Store) -> PrinterProfile | None:
    """The profile sales print on: the first by name (a terminal has one receipt printer)."""
    from printing.profiles import PrinterProfile

    names = printer_names(store)
    if not names:
        return None
    return PrinterProfile.from_settings(names[0], printjobs.printer_profile(store, name=names[0]))


def _done(order_id: str, profile: PrinterProfile, out: PrintOutcome) -> PrintDone:
    return PrintDone(order_id, profile.name, out.job.job_id, out.documents, out.byte_count, out.job.status)


def print_order(ctx: AppContext, order_id: str, actor: StaffSession | None = None) -> Op[PrintDone]:
    """A committed order's tickets and receipt (a printer failure carries the job id in the
    error's details, for a retry)."""
    store, staff_id = ctx.store, actor.staff_id if actor else None

    def run() -> PrintDone:
        from printing.jobs import print_order

        profile = first_printer(store)
        if profile is None:
            return PrintDone(order_id, "")
        return _done(
            order_id, profile, print_order(store, order=order_id, printer=profile, staff_id=staff_id)
        )

    return write("print", run, Change.PRINT_JOBS)


def print_pickup(ctx: AppContext, result: PickupResult, actor: StaffSession | None = None) -> Op[PrintDone]:
    """A collected online order's tickets (once)."""
    store, staff_id, language = ctx.store, actor.staff_id if actor else None, ctx.info.language

    def run() -> PrintDone:
        from pos.pickup.printout import pickup_print
        from printing.pickup import print_pickup

        order = result.order
        profile = first_printer(store)
        if profile is None:
            return PrintDone(order.order_id, "")
        out = print_pickup(
            store, order=pickup_print(store, order, language=language), printer=profile, staff_id=staff_id
        )
        return _done(order.order_id, profile, out)

    return write("print", run, Change.PRINT_JOBS)


def retry_print(ctx: AppContext, job_id: str) -> Op[PrintDone]:
    """A failed or unconfirmed job again, with the same codes, on the printer it was meant for."""
    store = ctx.store

    def run() -> PrintDone:
        from printing.jobs import retry_job
        from printing.profiles import PrinterProfile

        job = printjobs.get_job(store, job_id=job_id)
        names = printer_names(store)
        name = job.printer if job.printer in names else (names[0] if names else job.printer)
        profile = PrinterProfile.from_settings(name, printjobs.printer_profile(store, name=name))
        return _done(job.order_id or "", profile, retry_job(store, job_id=job_id, printer=profile))

    return write("print", run, Change.PRINT_JOBS)


def confirm_print(ctx: AppContext, job_id: str, actor: StaffSession) -> Op[printjobs.PrintJobInfo]:
    """The clerk saw an unconfirmed job come out: confirmed, journaled with who said so."""
    store, now = ctx.store, ctx.clock()

    def run() -> printjobs.PrintJobInfo:
        return printjobs.confirm_job(store, job_id=job_id, actor=actor, now=now)

    return write("confirm print", run, Change.PRINT_JOBS)


def reprint_ticket(
    ctx: AppContext, ticket_id: str, actor: StaffSession, grant: Override | None
) -> Op[Reprinted]:
    """A new code for a ticket (the old one stops admitting), printed at once when there is
    a printer; the core commits the new code first, so a printer failure leaves a job to retry."""
    store, signer, now = ctx.store, ctx.signer, ctx.clock()

    def run() -> Reprinted:
        from printing.jobs import reprint

        profile = first_printer(store)
        if profile is None:
            result = printjobs.reprint_ticket(
                store, ticket_id=ticket_id, actor=actor, signer=signer, override=grant, now=now
            )
            return Reprinted(result, None, False)
        result, outcome = reprint(
            store, ticket_id=ticket_id, actor=actor, signer=signer, printer=profile, override=grant, now=now
        )
        if isinstance(outcome, BaseException):
            return Reprinted(result, outcome, True, "failed")
        return Reprinted(result, None, True, outcome.job.status)

    return write("reprint", run, Change.ORDERS | Change.PRINT_JOBS)


def print_z_report(ctx: AppContext, report: ZReport, actor: StaffSession) -> Op[PrintOutcome]:
    store = ctx.store

    def run() -> PrintOutcome:
        from printing.zreport import print_z_report

        profile = first_printer(store)
        if profile is None:
            raise InvalidInput("no printer is set up: add one in the settings")
        return print_z_report(store, report=report, printer=profile, staff_id=actor.staff_id)

    return write("print Z-report", run, Change.PRINT_JOBS)


def export_report(report: ZReport, kind: str, path: Path) -> Op[Path]:
    """The report as PDF or CSV (off the UI thread: fpdf2 takes a moment)."""

    def run() -> Path:
        from printing.zreport import export_csv, export_pdf

        return (export_pdf if kind == "pdf" else export_csv)(report, path)

    return read(f"export {kind}", run)
