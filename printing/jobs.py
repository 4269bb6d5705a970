"""Print jobs: render a committed order's documents, send them, and record the outcome.

The sale is committed before anything here runs (invariant 2), so a dead printer never
loses it: the job is recorded as queued before anything is rendered, sending before the
first byte, sent after the last, then confirmed (the printer said it is still ready),
unconfirmed (the printer cannot report: the app asks the clerk) or failed. A failed or
unconfirmed job is retried with the same codes; a confirmed ticket is only printed again
through a reprint, which needs a supervisor and issues a new code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from pos.errors import InvalidInput
from pos.staff.access import Override, StaffSession
from pos.store.db import Store
from pos.terminal.identity import terminal_info
from pos.tickets import TicketSigner, printjobs
from pos.tickets.printjobs import OrderPrint, PrintJobInfo, PrintRefused, ReprintResult
from printing import fonts
from printing.connections import send
from printing.errors import PrinterError
from printing.layout import Document
from printing.layouts import receipt_layout, selftest_layout, ticket_layout, ticket_layouts
from printing.layouts.receipt import paid_in_cash
from printing.profiles import PrinterProfile
from printing.render import render_preview, render_raster, render_text

log = logging.getLogger(__name__)


class Transport(Protocol):
    """Sends a job's bytes; True when the printer confirmed it (see :func:`send`)."""

    def __call__(self, profile: PrinterProfile, data: bytes, *, on_sent: Callable[[], None] | None = None) -> bool: ...


@dataclass(frozen=True, slots=True)
class PrintOutcome:
    job: PrintJobInfo
    documents: int
    byte_count: int


def render(docs: Sequence[Document], profile: PrinterProfile) -> bytes:
    """The bytes of ``docs`` for this printer, in its mode."""
    if profile.mode == "raster":
        return render_raster(docs, paper=profile.paper, drawer_pin=profile.drawer_pin)
    return render_text(
        docs,
        paper=profile.paper,
        encoding=profile.encoding,
        qr_native=profile.qr == "native",
        drawer_pin=profile.drawer_pin,
        yuan=profile.yuan_sign,
    )


def _run(
    store: Store,
    job: PrintJobInfo,
    docs: Sequence[Document],
    profile: PrinterProfile,
    transport: Transport,
    now: datetime | None,
) -> PrintOutcome:
    try:
        data = render(docs, profile)
        printjobs.mark_sending(store, job_id=job.job_id, now=now)

        def sent() -> None:
            printjobs.mark_sent(store, job_id=job.job_id, byte_count=len(data), now=now)

        confirmed = transport(profile, data, on_sent=sent)
    except PrinterError as exc:
        printjobs.finish_job(store, job_id=job.job_id, error=exc.message, now=now)
        exc.details["job"] = job.job_id
        exc.message += f" [job {job.job_id} recorded as failed: `pos print retry {job.job_id}`]"
        exc.args = (exc.message,)
        # INFO: the log file keeps it; the console already shows the error once, raised.
        log.info("print job %s failed: %s", job.job_id, exc.message)
        raise
    except Exception as exc:  # a bug must not leave the job looking as if it might have printed
        printjobs.finish_job(store, job_id=job.job_id, error=f"internal error: {exc!r}", now=now)
        raise
    done = printjobs.finish_job(
        store, job_id=job.job_id, confirmed=confirmed is True, byte_count=len(data), now=now
    )
    if not done.printed:
        log.info("print job %s sent to %s, which cannot confirm it: ask whether it came out", job.job_id, profile.name)
    return PrintOutcome(done, len(docs), len(data))


