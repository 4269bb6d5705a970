"""Practice online orders for the pickup exercise.

A real pickup needs an order bought online, which only central makes; the training store is
never enrolled, so it gets a few practice orders of its own in its pickup cache (the same
cache a real terminal hands orders out from while central is unreachable). Their tickets are
signed by the training key, so a door refuses them like any training ticket.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from pos.pickup.service import PickupOrder, PickupTicket, cache_orders
from pos.store import sql
from pos.store.db import Store
from pos.store.models import Performance, PerformanceStanding, ZonePrice
from pos.terminal.identity import load_signer, terminal_info
from pos.tickets import TicketClaims, new_ticket_id

BUYER = "培训 Trainee"
PHONE = "0000"
CODE_PREFIX = "8800"  # practice pickup codes: 8800 0001, 8800 0002, ...


def seed_practice_pickups(store: Store, *, now: datetime, count: int = 3) -> tuple[PickupOrder, ...]:
    """Up to ``count`` practice orders of one standing ticket each, for the performances on
    sale soonest; none when the catalog has no standing area on sale."""
    info = terminal_info(store)
    signer = load_signer(store)
    with store.read() as session:
        areas = session.execute(
            select(PerformanceStanding.performance_id, PerformanceStanding.area_id, ZonePrice.amount)
            .join(Performance, Performance.id == PerformanceStanding.performance_id)
            .join(
                ZonePrice,
                (ZonePrice.performance_id == PerformanceStanding.performance_id)
                & (ZonePrice.zone_id == PerformanceStanding.zone_id)
                & (ZonePrice.concession == "adult"),
            )
            .where(Performance.status == "on_sale", Performance.ends_at > now)
            .order_by(Performance.starts_at, PerformanceStanding.area_id)
            .limit(count)
        ).all()
        gates = {
            r.id: r.gate_id or ""
            for r in sql.rows(session, "SELECT id, gate_id FROM section WHERE kind = 'standing'")
        }
    orders = []
    for n, (perf, area, price) in enumerate(areas, start=1):
        tid = new_ticket_id()
        claims = TicketClaims(tid, perf, area, gates.get(area, ""), "adult", int(now.timestamp()))
        ticket = PickupTicket(tid, perf, None, area, "adult", int(price), signer.sign(claims))
        orders.append(
            PickupOrder(
                order_id=str(uuid.uuid4()),
                order_number=f"W{880000000 + n:09d}",
                pickup_code=f"{CODE_PREFIX}{n:04d}",
                performance_id=perf,
                buyer_name=BUYER,
                buyer_phone_last4=PHONE,
                pickup_outlet_id=info.outlet_id,
                total=int(price),
                created_at=now,
                tickets=(ticket,),
            )
        )
    cache_orders(store, orders, now=now)
    return tuple(orders)


def practice_codes(store: Store) -> Sequence[str]:
    """The practice pickup codes not handed out yet."""
    with store.read() as session:
        return [
            r.pickup_code
            for r in sql.rows(
                session,
                "SELECT pickup_code FROM pickup_order WHERE collected_at IS NULL ORDER BY pickup_code",
            )
        ]
