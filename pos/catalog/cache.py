"""The catalog cache: loading central's feed into the store, and reading it back.

:func:`import_catalog` takes the feed as a plain mapping already validated against the
wire schema (``sync.protocol.CatalogFeed``, at the edge), and applies it in one write
transaction: a bad feed changes nothing. Seats, zones and allocations of every venue and
performance in the feed are replaced; rows that sales refer to are updated in place.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table, delete, func, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from pos.errors import CatalogError, NotFound
from pos.journal import chain as journal
from pos.store import settings
from pos.store.db import Store
from pos.store.models import (
    ChannelRule,
    Concession,
    Coupon,
    Event,
    Gate,
    Outlet,
    Performance,
    PerformanceSeat,
    PerformanceStanding,
    PriceZone,
    Promotion,
    Seat,
    Section,
    StandingAllocation,
    Terminal,
    Ticket,
    Venue,
    ZonePrice,
)

Feed = Mapping[str, Any]
_CHUNK = 5000


@dataclass(frozen=True, slots=True)
class ImportReport:
    venues: int
    seats: int
    events: int
    performances: int


def import_catalog(store: Store, feed: Feed, *, staff_id: str | None = None) -> ImportReport:
    if feed.get("format") != "outlet-pos.catalog/1":
        raise CatalogError(f"not a catalog feed of format outlet-pos.catalog/1: {feed.get('format')!r}")
    with store.write() as session:
        terminal = session.scalar(select(Terminal))
        if terminal is None:
            raise CatalogError("initialise the terminal (`pos init`) before importing a catalog")
        if feed.get("currency", "CNY") != terminal.currency:
            raise CatalogError(
                f"catalog is priced in {feed.get('currency')}, this terminal sells in {terminal.currency}"
            )
        _upsert(session, Outlet, [_outlet(o) for o in feed.get("outlets", [])])
        _upsert(session, Concession, [_concession(c) for c in feed["concessions"]])
        seats = 0
        for venue in feed["venues"]:
            seats += _replace_venue(session, venue)
        perf_count = 0
        for event in feed["events"]:
            _upsert(session, Event, [_event(event)])
            for perf in event["performances"]:
                _replace_performance(session, event, perf, feed)
                perf_count += 1
        _upsert(session, Promotion, [_promotion(p) for p in feed.get("promotions", [])])
        _upsert_coupons(session, feed.get("coupons", []))
        report = ImportReport(len(feed["venues"]), seats, len(feed["events"]), perf_count)
        journal.append(
            session,
            kind="catalog_import",
            terminal_id=terminal.terminal_id,
            staff_id=staff_id,
            data={
                "generated_at": str(feed.get("generated_at")),
                "venues": report.venues,
                "events": report.events,
                "performances": report.performances,
                "seats": report.seats,
            },
        )
    return report


def _upsert(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    table: Table = model.__table__
    keys = [c.name for c in table.primary_key.columns]
    stmt = insert(table)
    updates = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys}
    session.execute(stmt.on_conflict_do_update(index_elements=keys, set_=updates), rows)


def _upsert_coupons(session: Session, coupons: Iterable[Feed]) -> None:
    rows = [
        {"code": c["code"], "promotion_id": c["promotion_id"], "max_uses": c["max_uses"], "used": 0}
        for c in coupons
    ]
    if not rows:
        return
    stmt = insert(Coupon)
    # Local redemptions survive a catalog refresh; central's count arrives with sync.
    stmt = stmt.on_conflict_do_update(
        index_elements=["code"],
        # Never below the uses already made here (the CHECK would refuse the whole catalog).
        set_={
            "promotion_id": stmt.excluded.promotion_id,
            "max_uses": func.max(stmt.excluded.max_uses, Coupon.used),
        },
    )
    session.execute(stmt, rows)


def _bulk(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    for i in range(0, len(rows), _CHUNK):
        session.execute(insert(model.__table__), rows[i : i + _CHUNK])


def venue_generation_key(venue_id: str) -> str:
    """The setting that changes whenever the venue's seats are replaced."""
    return f"venue_generation:{venue_id}"


