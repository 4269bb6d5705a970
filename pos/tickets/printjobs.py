"""Print jobs: what the store must know about printing.

Printing itself (layouts, ESC/POS, printers) lives in ``printing/``; this module holds
the part that has to be in the store, so that the core's rules apply to it:

* a print job records what was printed (kind, order, ticket ids and their codes), when,
  on which printer, and whether it came out. A failed job is retried with the *same*
  codes: nothing left the printer, so nothing needs revoking.
* a reprint of a ticket that did print is a protected action (:data:`Permission.REPRINT`,
  a clerk needs a supervisor's override). It revokes the old code (ticket status, a
  revocation row with ``replaced_by``), signs a new one, and writes the journal entry and
  the outbox message that tells central about the revocation, all in one transaction.
* :func:`order_for_print` is the read service the layouts are built from
  (:mod:`pos.tickets.printview`).
* printer profiles are kept in the ``setting`` table as JSON (:mod:`pos.tickets.printers`).

The reprint lives in :mod:`pos.tickets.reprint`; this module re-exports the names
``printing`` and the app use from all four.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.errors import InvalidInput, NotFound, PrintRefused
from pos.store.db import Store
from pos.store.models import Order as OrderRow
from pos.store.models import PrintJob, Ticket
from pos.tickets.printers import (
    PROFILE_PREFIX,
    check_printer_name,
    delete_printer_profile,
    printer_profile,
    printer_profiles,
    save_printer_profile,
)
from pos.tickets.printview import OrderPrint, PaymentPrint, TicketPrint, order_for_print
from pos.tickets.reprint import ReprintResult, reprint_ticket

__all__ = [
    "JOB_KINDS",
    "PROFILE_PREFIX",
    "OrderPrint",
    "PaymentPrint",
    "PrintJobInfo",
    "PrintRefused",
    "ReprintResult",
    "TicketPrint",
    "begin_retry",
    "check_printer_name",
    "delete_printer_profile",
    "finish_job",
    "get_job",
    "jobs",
    "order_for_print",
    "printer_profile",
    "printer_profiles",
    "reprint_ticket",
    "save_printer_profile",
    "start_job",
]

JOB_KINDS = frozenset({"order", "receipt", "ticket", "reprint", "test", "report"})


@dataclass(frozen=True, slots=True)
class PrintJobInfo:
    job_id: str
    kind: str
    order_id: str | None
    ticket_ids: tuple[str, ...]
    codes: Mapping[str, str]
    printer: str
    mode: str
    staff_id: str | None
    status: str  # pending | printed | failed
    attempts: int
    last_error: str
    byte_count: int
    created_at: datetime
    updated_at: datetime
    printed_at: datetime | None


def _info(job: PrintJob) -> PrintJobInfo:
    return PrintJobInfo(
        job_id=job.id,
        kind=job.kind,
        order_id=job.order_id,
        ticket_ids=tuple(json.loads(job.ticket_ids)),
        codes=dict(json.loads(job.codes)),
        printer=job.printer,
        mode=job.mode,
        staff_id=job.staff_id,
        status=job.status,
        attempts=job.attempts,
        last_error=job.last_error,
        byte_count=job.byte_count,
        created_at=job.created_at,
        updated_at=job.updated_at,
        printed_at=job.printed_at,
    )


def start_job(
    store: Store,
    *,
    kind: str,
    printer: str,
    mode: str,
    order_id: str | None = None,
    codes: Mapping[str, str] | None = None,
    staff_id: str | None = None,
    job_id: str | None = None,
    now: datetime | None = None,
) -> PrintJobInfo:
    """Record a job as pending before its first byte is sent."""
    if kind not in JOB_KINDS:
        raise InvalidInput(f"unknown print job kind {kind!r}")
    if mode not in ("text", "raster"):
        raise InvalidInput(f"print mode is text or raster, not {mode!r}")
    now = now or datetime.now(UTC)
    codes = dict(codes or {})
    with store.write() as session:
        if order_id is not None and session.get(OrderRow, order_id) is None:
            raise NotFound(f"no order {order_id!r} on this terminal", order=order_id)
        job = PrintJob(
            id=job_id or str(uuid.uuid4()),
            kind=kind,
            order_id=order_id,
            ticket_ids=json.dumps(list(codes)),
            codes=json.dumps(codes, sort_keys=True),
            printer=printer,
            mode=mode,
            staff_id=staff_id,
            status="pending",
            attempts=1,
            last_error="",
            byte_count=0,
            created_at=now,
            updated_at=now,
            printed_at=None,
        )
        session.add(job)
        session.flush()
        return _info(job)


def finish_job(
    store: Store,
    *,
    job_id: str,
    error: str | None = None,
    byte_count: int = 0,
    now: datetime | None = None,
) -> PrintJobInfo:
    """Mark a job printed (``error`` None) or failed with the reason a person can act on."""
    now = now or datetime.now(UTC)
    with store.write() as session:
        job = _get_job(session, job_id)
        job.status = "failed" if error else "printed"
        job.last_error = error or ""
        job.byte_count = byte_count
        job.updated_at = now
        if not error:
            job.printed_at = now
        session.flush()
        return _info(job)


def begin_retry(
    store: Store,
    *,
    job_id: str,
    printer: str | None = None,
    mode: str | None = None,
    now: datetime | None = None,
) -> PrintJobInfo:
    """Take a failed job up again, with the same codes, on ``printer`` in ``mode`` (the job's
    own when not given; the job records the one it is retried on). A printed job needs a
    reprint instead, and so does a failed one whose tickets another job printed since: it
    is closed, or the same codes would come out twice without a supervisor."""
    if mode is not None and mode not in ("text", "raster"):
        raise InvalidInput(f"print mode is text or raster, not {mode!r}")
    now = now or datetime.now(UTC)
    with store.write() as session:
        job = _get_job(session, job_id)
        if job.status == "printed":
            raise PrintRefused(
                f"job {job_id} was printed: a copy of its tickets is a reprint, "
                "which needs a supervisor (`pos print reprint TICKET`)",
                job=job_id,
            )
        codes: dict[str, str] = json.loads(job.codes)
        superseding = _printed_elsewhere(session, job, set(codes.values()))
        if superseding is not None:
            raise PrintRefused(
                f"job {job_id} is closed: its tickets were printed by job {superseding} since. "
                "A lost or spoiled ticket is printed again with `pos print reprint TICKET` "
                "(a supervisor approves; the old code is revoked)",
                job=job_id,
                superseded_by=superseding,
            )
        if codes:
            current = dict(
                session.execute(
                    select(Ticket.id, Ticket.code).where(Ticket.id.in_(codes), Ticket.status == "valid")
                ).all()
            )
            gone = [t for t in codes if current.get(t) != codes[t]]
            if gone:
                raise PrintRefused(
                    f"ticket {gone[0]} of job {job_id} is no longer valid (refunded or reprinted): "
                    "print the order again instead",
                    ticket=gone[0],
                )
        job.status = "pending"
        job.attempts += 1
        if printer is not None:
            job.printer = printer
        if mode is not None:
            job.mode = mode
        job.updated_at = now
        session.flush()
        return _info(job)


def _printed_elsewhere(session: Session, job: PrintJob, codes: set[str]) -> str | None:
    """The id of another job of the order that printed one of ``codes``, if any."""
    if not codes or job.order_id is None:
        return None
    others = session.scalars(
        select(PrintJob).where(
            PrintJob.order_id == job.order_id, PrintJob.status == "printed", PrintJob.id != job.id
        )
    )
    for other in others:
        if codes & set(json.loads(other.codes).values()):
            return other.id
    return None


def _get_job(session: Session, job_id: str) -> PrintJob:
    job = session.get(PrintJob, job_id)
    if job is None:
        raise NotFound(f"no print job {job_id!r}", job=job_id)
    return job


def get_job(store: Store, *, job_id: str) -> PrintJobInfo:
    with store.read() as session:
        return _info(_get_job(session, job_id))


def jobs(store: Store, *, order_id: str | None = None, limit: int = 50) -> tuple[PrintJobInfo, ...]:
    """Most recent first; only the order's jobs when ``order_id`` is given."""
    with store.read() as session:
        query = select(PrintJob).order_by(PrintJob.created_at.desc(), PrintJob.id).limit(limit)
        if order_id is not None:
            query = query.where(PrintJob.order_id == order_id)
        return tuple(_info(j) for j in session.scalars(query))
