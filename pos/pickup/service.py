"""Pickup of online orders at the counter (取票): find, show, print, record the collection.

Central decides who collects an order (``sync/pickup.py`` asks it). This module keeps what
the terminal knows: online orders cached from central's pickup feed for this outlet or from
a look-up, and the collection itself, journaled. While central is unreachable an order can
be handed out only if it was assigned to this outlet and is in the cache; the collection
is then queued in the outbox (``PUT /v1/pickups/{id}`` with the offline time) in the same
transaction.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.errors import AlreadyCollected, InvalidInput, NotFound, PickupUnavailable
from pos.journal import chain as journal
from pos.journal import outbox
from pos.staff.access import Permission, StaffSession, authorise
from pos.store import sql
from pos.store.db import Store
from pos.store.models import PickupOrder as PickupRow

_CODE = re.compile(r"^[0-9]{8}$")
_NUMBER = re.compile(r"^W[0-9]{9}$")
_LAST4 = re.compile(r"^[0-9]{4}$")


@dataclass(frozen=True, slots=True)
class PickupTicket:
    ticket_id: str
    performance_id: str
    seat_id: str | None
    area_id: str | None
    concession: str
    price: int
    code: str


@dataclass(frozen=True, slots=True)
class Collection:
    collected_at: datetime
    outlet_id: str
    terminal_id: str


@dataclass(frozen=True, slots=True)
class PickupOrder:
    order_id: str
    order_number: str | None
    pickup_code: str
    performance_id: str
    buyer_name: str
    buyer_phone_last4: str | None
    pickup_outlet_id: str | None
    total: int
    created_at: datetime
    tickets: tuple[PickupTicket, ...]
    collected: Collection | None = None


@dataclass(frozen=True, slots=True)
class PickupQuery:
    """What the clerk typed: a pickup code, or an order number and the phone's last 4 digits."""

    code: str | None = None
    order_number: str | None = None
    phone_last4: str | None = None


def parse_query(
    *, code: str | None = None, order_number: str | None = None, phone_last4: str | None = None
) -> PickupQuery:
    code = (code or "").strip().replace(" ", "") or None
    number = (order_number or "").strip().upper() or None
    last4 = (phone_last4 or "").strip() or None
    if code and (number or last4):
        raise InvalidInput("look up by pickup code, or by order number and phone digits, not both")
    if code:
        if not _CODE.match(code):
            raise InvalidInput("a pickup code is 8 digits")
        return PickupQuery(code=code)
    if not number:
        raise InvalidInput("give the pickup code, or the order number and the last 4 digits of the phone")
    if not _NUMBER.match(number):
        raise InvalidInput("an online order number is W followed by 9 digits")
    if not last4 or not _LAST4.match(last4):
        raise InvalidInput("give the last 4 digits of the buyer's phone")
    return PickupQuery(order_number=number, phone_last4=last4)


def _to_row_values(o: PickupOrder, now: datetime) -> dict[str, object]:
    return {
        "order_id": o.order_id,
        "order_number": o.order_number,
        "pickup_code": o.pickup_code,
        "performance_id": o.performance_id,
        "buyer_name": o.buyer_name,
        "buyer_phone_last4": o.buyer_phone_last4,
        "pickup_outlet_id": o.pickup_outlet_id,
        "total": o.total,
        "created_at": o.created_at,
        "tickets": json.dumps([_ticket_dict(t) for t in o.tickets], sort_keys=True),
        "fetched_at": now,
    }


def _ticket_dict(t: PickupTicket) -> dict[str, object]:
    return {
        "ticket_id": t.ticket_id,
        "performance_id": t.performance_id,
        "seat_id": t.seat_id,
        "area_id": t.area_id,
        "concession": t.concession,
        "price": t.price,
        "code": t.code,
    }


def _from_row(r: PickupRow) -> PickupOrder:
    collected = None
    if r.collected_at is not None:
        collected = Collection(r.collected_at, r.collected_outlet or "", r.collected_terminal or "")
    return PickupOrder(
        order_id=r.order_id,
        order_number=r.order_number,
        pickup_code=r.pickup_code,
        performance_id=r.performance_id,
        buyer_name=r.buyer_name,
        buyer_phone_last4=r.buyer_phone_last4,
        pickup_outlet_id=r.pickup_outlet_id,
        total=r.total,
        created_at=r.created_at,
        tickets=tuple(PickupTicket(**t) for t in json.loads(r.tickets)),
        collected=collected,
    )


def _keep_codes(o: PickupOrder, row: PickupRow | None) -> PickupOrder:
    """``o`` with the codes ``row`` holds for its tickets where ``o`` has none: central's
    look-up withholds them (they come with the collection), and must never wipe the codes
    the outlet's pickup feed gave for handing the order out offline."""
    if row is None or all(t.code for t in o.tickets):
        return o
    held = {t["ticket_id"]: t.get("code") or "" for t in json.loads(row.tickets)}
    tickets = tuple(t if t.code else replace(t, code=held.get(t.ticket_id, "")) for t in o.tickets)
    return replace(o, tickets=tickets)