def _replace_venue(session: Session, venue: Feed) -> int:
    vid = venue["id"]
    _upsert(
        session,
        Venue,
        [
            {
                "id": vid,
                "name_zh": venue["name"]["zh"],
                "name_en": venue["name"]["en"],
                "city_zh": venue["city"]["zh"],
                "city_en": venue["city"]["en"],
                "address": venue.get("address", ""),
            }
        ],
    )
    for model in (Seat, Section, Gate):
        session.execute(delete(model).where(model.venue_id == vid))
    # Readers that cache the venue's geometry (the seat map) see that it changed.
    settings.write(session, venue_generation_key(vid), uuid.uuid4().hex)
    _bulk(
        session,
        Gate,
        [
            {"venue_id": vid, "id": g["id"], "name_zh": g["name"]["zh"], "name_en": g["name"]["en"]}
            for g in venue.get("gates", [])
        ],
    )
    sections, seats = [], []
    for s in venue["sections"]:
        sections.append(
            {
                "venue_id": vid,
                "id": s["id"],
                "name_zh": s["name"]["zh"],
                "name_en": s["name"]["en"],
                "kind": s["kind"],
                "gate_id": s.get("gate_id"),
                "stand": s.get("stand"),
                "tier": s.get("tier"),
                "capacity": s.get("capacity"),
                "outline": json.dumps([list(p) for p in s.get("outline", [])]),
            }
        )
        for row in s.get("rows", []):
            for seat in row["seats"]:
                seats.append(
                    {
                        "venue_id": vid,
                        "id": seat["id"],
                        "section_id": s["id"],
                        "row_label": row["label"],
                        "number": seat["number"],
                        "x": float(seat["x"]),
                        "y": float(seat["y"]),
                    }
                )
    _bulk(session, Section, sections)
    _bulk(session, Seat, seats)
    return len(seats)


def _replace_performance(session: Session, event: Feed, perf: Feed, feed: Feed) -> None:
    pid = perf["id"]
    existing = session.get(Performance, pid)
    if existing is not None and existing.event_id != event["id"]:
        raise CatalogError(f"performance {pid} moved from event {existing.event_id} to {event['id']}")
    _upsert(
        session,
        Performance,
        [
            {
                "id": pid,
                "event_id": event["id"],
                "starts_at": _dt(perf["starts_at"]),
                "doors_open_at": _dt(perf["doors_open_at"]),
                "ends_at": _dt(perf["ends_at"]),
                "sales_open_at": _dt(perf["sales_open_at"]),
                "sales_close_at": _dt(perf["sales_close_at"]),
                "status": perf.get("status", "on_sale"),
            }
        ],
    )
    for model in (
        ZonePrice,
        PerformanceSeat,
        PerformanceStanding,
        StandingAllocation,
        ChannelRule,
        PriceZone,
    ):
        session.execute(delete(model).where(model.performance_id == pid))
    zones = perf["price_zones"]
    _bulk(
        session,
        PriceZone,
        [
            {
                "performance_id": pid,
                "id": z["id"],
                "name_zh": z["name"]["zh"],
                "name_en": z["name"]["en"],
                "color": z["color"],
            }
            for z in zones
        ],
    )
    _bulk(
        session,
        ZonePrice,
        [
            {"performance_id": pid, "zone_id": z["id"], "concession": code, "amount": amount}
            for z in zones
            for code, amount in z["prices"].items()
        ],
    )
    # The venue may come in this feed or may already be in the store from an earlier one.
    venue = next((v for v in feed["venues"] if v["id"] == event["venue_id"]), None)
    section_zone: dict[str, str] = {}
    seat_zone: dict[str, str] = {}
    for za in perf["zone_assignments"]:
        for sid in za.get("section_ids", []):
            section_zone[sid] = za["zone_id"]
        for seat in za.get("seat_ids", []):
            seat_zone[seat] = za["zone_id"]
    seat_rows = (
        _venue_seats(session, event["venue_id"])
        if venue is None
        else [
            (seat["id"], s["id"]) for s in venue["sections"] for r in s.get("rows", []) for seat in r["seats"]
        ]
    )
    blocked = {b["seat_id"]: b.get("reason", "house") for b in perf.get("blocked_seats", [])}
    allocated: dict[str, str] = {}
    for a in perf.get("allocations", []):
        for seat in a.get("seat_ids", []):
            if seat in allocated and allocated[seat] != a["outlet_id"]:
                raise CatalogError(f"seat {seat} of {pid} is allocated to two outlets")
            allocated[seat] = a["outlet_id"]
    rows = []
    for seat_id, section_id in seat_rows:
        zone = seat_zone.get(seat_id) or section_zone.get(section_id)
        if zone is None:
            raise CatalogError(f"seat {seat_id} of performance {pid} has no price zone")
        rows.append(
            {
                "performance_id": pid,
                "seat_id": seat_id,
                "zone_id": zone,
                "blocked_reason": blocked.get(seat_id),
                "allocated_outlet_id": allocated.get(seat_id),
            }
        )
    _bulk(session, PerformanceSeat, rows)
    standing = _venue_standing(session, event["venue_id"])
    _bulk(
        session,
        PerformanceStanding,
        [
            {"performance_id": pid, "area_id": area, "zone_id": section_zone[area], "capacity": cap}
            for area, cap in standing.items()
            if area in section_zone
        ],
    )
    _bulk(
        session,
        StandingAllocation,
        [
            {"performance_id": pid, "area_id": area, "outlet_id": a["outlet_id"], "quantity": qty}
            for a in perf.get("allocations", [])
            for area, qty in a.get("standing", {}).items()
        ],
    )
    _bulk(
        session,
        ChannelRule,
        [
            {
                "performance_id": pid,
                "position": i,
                "outlet_kind": r.get("outlet_kind"),
                "outlet_id": r.get("outlet_id"),
                "allowed": bool(r.get("allowed", True)),
                "prices": json.dumps(r.get("prices", {}), sort_keys=True),
            }
            for i, r in enumerate(perf.get("channel_rules", []))
        ],
    )


