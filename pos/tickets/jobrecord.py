"""A print job's record and its states, shared by the services of
:mod:`pos.tickets.printjobs`: the frozen view of a row, where a job may go next, and which
other job of the same tickets printed them or has no known outcome yet."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.errors import NotFound, PrintRefused
from pos.store.models import PrintJob

JOB_KINDS = frozenset({"order", "receipt", "ticket", "reprint", "test", "report"})
IN_FLIGHT = frozenset({"queued", "sending", "sent"})  # between the record and the outcome
DONE = "confirmed"  # the one state that counts as printed
# A job still in flight after this long was cut short (the terminal stopped while printing):
# nobody knows whether it came out, so it is taken as unconfirmed.
STALE_IN_FLIGHT = timedelta(minutes=10)


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
    status: str  # queued | sending | sent | confirmed | unconfirmed | failed
    attempts: int
    last_error: str
    byte_count: int
    created_at: datetime
    updated_at: datetime
    printed_at: datetime | None  # when it was confirmed
    sent_at: datetime | None = None
    confirmed_by: str | None = None  # the clerk who saw it come out (None: the printer said so)

    @property
    def printed(self) -> bool:
        return self.status == DONE


def info(job: PrintJob) -> PrintJobInfo:
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
        sent_at=job.sent_at,
        confirmed_by=job.confirmed_by,
    )


def expect(job: PrintJob, before: tuple[str, ...], after: str) -> None:
    if job.status not in before:  # a bug in the caller: the states only move forward
        raise PrintRefused(f"job {job.id} is {job.status}: it cannot become {after}", job=job.id)


def settle(job: PrintJob, now: datetime) -> None:
    if job.status in IN_FLIGHT and now - job.updated_at > STALE_IN_FLIGHT:
        job.status, job.updated_at = "unconfirmed", now
        job.last_error = "cut short: the terminal stopped while printing"


def not_unconfirmed(job: PrintJob) -> str:
    if job.status == DONE:
        who = f" by {job.confirmed_by}" if job.confirmed_by else " by the printer"
        return f"job {job.id} is confirmed already{who}"
    if job.status == "failed":
        return f"job {job.id} failed, so it did not print: retry it (`pos print retry {job.id}`)"
    return f"job {job.id} is still {job.status}: wait for the printer's answer"


def printed_elsewhere(session: Session, job: PrintJob, codes: set[str]) -> str | None:
    """The id of another job of the order that printed one of ``codes`` (confirmed), if any."""
    return _other_job(session, job, codes, [DONE])


def open_elsewhere(session: Session, job: PrintJob, codes: set[str]) -> str | None:
    """Another job of the order with one of ``codes`` whose outcome nobody knows yet."""
    return _other_job(session, job, codes, ["unconfirmed", *IN_FLIGHT])


def _other_job(session: Session, job: PrintJob, codes: set[str], statuses: list[str]) -> str | None:
    if not codes or job.order_id is None:
        return None
    others = session.scalars(
        select(PrintJob).where(
            PrintJob.order_id == job.order_id, PrintJob.status.in_(statuses), PrintJob.id != job.id
        )
    )
    return next((o.id for o in others if codes & set(json.loads(o.codes).values())), None)


def get_row(session: Session, job_id: str) -> PrintJob:
    job = session.get(PrintJob, job_id)
    if job is None:
        raise NotFound(f"no print job {job_id!r}", job=job_id)
    return job
