"""Print jobs and reprints: what the store must know about printing.

Printing itself (layouts, ESC/POS, printers) lives in ``printing/``; this module holds
the part that has to be in the store, so that the core's rules apply to it:

* a print job records what was printed (kind, order, ticket ids and their codes), when,
  on which printer, and whether it came out. A failed job is retried with the *same*
  codes: nothing left the printer, so nothing needs revoking.
* a reprint of a ticket that did print is a protected action (:data:`Permission.REPRINT`,
  a clerk needs a supervisor's override). It revokes the old code (ticket status, a
  revocation row with ``replaced_by``), signs a new one, and writes the journal entry and
  the outbox message that tells central about the revocation, all in one transaction.
* :func:`order_for_print` is the read service the layouts are built from.
* printer profiles are kept in the ``setting`` table as JSON (validated by ``printing``).
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.errors import InvalidInput, NotFound, PosError, TicketCodeError
from pos.journal import chain as journal
from pos.journal import outbox
from pos.money import Money
from pos.staff.access import Override, Permission, StaffSession, authorise, spend
from pos.store import sql
from pos.store.db import Store
from pos.store.models import Order as OrderRow
from pos.store.models import PrintJob, Revocation, Terminal, Ticket
from pos.tickets import TicketClaims, TicketSigner, new_ticket_id, peek

log = logging.getLogger(__name__)

JOB_KINDS = frozenset({"order", "receipt", "ticket", "reprint", "test", "report"})
PROFILE_PREFIX = "printer:"
_PRINTER_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")


class PrintRefused(PosError):
    """A print, retry or reprint that the rules do not allow; the message says what to do."""

    code = "print_refused"


# --- what a layout is built from ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TicketPrint:
    ticket_id: str
    line_no: int
    code: str
    status: str  # valid | revoked
    seat_id: str | None
    area_id: str | None
    section: str  # localised section or standing-area name
    row_label: str
    seat_number: str
    zone: str
    gate: str
    concession: str  # localised name
    list_price: Money
    discount: Money
    promotion: str  # localised promotion name, "" if none
    fee: Money
    total: Money
    holder: str  # masked, as in the signed code; "" if not a real-name ticket
    issued_at: datetime


@dataclass(frozen=True, slots=True)
class PaymentPrint:
    kind: str  # cash | card | mobile
    amount: Money  # negative for refunds
    tendered: Money
    reference: str


@dataclass(frozen=True, slots=True)
class OrderPrint:
    """Everything printed about one order, names already in the terminal's language."""

    order_id: str
    number: str
    status: str
    created_at: datetime
    language: str  # zh | en
    timezone: str
    terminal_id: str
    outlet_id: str
    outlet: str
    staff_id: str
    staff_name: str
    event: str
    venue: str
    city: str
    performance_id: str
    starts_at: datetime
    doors_open_at: datetime
    terms: str
    subtotal: Money
    discount_total: Money
    fee_total: Money
    total: Money
    change: Money
    coupon_code: str | None
    tickets: tuple[TicketPrint, ...]  # the current ticket of each line (a reprint replaces one)
    payments: tuple[PaymentPrint, ...]

    @property
    def valid_tickets(self) -> tuple[TicketPrint, ...]:
        return tuple(t for t in self.tickets if t.status == "valid")


def _name(row: Any, language: str, fallback: str) -> str:
    if row is None:
        return fallback
    return str(getattr(row, f"name_{language}") or row.name_en or fallback)


def _find_order(session: Session, order: str) -> Any:
    found = sql.row(session, "SELECT * FROM sale_order WHERE id = ? OR number = ?", order, order)
    if found is None:
        raise NotFound(f"no order {order!r} on this terminal", order=order)
    return found


