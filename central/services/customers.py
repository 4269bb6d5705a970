"""Customer service (issue 22): a customer's recent orders from every channel, by phone or
member number, and the notes counters record against a customer.

A look-up is online only and open to a terminal of any outlet (the customer may ask at any
counter), so it answers only what a counter needs (masked names and phone, no pickup or
ticket codes), and each one is logged (``customer_lookups``: who, when, how many found) and
throttled per terminal like the pickup guard: ``LOOKUP_LIMIT`` look-ups or ``MISS_LIMIT``
that found nothing within ``WINDOW`` refuse that terminal's look-ups until the window has
moved on (``customer_lookup_throttled``, 429, with a warning in the log).

Phones are kept only as keyed digests (``phone_key``: HMAC with central's holder digest key,
which lives outside the database), so a database dump does not list the customers' numbers.
Orders taken before migration 0018 have no digest and are not found by phone."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.customer_models import CustomerLookupLog, CustomerNote, InvoiceRequest, OrderPhone
from central.errors import ApiError, conflict
from central.member_models import Member
from central.models import Order, Refund
from central.services.common import digest, serialize
from sync.protocol.customers import (
    LOOKUP_ORDERS,
    CustomerLookup,
    CustomerLookupReply,
    CustomerNoteReply,
    CustomerNoteSeen,
    CustomerNoteUpload,
    CustomerOrder,
)

log = logging.getLogger(__name__)

LOOKUP_LIMIT = 30
MISS_LIMIT = 10
WINDOW = timedelta(hours=1)
NOTES_SHOWN = 20
_MOBILE = re.compile(r"1[3-9][0-9]{9}")


def phone_key(ctx: Central, phone: str) -> str:
    return ctx.holders().digest("phone", phone)


def phone_row(ctx: Central, order_id: str, phone: str, sold_at: datetime) -> dict[str, Any]:
    """An ``order_phones`` row: what makes the order findable by the customer's phone."""
    return {"order_id": order_id, "phone_key": phone_key(ctx, phone), "sold_at": sold_at}


def mobile_digits(digits: str) -> str | None:
    """A mainland mobile number from a buyer's phone digits (with or without 86), else None."""
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return digits if _MOBILE.fullmatch(digits) else None


def member_phone(s: Session, member_number: str) -> str | None:
    """The phone of a member, by member number; None when there is no such member."""
    phone: str | None = s.scalar(select(Member.phone).where(Member.number == member_number))
    return phone


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}"


def mask_name(name: str) -> str:
    return f"{name[0]}{'*' * max(1, len(name) - 1)}" if name else ""


def _throttled(s: Session, caller: Caller, now: datetime) -> ApiError | None:
    base = select(CustomerLookupLog.at).where(
        CustomerLookupLog.terminal_id == caller.terminal_id,
        CustomerLookupLog.refused.is_(None),
        CustomerLookupLog.at > now - WINDOW,
    )
    for where, limit, what in (
        (None, LOOKUP_LIMIT, "look-ups"),
        (CustomerLookupLog.found == 0, MISS_LIMIT, "look-ups that found nobody"),
    ):
        q = base if where is None else base.where(where)
        times = list(s.scalars(q.order_by(CustomerLookupLog.at.desc()).limit(limit)))
        if len(times) >= limit:
            until = times[-1] + WINDOW
            log.warning(
                "customer look-ups throttled: terminal %s (outlet %s) made %d %s within %s",
                caller.terminal_id,
                caller.outlet_id,
                limit,
                what,
                WINDOW,
            )
            return ApiError(
                429,
                "customer_lookup_throttled",
                f"too many customer {what} at this terminal: try again later",
                until=until.isoformat(),
                retry_after=max(1, int((until - now).total_seconds())),
            )
    return None


def _orders(s: Session, key: str, member_number: str | None = None) -> list[CustomerOrder]:
    # A member's counter sales carry the member number even when no phone was keyed.
    found = OrderPhone.phone_key == key
    if member_number:
        found = or_(found, Order.member_number == member_number)
    rows = (
        s.execute(
            select(Order)
            .outerjoin(OrderPhone, OrderPhone.order_id == Order.id)
            .where(found)
            .order_by(Order.sold_at.desc())
            .limit(LOOKUP_ORDERS)
        )
        .scalars()
        .unique()
        .all()
    )
    ids = [o.id for o in rows]
    refunded = dict(
        s.execute(
            select(Refund.order_id, func.sum(Refund.tickets))
            .where(Refund.order_id.in_(ids))
            .group_by(Refund.order_id)
        )
        .tuples()
        .all()
    )
    invoiced = set(s.scalars(select(InvoiceRequest.order_id).where(InvoiceRequest.order_id.in_(ids))))
    out = []
    for o in rows:
        online = o.kind == "online"
        out.append(
            CustomerOrder(
                order_id=UUID(o.id),
                channel="online" if online else "outlet",
                number=(o.number if online else o.reply.get("order_number")) or o.id[:8],
                performance_id=o.reply["performance_id"]
                if online
                else o.reply["tickets"][0]["performance_id"],
                sold_at=o.sold_at,
                total=o.total,
                tickets=o.tickets,
                refunded_tickets=int(refunded.get(o.id) or 0),
                outlet_id=o.pickup_outlet if online else o.outlet_id,
                terminal_id=None if online else o.terminal_id,
                buyer_name=mask_name(str(o.reply.get("buyer_name") or "")) if online else "",
                collected=o.collected_at is not None,
                invoiced=o.id in invoiced,
            )
        )
    return out