def print_documents(
    store: Store,
    *,
    kind: str,
    documents: Sequence[Document],
    printer: PrinterProfile,
    order_id: str | None = None,
    codes: Mapping[str, str] | None = None,
    staff_id: str | None = None,
    transport: Transport = send,
    now: datetime | None = None,
) -> PrintOutcome:
    """Record a print job, then print these documents on it: the shared tail of every print
    (order, pickup, report, test page). Nothing is recorded when the raster font is missing."""
    if printer.mode == "raster":
        fonts.check_font()
    job = printjobs.start_job(
        store,
        kind=kind,
        printer=printer.name,
        mode=printer.mode,
        order_id=order_id,
        codes=codes,
        staff_id=staff_id,
        now=now,
    )
    return _run(store, job, list(documents), printer, transport, now)


def printed_codes(store: Store, order_id: str) -> set[str]:
    """The ticket codes of an order that some job printed already (confirmed)."""
    return {
        code
        for j in printjobs.jobs(store, order_id=order_id, limit=1000)
        if j.printed
        for code in j.codes.values()
    }


def refuse_open_jobs(store: Store, order_id: str, number: str, codes: set[str]) -> None:
    """Refuse a new job for ``codes`` while a job of them has no known outcome: unconfirmed
    (someone must say whether it came out) or still in flight. A second job would print the
    same codes twice if the first did come out."""
    for j in printjobs.jobs(store, order_id=order_id, limit=1000):
        if (j.status == "unconfirmed" or j.status in printjobs.IN_FLIGHT) and codes & set(j.codes.values()):
            raise PrintRefused(
                f"the tickets of order {number} went to the printer in job {j.job_id}, which could not "
                f"confirm them: if they came out, `pos print confirm {j.job_id}`; "
                f"if not, `pos print retry {j.job_id}`",
                order=number,
                job=j.job_id,
            )


def _receipt_printed(store: Store, order_id: str) -> bool:
    """A receipt of the order may be out: a new one is a copy (and opens no drawer)."""
    return any(
        j.status not in ("failed", "queued") and j.kind in ("order", "receipt")
        for j in printjobs.jobs(store, order_id=order_id, limit=1000)
    )


def order_documents(order: OrderPrint, *, tickets: bool, receipt: bool, receipt_copy: bool) -> list[Document]:
    docs: list[Document] = ticket_layouts(order) if tickets else []
    if receipt:
        # The drawer opens with the first receipt of a cash sale, never with a copy.
        docs.append(
            receipt_layout(order, reprint=receipt_copy, kick_drawer=paid_in_cash(order) and not receipt_copy)
        )
    return docs


def print_order(
    store: Store,
    *,
    order: str,
    printer: PrinterProfile,
    staff_id: str | None = None,
    tickets: bool = True,
    receipt: bool = True,
    transport: Transport = send,
    now: datetime | None = None,
) -> PrintOutcome:
    """Print an order's tickets and receipt. Refuses tickets that already printed."""
    if not (tickets or receipt):
        raise InvalidInput("print the tickets, the receipt, or both")
    data = printjobs.order_for_print(store, order=order)
    if tickets:
        if not data.valid_tickets:
            raise PrintRefused(f"order {data.number} has no valid tickets to print")
        codes = {t.code for t in data.valid_tickets}
        if printed_codes(store, data.order_id) & codes:
            raise PrintRefused(
                f"the tickets of order {data.number} were printed already: print a lost or spoiled ticket "
                "again with `pos print reprint TICKET` (a supervisor approves; the old code is revoked)",
                order=data.number,
            )
        refuse_open_jobs(store, data.order_id, data.number, codes)
    receipt_copy = receipt and _receipt_printed(store, data.order_id)
    docs = order_documents(data, tickets=tickets, receipt=receipt, receipt_copy=receipt_copy)
    return print_documents(
        store,
        kind="order" if tickets and receipt else "ticket" if tickets else "receipt",
        documents=docs,
        printer=printer,
        order_id=data.order_id,
        codes={t.ticket_id: t.code for t in data.valid_tickets} if tickets else {},
        staff_id=staff_id,
        transport=transport,
        now=now,
    )