def _venue_seats(session: Session, venue_id: str) -> list[tuple[str, str]]:
    return [
        (r[0], r[1])
        for r in session.execute(select(Seat.id, Seat.section_id).where(Seat.venue_id == venue_id))
    ]


def _venue_standing(session: Session, venue_id: str) -> dict[str, int]:
    rows = session.execute(
        select(Section.id, Section.capacity).where(Section.venue_id == venue_id, Section.kind == "standing")
    )
    return {r[0]: int(r[1] or 0) for r in rows}


def _dt(value: Any) -> datetime:
    dt = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if dt.tzinfo is None:
        raise CatalogError(f"time without a time zone in catalog: {value}")
    return dt.astimezone(UTC)


def _opt_dt(value: Any) -> datetime | None:
    return None if value is None else _dt(value)


def _outlet(o: Feed) -> dict[str, Any]:
    return {
        "id": o["id"],
        "name_zh": o["name"]["zh"],
        "name_en": o["name"]["en"],
        "kind": o["kind"],
        "commission_bps": o.get("commission_bps", 0),
        "credit_limit": o.get("credit_limit", 0),
    }


def _concession(c: Feed) -> dict[str, Any]:
    rule = c.get("rule") or {"zh": "", "en": ""}
    return {
        "code": c["code"],
        "name_zh": c["name"]["zh"],
        "name_en": c["name"]["en"],
        "rule_zh": rule["zh"],
        "rule_en": rule["en"],
        "requires_member": bool(c.get("requires_member", False)),
        "requires_id_check": bool(c.get("requires_id_check", False)),
    }


def _event(e: Feed) -> dict[str, Any]:
    terms = e.get("terms") or {"zh": "", "en": ""}
    fees = e.get("fees") or {}
    return {
        "id": e["id"],
        "name_zh": e["name"]["zh"],
        "name_en": e["name"]["en"],
        "category": e["category"],
        "venue_id": e["venue_id"],
        "real_name_required": bool(e.get("real_name_required", False)),
        "max_tickets_per_order": int(e.get("max_tickets_per_order", 10)),
        "entry_rule": e.get("entry_rule", "single"),
        "refund_cutoff_hours": int(e.get("refund_cutoff_hours", 24)),
        "fee_per_ticket": int(fees.get("per_ticket", 0)),
        "fee_per_order": int(fees.get("per_order", 0)),
        "terms_zh": terms["zh"],
        "terms_en": terms["en"],
    }