def order_for_print(store: Store, *, order: str, language: str | None = None) -> OrderPrint:
    """The printable view of an order (by id or number), in ``language`` or the terminal's."""
    with store.read() as session:
        o = _find_order(session, order)
        terminal = sql.row(session, "SELECT * FROM terminal")
        if terminal is None:
            raise NotFound("this terminal is not initialised: run `pos init`")
        lang = language or terminal.language
        if lang not in ("zh", "en"):
            raise InvalidInput(f"language must be zh or en, got {lang!r}")
        perf = sql.row(session, "SELECT * FROM performance WHERE id = ?", o.performance_id)
        assert perf is not None  # a foreign key of the order
        event = sql.row(session, "SELECT * FROM event WHERE id = ?", perf.event_id)
        assert event is not None
        venue = sql.row(session, "SELECT * FROM venue WHERE id = ?", event.venue_id)
        assert venue is not None
        outlet = sql.row(session, "SELECT * FROM outlet WHERE id = ?", o.outlet_id)
        staff = sql.row(session, "SELECT name FROM staff WHERE id = ?", o.staff_id)
        sections = {r.id: r for r in sql.rows(session, "SELECT * FROM section WHERE venue_id = ?", venue.id)}
        gates = {r.id: r for r in sql.rows(session, "SELECT * FROM gate WHERE venue_id = ?", venue.id)}
        zones = {
            r.id: r for r in sql.rows(session, "SELECT * FROM price_zone WHERE performance_id = ?", perf.id)
        }
        concessions = {r.code: r for r in sql.rows(session, "SELECT * FROM concession")}
        promotions = {r.id: r for r in sql.rows(session, "SELECT id, name_zh, name_en FROM promotion")}
        rows = sql.rows(
            session,
            "SELECT t.*, s.section_id AS seat_section, s.row_label, s.number AS seat_number FROM ticket t "
            "LEFT JOIN seat s ON s.venue_id = ? AND s.id = t.seat_id "
            "WHERE t.order_id = ? ORDER BY t.line_no, t.issued_at, t.status DESC",
            venue.id,
            o.id,
        )
        payments = sql.rows(session, "SELECT * FROM payment WHERE order_id = ? ORDER BY id", o.id)
    cur = o.currency
    by_line: dict[int, TicketPrint] = {}
    for t in rows:
        section_id = t.seat_section if t.seat_id else t.area_id
        try:
            holder = peek(t.code)[1].holder
        except TicketCodeError:  # a code we signed always parses; never let printing crash on it
            holder = ""
        current = TicketPrint(
            ticket_id=t.id,
            line_no=t.line_no,
            code=t.code,
            status=t.status,
            seat_id=t.seat_id,
            area_id=t.area_id,
            section=_name(sections.get(section_id), lang, section_id or ""),
            row_label=t.row_label or "",
            seat_number=t.seat_number or "",
            zone=_name(zones.get(t.zone_id), lang, t.zone_id),
            gate=_name(gates.get(t.gate_id), lang, t.gate_id),
            concession=_name(concessions.get(t.concession), lang, t.concession),
            list_price=Money(t.list_price, cur),
            discount=Money(t.discount, cur),
            promotion=_name(promotions.get(t.promotion_id), lang, "") if t.promotion_id else "",
            fee=Money(t.fee, cur),
            total=Money(t.total, cur),
            holder=holder,
            issued_at=_time(t.issued_at),
        )
        # A reprint leaves the revoked ticket and its replacement on the same line; a line
        # has at most one valid ticket, and that one counts (not the latest: clocks skew).
        previous = by_line.get(t.line_no)
        if previous is None or (current.status == "valid", current.issued_at) >= (
            previous.status == "valid",
            previous.issued_at,
        ):
            by_line[t.line_no] = current
    return OrderPrint(
        order_id=o.id,
        number=o.number,
        status=o.status,
        created_at=_time(o.created_at),
        language=lang,
        timezone=terminal.timezone,
        terminal_id=o.terminal_id,
        outlet_id=o.outlet_id,
        outlet=_name(outlet, lang, o.outlet_id),
        staff_id=o.staff_id,
        staff_name=staff.name if staff else o.staff_id,
        event=_name(event, lang, event.id),
        venue=_name(venue, lang, venue.id),
        city=str(getattr(venue, f"city_{lang}") or ""),
        performance_id=perf.id,
        starts_at=_time(perf.starts_at),
        doors_open_at=_time(perf.doors_open_at),
        terms=str(getattr(event, f"terms_{lang}") or ""),
        subtotal=Money(o.subtotal, cur),
        discount_total=Money(o.discount_total, cur),
        fee_total=Money(o.fee_total, cur),
        total=Money(o.total, cur),
        change=Money(o.change_given, cur),
        coupon_code=o.coupon_code,
        tickets=tuple(by_line[n] for n in sorted(by_line)),
        payments=tuple(
            PaymentPrint(p.kind, Money(p.amount, cur), Money(p.tendered, cur), p.reference or "")
            for p in payments
        ),
    )


def _time(value: str) -> datetime:
    out = sql.time_out(value)
    assert out is not None
    return out


# --- print jobs ------------------------------------------------------------------------------


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


def begin_retry(store: Store, *, job_id: str, now: datetime | None = None) -> PrintJobInfo:
    """Take a failed job up again, with the same codes. A printed job needs a reprint instead."""
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
        job.updated_at = now
        session.flush()
        return _info(job)


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


# --- reprint ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReprintResult:
    order_id: str
    order_number: str
    old_ticket_id: str
    new_ticket_id: str
    new_code: str
    journal_seq: int
    reprint_id: str  # the outbox message's id: central's idempotency key