def _upsert(session: Session, o: PickupOrder, now: datetime) -> PickupRow:
    row = session.get(PickupRow, o.order_id)
    values = _to_row_values(_keep_codes(o, row), now)
    if row is None:
        # A code re-used by central for another order replaces the stale copy.
        stale = session.scalar(select(PickupRow).where(PickupRow.pickup_code == o.pickup_code))
        if stale is not None:
            session.delete(stale)
            session.flush()
        row = PickupRow(**values)
        session.add(row)
    else:
        for k, v in values.items():
            setattr(row, k, v)
    # What central says about the collection wins over a local guess, but a local
    # collection central has not heard of yet (queued offline) is kept.
    if o.collected is not None:
        row.collected_at = o.collected.collected_at
        row.collected_outlet = o.collected.outlet_id
        row.collected_terminal = o.collected.terminal_id
    return row


def cache_orders(store: Store, orders: Iterable[PickupOrder], *, now: datetime | None = None) -> int:
    """Keep these orders (from central's pickup feed or a look-up) for pickup here."""
    now = now or datetime.now(UTC)
    n = 0
    with store.write() as session:
        for o in orders:
            _upsert(session, o, now)
            n += 1
    return n


def find_cached(store: Store, query: PickupQuery) -> PickupOrder:
    """The cached order matching the query. A wrong phone is answered like an unknown order."""
    with store.read() as session:
        if query.code:
            row = session.scalar(select(PickupRow).where(PickupRow.pickup_code == query.code))
        else:
            row = session.scalar(select(PickupRow).where(PickupRow.order_number == query.order_number))
            if row is not None and row.buyer_phone_last4 != query.phone_last4:
                row = None
        if row is None:
            raise NotFound(
                "no online order matches (check the pickup code, or the order number and phone digits)"
            )
        return _from_row(row)


def describe_collection(c: Collection) -> str:
    where = f"outlet {c.outlet_id}" + (f" (terminal {c.terminal_id})" if c.terminal_id else "")
    return f"already collected on {c.collected_at:%Y-%m-%d %H:%M} UTC at {where}"


def refuse_if_collected(o: PickupOrder) -> None:
    if o.collected is not None:
        raise AlreadyCollected(
            f"order {o.order_number or o.order_id} was {describe_collection(o.collected)}",
            collected_at=o.collected.collected_at.isoformat(),
            outlet_id=o.collected.outlet_id,
            terminal_id=o.collected.terminal_id,
        )


def record_collection(
    store: Store,
    *,
    order: PickupOrder,
    actor: StaffSession,
    pickup_id: str,
    collected_at: datetime,
    offline: bool,
) -> PickupOrder:
    """Journal a collection (and, offline, queue it for central) and keep it in the cache."""
    authorise(actor=actor, permission=Permission.SELL, now=collected_at)
    try:
        pickup_id = str(uuid.UUID(pickup_id))
    except ValueError:
        raise InvalidInput(f"a pickup id is a UUID, got {pickup_id!r}") from None
    with store.write() as session:
        terminal = sql.row(session, "SELECT terminal_id, outlet_id FROM terminal")
        assert terminal is not None
        row = _upsert(session, order, collected_at)
        if offline:
            if row.collected_at is not None:
                refuse_if_collected(_from_row(row))
            if row.pickup_outlet_id != terminal.outlet_id:
                raise PickupUnavailable(
                    "central cannot be reached and this order was not assigned to this outlet for pickup: "
                    "try again when the terminal is online"
                )
            if not all(t.get("code") for t in json.loads(row.tickets)):
                # Known only from a look-up (no codes): nothing to print until central answers.
                raise PickupUnavailable(
                    "central cannot be reached and this order's tickets have not reached this outlet yet: "
                    "try again when the terminal is online"
                )
            row.collected_at, row.collected_outlet = collected_at, terminal.outlet_id
            row.collected_terminal = terminal.terminal_id
        row.pickup_id, row.collected_by = pickup_id, actor.staff_id
        journal.append(
            session,
            kind="pickup",
            terminal_id=terminal.terminal_id,
            staff_id=actor.staff_id,
            ref=order.order_id,
            data={
                "pickup": pickup_id,
                "number": order.order_number,
                "code": order.pickup_code,
                "tickets": [t.ticket_id for t in order.tickets],
                "offline": offline,
            },
            now=collected_at,
        )
        if offline:
            outbox.enqueue(
                session,
                message_id=pickup_id,
                kind="pickup",
                payload={
                    "pickup_id": pickup_id,
                    "order_id": order.order_id,
                    "pickup_code": order.pickup_code,
                    "collected_offline_at": collected_at.isoformat(),
                    "staff_id": actor.staff_id,
                },
                now=collected_at,
            )
        session.flush()
        return _from_row(row)


def cached_orders(store: Store, *, limit: int = 200) -> Sequence[PickupOrder]:
    with store.read() as session:
        rows = session.scalars(select(PickupRow).order_by(PickupRow.created_at.desc()).limit(limit)).all()
        return tuple(_from_row(r) for r in rows)
