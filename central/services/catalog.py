"""Publishing a catalog feed: catalog documents for the feed, plus the seat inventory.

Import merges: documents in the file are added or replaced, nothing is deleted (an event
with sold tickets must not vanish because a partial file left it out). Re-importing keeps
every hold and sale; seats that became blocked are blocked only while free.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, insert, select, text, update
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.models import (
    AllocationRow,
    CatalogItem,
    Coupon,
    Outlet,
    Performance,
    SeatInventory,
    StandingArea,
    StandingQuota,
)
from central.services import standing
from central.services.common import bump, rule_for, seats_feed, visible
from central.services.credit import is_limited, limit_changed
from sync.protocol.catalog import CatalogFeed, Event, Venue
from sync.protocol.catalog import Performance as PerformanceDoc

log = logging.getLogger(__name__)


@dataclass
class ImportReport:
    documents_changed: int = 0
    performances: int = 0
    seats_added: int = 0
    seats_changed: int = 0
    outlets: list[str] = field(default_factory=list)


def _digest(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _without(doc: dict[str, Any], **defaults: Any) -> dict[str, Any]:
    """The document without the issue-22 fields left at their default: a terminal older than
    them (its catalog models refuse unknown fields) reads every document that does not use them."""
    return {k: v for k, v in doc.items() if not (k in defaults and v == defaults[k])}


def import_catalog(ctx: Central, feed: CatalogFeed) -> ImportReport:
    report = ImportReport()

    def tx(s: Session) -> None:
        _import_outlets(ctx, s, feed, report)
        meta: dict[str, Any] = {"currency": feed.currency, "generated_at": feed.generated_at.isoformat()}
        if feed.member_tiers:  # issue 22; older terminals read meta as a plain dict
            meta["member_tiers"] = [t.model_dump(mode="json") for t in feed.member_tiers]
        docs: list[tuple[str, str, dict[str, Any]]] = [("meta", "catalog", meta)]
        docs += [("outlet", o.id, o.model_dump(mode="json")) for o in feed.outlets]
        docs += [("concession", c.code, c.model_dump(mode="json")) for c in feed.concessions]
        docs += [("venue", v.id, v.model_dump(mode="json")) for v in feed.venues]
        docs += [("event", e.id, _without(e.model_dump(mode="json"), points_per_yuan=0)) for e in feed.events]
        docs += [("promotion", p.id, _without(p.model_dump(mode="json"), member_tiers=[]))
                 for p in feed.promotions]
        docs += [("coupon", c.code, c.model_dump(mode="json")) for c in feed.coupons]
        for kind, item_id, data in docs:
            d = _digest(data)
            row = s.get(CatalogItem, (kind, item_id))
            if row is not None and row.digest == d and not row.deleted:
                continue
            seq = bump(s, "catalog")
            if row is None:
                s.add(CatalogItem(kind=kind, item_id=item_id, seq=seq, digest=d, data=data, deleted=False))
            else:
                row.seq, row.digest, row.data, row.deleted = seq, d, data, False
            report.documents_changed += 1
        for coupon in feed.coupons:
            stored = s.get(Coupon, coupon.code)
            if stored is None:
                s.add(Coupon(code=coupon.code, promotion_id=coupon.promotion_id, max_uses=coupon.max_uses, used=0))
            else:
                stored.promotion_id, stored.max_uses = coupon.promotion_id, coupon.max_uses
        venues = {v.id: v for v in feed.venues}
        for event in feed.events:
            for perf in event.performances:
                _import_performance(s, event, venues[event.venue_id], perf, report)
                report.performances += 1

    ctx.db.run(tx, attempts=3)
    ctx.forget_callers()  # cached callers carry their outlet's kind, rules and commission
    ctx.forget_performances()
    if ctx.db.is_postgres and report.performances:
        # Fresh statistics for the seat tables. Without them (a new database, a big import),
        # the planner locks "seats of performance P with ids IN (...)" by reading every seat
        # of P and filtering: measured 250 ms per drain batch of 200 seats in a 21,000-seat
        # hall, where an index look-up per id takes under 1 ms.
        with ctx.db.engine.begin() as conn:
            conn.execute(text("ANALYZE seats, standing_areas, standing_quotas"))
    log.info("imported catalog: %s", report)
    return report


def _import_outlets(ctx: Central, s: Session, feed: CatalogFeed, report: ImportReport) -> None:
    for o in feed.outlets:
        row = s.get(Outlet, o.id, with_for_update=True)  # waits for sales in flight
        was_limited = row is not None and is_limited(row.kind, row.credit_limit)
        if row is None:
            row = Outlet(
                id=o.id, created_at=ctx.now(), credit_used=0,
                channel_rules={"categories": [], "event_ids": []},
            )
            s.add(row)
        row.name_zh, row.name_en, row.kind = o.name.zh, o.name.en, o.kind
        row.commission_bps, row.credit_limit = o.commission_bps, o.credit_limit
        limit_changed(s, row, was_limited)
        report.outlets.append(o.id)
    s.flush()


def _import_performance(
    s: Session, event: Event, venue: Venue, doc: PerformanceDoc, report: ImportReport
) -> None:
    pricing = {
        "zones": {z.id: dict(z.prices) for z in doc.price_zones},
        "channel_rules": [r.model_dump(mode="json") for r in doc.channel_rules],
    }
    perf = s.get(Performance, doc.id)
    if perf is None:
        perf = Performance(id=doc.id)
        s.add(perf)
    perf.event_id, perf.venue_id, perf.category = event.id, venue.id, event.category
    perf.status = doc.status
    perf.starts_at, perf.sales_open_at, perf.sales_close_at = (
        doc.starts_at, doc.sales_open_at, doc.sales_close_at,
    )
    perf.refund_cutoff_hours = event.refund_cutoff_hours
    perf.max_tickets_per_order = event.max_tickets_per_order
    perf.entry_rule = event.entry_rule
    perf.fee_per_ticket, perf.fee_per_order = event.fees.per_ticket, event.fees.per_order
    perf.pricing = pricing

    section_zone: dict[str, str] = {}
    seat_zone: dict[str, str] = {}
    for za in doc.zone_assignments:
        for sid in za.section_ids:
            section_zone[sid] = za.zone_id
        for seat_id in za.seat_ids:
            seat_zone[seat_id] = za.zone_id
    blocked = {b.seat_id for b in doc.blocked_seats}
    allocated: dict[str, str] = {}
    for a in doc.allocations:
        for seat_id in a.seat_ids:
            allocated[seat_id] = a.outlet_id

    wanted: dict[str, tuple[str, str | None, bool, str | None]] = {}
    for section in venue.sections:
        for row in section.rows:
            for seat in row.seats:
                zone = seat_zone.get(seat.id, section_zone.get(section.id))
                wanted[seat.id] = (section.id, zone, seat.id in blocked, allocated.get(seat.id))

    existing = {
        r.seat_id: r
        for r in s.scalars(select(SeatInventory).where(SeatInventory.performance_id == doc.id))
    }
    new_ids = [sid for sid in wanted if sid not in existing]
    changed: list[dict[str, Any]] = []
    for sid, r in existing.items():
        if sid not in wanted:
            continue
        section_id, zone, is_blocked, alloc = wanted[sid]
        status = r.status
        if r.status == "free" and is_blocked:
            status = "blocked"
        elif r.status == "blocked" and not is_blocked:
            status = "free"
        elif r.status in ("held", "sold") and is_blocked:
            log.warning("seat %s of %s is %s; not blocking it", sid, doc.id, r.status)
        if (r.section_id, r.zone_id, r.status, r.allocated_outlet) != (section_id, zone, status, alloc):
            changed.append(
                {"sid": sid, "section_id": section_id, "zone_id": zone, "status": status, "alloc": alloc}
            )
    n = len(new_ids) + len(changed) + len(venue.sections)
    seq = bump(s, seats_feed(doc.id), n)
    if new_ids:
        rows = []
        for sid in new_ids:
            section_id, zone, is_blocked, alloc = wanted[sid]
            rows.append(
                {
                    "performance_id": doc.id, "seat_id": sid, "section_id": section_id,
                    "zone_id": zone, "status": "blocked" if is_blocked else "free",
                    "allocated_outlet": alloc, "seq": seq,
                }
            )
            seq += 1
        s.execute(insert(cast(Table, SeatInventory.__table__)), rows)  # Core: no ORM work per seat
    for c in changed:
        s.execute(
            update(SeatInventory)
            .where(SeatInventory.performance_id == doc.id, SeatInventory.seat_id == c["sid"])
            .values(
                section_id=c["section_id"], zone_id=c["zone_id"], status=c["status"],
                allocated_outlet=c["alloc"], seq=seq,
            )
        )
        seq += 1
    report.seats_added += len(new_ids)
    report.seats_changed += len(changed)

    # Standing areas: the general pool is what no outlet's quota holds.
    quotas: dict[str, dict[str, int]] = {}
    for a in doc.allocations:
        for area_id, qty in a.standing.items():
            quotas.setdefault(area_id, {})[a.outlet_id] = qty
    for section in venue.sections:
        if section.kind != "standing":
            continue
        cap = section.capacity or 0
        area_quotas = quotas.get(section.id, {})
        pool_cap = max(0, cap - sum(area_quotas.values()))
        area = s.get(StandingArea, (doc.id, section.id))
        area_zone = section_zone.get(section.id)
        if area is None:
            s.add(
                StandingArea(
                    performance_id=doc.id, area_id=section.id, zone_id=area_zone, capacity=cap,
                    pool_capacity=pool_cap, pool_used=0, seq=seq,
                )
            )
        else:
            area.zone_id, area.capacity, area.pool_capacity, area.seq = area_zone, cap, pool_cap, seq
        s.flush()
        standing.resize(s, doc.id, section.id, pool_cap, seq)  # the pool's sub-counters (issue 23)
        seq += 1
        existing_q = {
            q.outlet_id: q
            for q in s.scalars(
                select(StandingQuota).where(
                    StandingQuota.performance_id == doc.id, StandingQuota.area_id == section.id
                )
            )
        }
        for outlet_id, qty in area_quotas.items():
            q = existing_q.get(outlet_id)
            if q is None:
                s.add(StandingQuota(performance_id=doc.id, area_id=section.id, outlet_id=outlet_id,
                                    quota=qty, used=0))
            else:
                q.quota = qty
        for outlet_id, q in existing_q.items():
            if outlet_id not in area_quotas:
                q.quota = 0

    # The allocations feed: one document per (performance, outlet).
    current = {
        a.outlet_id: a
        for a in s.scalars(select(AllocationRow).where(AllocationRow.performance_id == doc.id))
    }
    docs = {a.outlet_id: {"seats": sorted(a.seat_ids), "standing": dict(a.standing)} for a in doc.allocations}
    for outlet_id in current.keys() - docs.keys():
        docs[outlet_id] = {"seats": [], "standing": {}}
    for outlet_id, data in docs.items():
        stored_alloc = current.get(outlet_id)
        if stored_alloc is not None and stored_alloc.seat_ids == data:
            continue
        aseq = bump(s, "allocations")
        if stored_alloc is None:
            s.add(AllocationRow(performance_id=doc.id, outlet_id=outlet_id, seat_ids=data, seq=aseq))
        else:
            stored_alloc.seat_ids, stored_alloc.seq = data, aseq


def filter_event(data: dict[str, Any], perfs: dict[str, Performance], caller: Caller) -> dict[str, Any] | None:
    """An event document as one outlet may see it: visible performances only, with only its
    own allocations and the one channel rule that applies to it. None if nothing is visible."""
    shown = []
    for p in data.get("performances", []):
        perf = perfs.get(p["id"])
        if perf is None or not visible(perf, caller):
            continue
        rule = rule_for(perf.pricing, caller.outlet_id, caller.outlet_kind)
        shown.append(
            {
                **p,
                "allocations": [a for a in p.get("allocations", []) if a["outlet_id"] == caller.outlet_id],
                "channel_rules": [rule] if rule else [],
            }
        )
    if not shown:
        return None
    return {**data, "performances": shown}
