"""Print jobs: what the store must know about printing.

Printing itself (layouts, ESC/POS, printers) lives in ``printing/``; this module holds
the part that has to be in the store, so that the core's rules apply to it:

* a print job records what was printed (kind, order, ticket ids and their codes), when,
  on which printer, and whether it came out. Its states: ``queued`` (recorded before
  anything is sent), ``sending``, ``sent`` (the last byte left), then ``confirmed`` (the
  printer reported ready after the job, or a clerk who saw the tickets said so),
  ``unconfirmed`` (the printer cannot report: someone must say), or ``failed``. Only a
  confirmed job counts as printed (invariant 12). A failed or unconfirmed job is retried
  with the *same* codes: nothing is known to have come out, so nothing needs revoking.
* a reprint of a ticket that did print is a protected action (:data:`Permission.REPRINT`,
  a clerk needs a supervisor's override). It revokes the old code (ticket status, a
  revocation row with ``replaced_by``), signs a new one, and writes the journal entry and
  the outbox message that tells central about the revocation, all in one transaction.
* :func:`order_for_print` is the read service the layouts are built from
  (:mod:`pos.tickets.printview`).
* printer profiles are kept in the ``setting`` table as JSON (:mod:`pos.tickets.printers`).

The reprint lives in :mod:`pos.tickets.reprint`, the job record and its states in
:mod:`pos.tickets.jobrecord`; this module re-exports the names
``printing`` and the app use from all of them.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime

from sqlalchemy import select

from pos.errors import InvalidInput, NotFound, PrintRefused
from pos.journal import chain as journal
from pos.staff.access import Permission, StaffSession, authorise
from pos.store.db import Store
from pos.store.models import Order as OrderRow
from pos.store.models import PrintJob, Terminal, Ticket
from pos.tickets.jobrecord import (
    DONE,
    IN_FLIGHT,
    JOB_KINDS,
    STALE_IN_FLIGHT,
    PrintJobInfo,
    expect,
    get_row,
    info,
    not_unconfirmed,
    open_elsewhere,
    printed_elsewhere,
    settle,
)
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

log = logging.getLogger(__name__)

__all__ = [
    "DONE",
    "IN_FLIGHT",
    "JOB_KINDS",
    "PROFILE_PREFIX",
    "STALE_IN_FLIGHT",
    "OrderPrint",
    "PaymentPrint",
    "PrintJobInfo",
    "PrintRefused",
    "ReprintResult",
    "TicketPrint",
    "begin_retry",
    "check_printer_name",
    "confirm_job",
    "delete_printer_profile",
    "finish_job",
    "get_job",
    "jobs",
    "mark_sending",
    "mark_sent",
    "order_for_print",
    "printer_profile",
    "printer_profiles",
    "reprint_ticket",
    "save_printer_profile",
    "start_job",
    "tickets_print_state",
]


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
    """Record a job as queued before anything is rendered or sent."""
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
            status="queued",
            attempts=1,
            last_error="",
            byte_count=0,
            created_at=now,
            updated_at=now,
            printed_at=None,
        )
        session.add(job)
        session.flush()
        return info(job)


def mark_sending(store: Store, *, job_id: str, now: datetime | None = None) -> PrintJobInfo:
    """The job's first byte is about to go: from here a crash leaves it not known to be out."""
    return _move(store, job_id, ("queued",), "sending", now)


def mark_sent(store: Store, *, job_id: str, byte_count: int = 0, now: datetime | None = None) -> PrintJobInfo:
    """Every byte left for the printer; whether it printed is not known yet."""
    now = now or datetime.now(UTC)
    with store.write() as session:
        job = get_row(session, job_id)
        expect(job, ("sending",), "sent")
        job.status, job.sent_at, job.updated_at = "sent", now, now
        if byte_count:
            job.byte_count = byte_count
        session.flush()
        return info(job)


def _move(store: Store, job_id: str, before: tuple[str, ...], after: str, now: datetime | None) -> PrintJobInfo:
    now = now or datetime.now(UTC)
    with store.write() as session:
        job = get_row(session, job_id)
        expect(job, before, after)
        job.status, job.updated_at = after, now
        session.flush()
        return info(job)


def finish_job(
    store: Store,
    *,
    job_id: str,
    error: str | None = None,
    confirmed: bool = False,  # only a printer (or a clerk, confirm_job) says it printed
    byte_count: int = 0,
    now: datetime | None = None,
) -> PrintJobInfo:
    """The job's outcome: failed (``error``, the reason a person can act on), confirmed (the
    printer reported ready after it), or unconfirmed (the printer cannot report)."""
    now = now or datetime.now(UTC)
    with store.write() as session:
        job = get_row(session, job_id)
        expect(job, tuple(IN_FLIGHT), "finished")
        job.status = "failed" if error else DONE if confirmed else "unconfirmed"
        job.last_error = error or ""
        if byte_count:
            job.byte_count = byte_count
        job.updated_at = now
        if job.status != "failed" and job.sent_at is None:
            job.sent_at = now
        if job.status == DONE:
            job.printed_at = now
        session.flush()
        return info(job)