def reprint_ticket(
    store: Store,
    *,
    ticket_id: str,
    actor: StaffSession,
    signer: TicketSigner,
    override: Override | None = None,
    reason: str = "",
    reprint_id: str | None = None,
    now: datetime | None = None,
) -> ReprintResult:
    """Replace a ticket's code: revoke the old one, sign a new one, journal and outbox it.

    Checked first, so a clerk without a supervisor's override changes nothing.
    """
    now = now or datetime.now(UTC)
    auth = authorise(actor=actor, permission=Permission.REPRINT, override=override, now=now)
    reprint_id = reprint_id or str(uuid.uuid4())
    with store.write() as session:
        spend(session, auth, override, now=now)
        old = session.get(Ticket, ticket_id.strip().upper())
        if old is None:
            raise NotFound(f"no ticket {ticket_id!r} on this terminal", ticket=ticket_id)
        if old.status != "valid":
            raise PrintRefused(f"ticket {old.id} is {old.status}: only a valid ticket can be reprinted")
        order = session.get(OrderRow, old.order_id)
        terminal = session.scalar(select(Terminal))
        assert order is not None and terminal is not None
        _, old_claims = peek(old.code)
        new_id = new_ticket_id()
        claims = TicketClaims(
            ticket_id=new_id,
            performance_id=old.performance_id,
            item_id=old.seat_id or old.area_id or "",
            gate_id=old.gate_id,
            concession=old.concession,
            issued_at=int(now.timestamp()),
            holder=old_claims.holder,
        )
        code = signer.sign(claims)
        # Revoke first: the unique index allows one valid ticket per seat.
        old.status = "revoked"
        session.add(Revocation(ticket_id=old.id, reason="reprint", revoked_at=now, replaced_by=new_id))
        session.flush()
        copied = {c.name: getattr(old, c.key) for c in Ticket.__table__.columns}
        copied.update(id=new_id, code=code, key_id=signer.key_id, status="valid", issued_at=now)
        session.add(Ticket(**copied))
        seq = journal.append(
            session,
            kind="reprint",
            terminal_id=terminal.terminal_id,
            staff_id=auth.actor_id,
            approver_id=auth.approver_id,
            ref=order.id,
            data={
                "reprint": reprint_id,
                "number": order.number,
                "revoked": old.id,
                "replaced_by": new_id,
                "reason": reason,
            },
            now=now,
        )
        ticket_payload = {
            k: (v.isoformat() if isinstance(v, datetime) else v)
            for k, v in copied.items()
            if k not in ("order_id", "status")
        }
        outbox.enqueue(
            session,
            message_id=reprint_id,
            kind="reprint",
            payload={
                "reprint_id": reprint_id,
                "order_id": order.id,
                "revoked_ticket_id": old.id,
                "reason": "reprint",
                "replaced_by": new_id,
                "ticket": ticket_payload,
                "staff_id": auth.actor_id,
                "approver_id": auth.approver_id,
                "note": reason,
                "created_at": now.isoformat(),
            },
            now=now,
        )
        session.flush()
        log.info("ticket %s reprinted as %s by %s", old.id, new_id, auth.actor_id)
        return ReprintResult(order.id, order.number, old.id, new_id, code, seq, reprint_id)


# --- printer profiles (settings) ------------------------------------------------------------


def check_printer_name(name: str) -> str:
    if not isinstance(name, str) or not _PRINTER_NAME.match(name):
        raise InvalidInput("a printer name is 1-40 letters, digits or _.-")
    return name


def save_printer_profile(store: Store, *, name: str, settings: Mapping[str, Any]) -> None:
    """Store a printer profile (already validated by ``printing``) as JSON under its name."""
    check_printer_name(name)
    value = json.dumps(dict(settings), sort_keys=True, ensure_ascii=False)
    with store.write() as session:
        sql.run(
            session,
            "INSERT INTO setting (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (PROFILE_PREFIX + name, value),
        )


def printer_profiles(store: Store) -> dict[str, dict[str, Any]]:
    """Every stored profile by name; an unreadable one maps to ``{}`` (the caller says so)."""
    out: dict[str, dict[str, Any]] = {}
    with store.read() as session:
        for r in sql.rows(session, "SELECT key, value FROM setting WHERE key LIKE ?", PROFILE_PREFIX + "%"):
            try:
                value = json.loads(r.value)
            except ValueError:
                value = {}
            out[r.key[len(PROFILE_PREFIX) :]] = value if isinstance(value, dict) else {}
    return out


def printer_profile(store: Store, *, name: str) -> dict[str, Any]:
    found = printer_profiles(store).get(name)
    if found is None:
        raise NotFound(f"no printer profile {name!r}: add it with `pos printer add`", printer=name)
    return found


def delete_printer_profile(store: Store, *, name: str) -> None:
    with store.write() as session:
        if not sql.run(session, "DELETE FROM setting WHERE key = ?", (PROFILE_PREFIX + name,)).rowcount:
            raise NotFound(f"no printer profile {name!r}", printer=name)