def lookup(ctx: Central, caller: Caller, req: CustomerLookup) -> CustomerLookupReply:
    def tx(s: Session) -> CustomerLookupReply | ApiError:
        serialize(s, f"customer-lookup-of:{caller.terminal_id}")
        now = ctx.now()
        by = "phone" if req.phone else "member"
        refused = _throttled(s, caller, now)
        if refused is not None:
            s.add(
                CustomerLookupLog(
                    at=now,
                    terminal_id=caller.terminal_id,
                    outlet_id=caller.outlet_id,
                    by=by,
                    phone_key=None,
                    found=0,
                    refused=refused.reason,
                )
            )
            return refused
        phone = req.phone or member_phone(s, req.member_number or "")
        key = phone_key(ctx, phone) if phone else None
        orders = _orders(s, key, req.member_number if by == "member" else None) if key else []
        notes = (
            []
            if key is None
            else [
                CustomerNoteSeen(
                    note_id=UUID(n.id),
                    kind="complaint" if n.kind == "complaint" else "request",
                    text=n.text,
                    noted_at=n.noted_at,
                    outlet_id=n.outlet_id,
                    staff_id=n.staff_id,
                )
                for n in s.scalars(
                    select(CustomerNote)
                    .where(CustomerNote.phone_key == key)
                    .order_by(CustomerNote.noted_at.desc())
                    .limit(NOTES_SHOWN)
                )
            ]
        )
        s.add(
            CustomerLookupLog(
                at=now,
                terminal_id=caller.terminal_id,
                outlet_id=caller.outlet_id,
                by=by,
                phone_key=key,
                found=len(orders),
                refused=None,
            )
        )
        log.info("customer look-up by %s from terminal %s: %d orders", by, caller.terminal_id, len(orders))
        if phone is None:
            return ApiError(404, "unknown_member", "no member has this number")
        if not orders and not notes:
            return ApiError(404, "customer_not_found", "no order or note is recorded for this phone")
        return CustomerLookupReply(phone_masked=mask_phone(phone), orders=orders, notes=notes)

    outcome = ctx.db.run(tx)
    if isinstance(outcome, ApiError):
        raise outcome  # its log row is committed
    return outcome


def put_note(
    ctx: Central, caller: Caller, note_id: UUID, up: CustomerNoteUpload
) -> tuple[int, CustomerNoteReply]:
    d = digest(up)

    def tx(s: Session) -> tuple[int, CustomerNoteReply]:
        serialize(s, f"put:{note_id}")
        existing = s.get(CustomerNote, str(note_id))
        if existing is not None:
            if existing.terminal_id != caller.terminal_id or existing.digest != d:
                raise conflict("note id already used with a different payload")
            return 200, CustomerNoteReply(note_id=note_id, accepted_at=existing.accepted_at)
        now = ctx.now()
        s.add(
            CustomerNote(
                id=str(note_id),
                phone_key=phone_key(ctx, up.phone),
                kind=up.kind,
                text=up.text,
                order_id=str(up.order_id) if up.order_id else None,
                outlet_id=caller.outlet_id,
                terminal_id=caller.terminal_id,
                staff_id=up.staff_id,
                noted_at=up.noted_at,
                accepted_at=now,
                digest=d,
            )
        )
        return 201, CustomerNoteReply(note_id=note_id, accepted_at=now)

    return ctx.db.run(tx)


@dataclass(frozen=True, slots=True)
class LookupLogged:
    at: datetime
    terminal_id: str
    outlet_id: str
    by: str
    found: int
    refused: str | None


def lookup_log(ctx: Central, *, limit: int = 50, terminal_id: str | None = None) -> list[LookupLogged]:
    """The customer look-ups central logged, newest first (who, when, how many found, refused)."""

    def tx(s: Session) -> list[LookupLogged]:
        q = select(CustomerLookupLog).order_by(CustomerLookupLog.at.desc(), CustomerLookupLog.id.desc())
        if terminal_id is not None:
            q = q.where(CustomerLookupLog.terminal_id == terminal_id)
        return [LookupLogged(r.at, r.terminal_id, r.outlet_id, r.by, r.found, r.refused)
                for r in s.scalars(q.limit(limit))]

    return ctx.db.run(tx)