def retry_job(
    store: Store,
    *,
    job_id: str,
    printer: PrinterProfile,
    transport: Transport = send,
    now: datetime | None = None,
) -> PrintOutcome:
    """Print a failed or unconfirmed job again, with the same codes (nothing of it is known to
    have come out)."""
    job = printjobs.begin_retry(store, job_id=job_id, printer=printer.name, mode=printer.mode, now=now)
    if job.kind == "test":
        docs = [_selftest(store, printer, now)]
    elif job.order_id is None:
        raise PrintRefused(f"job {job_id} ({job.kind}) cannot be printed again from the store")
    else:
        data = printjobs.order_for_print(store, order=job.order_id)
        by_id = {t.ticket_id: t for t in data.tickets}
        docs = [ticket_layout(data, by_id[t], reprint=job.kind == "reprint") for t in job.ticket_ids]
        if job.kind in ("order", "receipt"):
            copy = _receipt_printed(store, data.order_id)
            docs += order_documents(data, tickets=False, receipt=True, receipt_copy=copy)
        assert all(doc.codes[0] == job.codes[t] for doc, t in zip(docs, job.ticket_ids, strict=False))
    return _run(store, job, docs, printer, transport, now)


def reprint(
    store: Store,
    *,
    ticket_id: str,
    actor: StaffSession,
    signer: TicketSigner,
    printer: PrinterProfile,
    override: Override | None = None,
    reason: str = "",
    transport: Transport = send,
    now: datetime | None = None,
) -> tuple[ReprintResult, PrintOutcome | PrinterError]:
    """Reprint a ticket: the core revokes the old code and issues a new one (committed
    first), then the new ticket prints marked REPRINT. A printer failure then leaves a
    failed job to retry with the new code, without asking the supervisor again."""
    if printer.mode == "raster":
        fonts.check_font()
    now = now or datetime.now(UTC)
    result = printjobs.reprint_ticket(
        store, ticket_id=ticket_id, actor=actor, signer=signer, override=override, reason=reason, now=now
    )
    data = printjobs.order_for_print(store, order=result.order_id)
    new = next(t for t in data.tickets if t.ticket_id == result.new_ticket_id)
    job = printjobs.start_job(
        store,
        kind="reprint",
        printer=printer.name,
        mode=printer.mode,
        order_id=result.order_id,
        codes={new.ticket_id: new.code},
        staff_id=actor.staff_id,
        now=now,
    )
    try:
        return result, _run(store, job, [ticket_layout(data, new, reprint=True)], printer, transport, now)
    except PrinterError as exc:
        return result, exc


def _selftest(store: Store, printer: PrinterProfile, now: datetime | None) -> Document:
    info = terminal_info(store)
    return selftest_layout(
        printer=printer.name,
        settings=printer.describe(),
        language=info.language,
        now=now or datetime.now(UTC),
        timezone=info.timezone,
    )


def print_test_page(
    store: Store,
    *,
    printer: PrinterProfile,
    staff_id: str | None = None,
    transport: Transport = send,
    now: datetime | None = None,
) -> PrintOutcome:
    return print_documents(store, kind="test", documents=[_selftest(store, printer, now)], printer=printer,
                           staff_id=staff_id, transport=transport, now=now)


def preview_order(
    store: Store, *, order: str, out_dir: Path, paper: int = 80, language: str | None = None
) -> list[Path]:
    """PNG previews of an order's tickets and receipt (the images raster mode prints)."""
    fonts.check_font()
    data = printjobs.order_for_print(store, order=order, language=language)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(f"cannot create {out_dir}: {exc.strerror}") from exc
    paths = []
    for t in data.valid_tickets:
        path = out_dir / f"{data.number}-ticket-{t.line_no}-{t.ticket_id}.png"
        render_preview([ticket_layout(data, t)], paper=paper).save(path)
        paths.append(path)
    path = out_dir / f"{data.number}-receipt.png"
    render_preview([receipt_layout(data)], paper=paper).save(path)
    paths.append(path)
    return paths