def confirm_job(store: Store, *, job_id: str, actor: StaffSession, now: datetime | None = None) -> PrintJobInfo:
    """A clerk saw an unconfirmed job come out: it becomes confirmed, journaled with who said so.

    Only an unconfirmed job can be: a confirmed one already is, a failed one is known not to
    have printed (retry it), and one still in flight has no answer to give yet."""
    now = now or datetime.now(UTC)
    auth = authorise(actor=actor, permission=Permission.SELL, now=now)
    with store.write() as session:
        job = get_row(session, job_id)
        settle(job, now)
        if job.status != "unconfirmed":
            raise PrintRefused(not_unconfirmed(job), job=job_id, status=job.status)
        codes: dict[str, str] = json.loads(job.codes)
        superseding = printed_elsewhere(session, job, set(codes.values()))
        if superseding is not None:
            raise PrintRefused(
                f"job {job_id} is closed: its tickets were printed by job {superseding} since",
                job=job_id,
                superseded_by=superseding,
            )
        job.status, job.printed_at, job.confirmed_by, job.updated_at = DONE, now, auth.actor_id, now
        terminal = session.scalar(select(Terminal))
        journal.append(
            session,
            kind="print_confirmed",
            terminal_id=terminal.terminal_id if terminal else "?",
            staff_id=auth.actor_id,
            ref=job.order_id or job.id,
            data={"job": job.id, "kind": job.kind, "printer": job.printer, "tickets": list(codes)},
            now=now,
        )
        session.flush()
        log.info("print job %s confirmed by %s", job.id, auth.actor_id)
        return info(job)


def begin_retry(
    store: Store,
    *,
    job_id: str,
    printer: str | None = None,
    mode: str | None = None,
    now: datetime | None = None,
) -> PrintJobInfo:
    """Take a failed or unconfirmed job up again, with the same codes, on ``printer`` in
    ``mode`` (the job's own when not given; the job records the one it is retried on). A
    confirmed job needs a reprint instead, and so does one whose tickets another job printed
    (confirmed) since: it is closed, or the same codes would come out twice without a
    supervisor. An unconfirmed one may go again: nothing of it is known to have come out."""
    if mode is not None and mode not in ("text", "raster"):
        raise InvalidInput(f"print mode is text or raster, not {mode!r}")
    now = now or datetime.now(UTC)
    with store.write() as session:
        job = get_row(session, job_id)
        settle(job, now)
        if job.status == DONE:
            raise PrintRefused(
                f"job {job_id} was printed: a copy of its tickets is a reprint, "
                "which needs a supervisor (`pos print reprint TICKET`)",
                job=job_id,
            )
        if job.status in IN_FLIGHT:
            raise PrintRefused(f"job {job_id} is still {job.status}: wait for the printer's answer", job=job_id)
        codes: dict[str, str] = json.loads(job.codes)
        superseding = printed_elsewhere(session, job, set(codes.values()))
        if superseding is not None:
            raise PrintRefused(
                f"job {job_id} is closed: its tickets were printed by job {superseding} since. "
                "A lost or spoiled ticket is printed again with `pos print reprint TICKET` "
                "(a supervisor approves; the old code is revoked)",
                job=job_id,
                superseded_by=superseding,
            )
        waiting = open_elsewhere(session, job, set(codes.values()))
        if waiting is not None:
            raise PrintRefused(
                f"job {job_id} shares tickets with job {waiting}, which went to the printer and is not "
                f"confirmed: say whether that one came out first (`pos print confirm {waiting}`, or retry it)",
                job=job_id,
                waiting_on=waiting,
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
        job.status = "queued"
        job.sent_at = job.confirmed_by = None
        job.attempts += 1
        if printer is not None:
            job.printer = printer
        if mode is not None:
            job.mode = mode
        job.updated_at = now
        session.flush()
        return info(job)


def get_job(store: Store, *, job_id: str) -> PrintJobInfo:
    with store.read() as session:
        return info(get_row(session, job_id))


def jobs(store: Store, *, order_id: str | None = None, limit: int = 50) -> tuple[PrintJobInfo, ...]:
    """Most recent first; only the order's jobs when ``order_id`` is given."""
    with store.read() as session:
        query = select(PrintJob).order_by(PrintJob.created_at.desc(), PrintJob.id).limit(limit)
        if order_id is not None:
            query = query.where(PrintJob.order_id == order_id)
        return tuple(info(j) for j in session.scalars(query))


def tickets_print_state(store: Store, *, order_id: str, codes: set[str]) -> str:
    """How far ``codes`` (an order's valid tickets) got on paper: ``confirmed`` (every one in a
    confirmed job), ``unconfirmed`` (some went to a printer that could not say, or are on their
    way), ``failed`` (only failed jobs), ``partly`` (some confirmed, the rest never sent) or
    ``""`` (never sent)."""
    if not codes:
        return ""
    states: dict[str, set[str]] = {}
    for j in jobs(store, order_id=order_id, limit=1000):
        for code in codes & set(j.codes.values()):
            states.setdefault(code, set()).add(j.status)
    confirmed = {c for c, st in states.items() if DONE in st}
    if confirmed == codes:
        return DONE
    if any(st & ({"unconfirmed"} | IN_FLIGHT) for c, st in states.items() if c not in confirmed):
        return "unconfirmed"
    if confirmed:
        return "partly"
    return "failed" if states else ""