def _promotion(p: Feed) -> dict[str, Any]:
    return {
        "id": p["id"],
        "name_zh": p["name"]["zh"],
        "name_en": p["name"]["en"],
        "kind": p["kind"],
        "value": int(p["value"]),
        "event_ids": json.dumps(sorted(p.get("event_ids", []))),
        "concessions": json.dumps(sorted(p.get("concessions", []))),
        "valid_from": _opt_dt(p.get("valid_from")),
        "valid_until": _opt_dt(p.get("valid_until")),
        "requires_coupon": bool(p.get("requires_coupon", False)),
        "members_only": bool(p.get("members_only", False)),
    }


# --- reading the catalog back ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PerformanceSummary:
    performance_id: str
    event_id: str
    event_name_zh: str
    event_name_en: str
    category: str
    venue_id: str
    starts_at: datetime
    status: str
    sales_open_at: datetime
    sales_close_at: datetime
    real_name_required: bool
    sold: int

    def name(self, language: str) -> str:
        return self.event_name_zh if language == "zh" else self.event_name_en


def list_performances(
    store: Store,
    *,
    on_or_after: date | None = None,
    category: str | None = None,
    search: str | None = None,
) -> tuple[PerformanceSummary, ...]:
    """Performances in start order (today's first when ``on_or_after`` is today)."""
    with store.read() as session:
        sold = (
            select(Ticket.performance_id, func.count().label("n"))
            .where(Ticket.status == "valid")
            .group_by(Ticket.performance_id)
            .subquery()
        )
        stmt = (
            select(Performance, Event, func.coalesce(sold.c.n, 0))
            .join(Event, Event.id == Performance.event_id)
            .outerjoin(sold, sold.c.performance_id == Performance.id)
            .order_by(Performance.starts_at, Performance.id)
        )
        if on_or_after is not None:
            start = datetime(on_or_after.year, on_or_after.month, on_or_after.day, tzinfo=UTC)
            stmt = stmt.where(Performance.ends_at >= start)
        if category:
            stmt = stmt.where(Event.category == category)
        if search:
            like = f"%{search}%"
            stmt = stmt.where(Event.name_zh.like(like) | Event.name_en.like(like) | Event.id.like(like))
        return tuple(
            PerformanceSummary(
                performance_id=p.id,
                event_id=e.id,
                event_name_zh=e.name_zh,
                event_name_en=e.name_en,
                category=e.category,
                venue_id=e.venue_id,
                starts_at=p.starts_at,
                status=p.status,
                sales_open_at=p.sales_open_at,
                sales_close_at=p.sales_close_at,
                real_name_required=e.real_name_required,
                sold=int(n),
            )
            for p, e, n in session.execute(stmt)
        )


def get_performance(store: Store, performance_id: str) -> PerformanceSummary:
    for p in list_performances(store):
        if p.performance_id == performance_id:
            return p
    raise NotFound(f"no performance {performance_id!r} in the catalog", performance=performance_id)


def free_allocated_seats(
    store: Store, *, performance_id: str, outlet_id: str, limit: int = 10
) -> tuple[str, ...]:
    """Seats of this outlet's allocation that are neither blocked nor sold, side by side
    in section, row and drawing order (so the first N are neighbours where possible)."""
    with store.read() as session:
        sold = select(Ticket.seat_id).where(
            Ticket.performance_id == performance_id, Ticket.status == "valid", Ticket.seat_id.is_not(None)
        )
        rows = session.scalars(
            select(PerformanceSeat.seat_id)
            .join(Performance, Performance.id == PerformanceSeat.performance_id)
            .join(Event, Event.id == Performance.event_id)
            .join(Seat, (Seat.venue_id == Event.venue_id) & (Seat.id == PerformanceSeat.seat_id))
            .where(
                PerformanceSeat.performance_id == performance_id,
                PerformanceSeat.allocated_outlet_id == outlet_id,
                PerformanceSeat.blocked_reason.is_(None),
                PerformanceSeat.seat_id.not_in(sold),
            )
            .order_by(Seat.section_id, Seat.row_label, Seat.x)
            .limit(limit)
        )
        return tuple(rows)
