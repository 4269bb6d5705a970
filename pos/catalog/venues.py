"""A venue's seats and a performance's zones, prices, seats, standing areas, allocations and
channel rules, replaced from the feed (inside the import's transaction).

Replacing a venue stamps a new generation (:func:`venue_generation_key`), so that readers
caching its geometry (the seat map) see that it changed.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from pos.catalog.writes import bulk, feed_time, upsert
from pos.errors import CatalogError
from pos.store import settings
from pos.store.models import (
    ChannelRule,
    Gate,
    Performance,
    PerformanceSeat,
    PerformanceStanding,
    PriceZone,
    Seat,
    Section,
    StandingAllocation,
    Venue,
    ZonePrice,
)

Feed = Mapping[str, Any]


def venue_generation_key(venue_id: str) -> str:
    """The setting that changes whenever the venue's seats are replaced."""
    return f"venue_generation:{venue_id}"


def replace_venue(session: Session, venue: Feed) -> int:
    vid = venue["id"]
    upsert(
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
    bulk(
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
    bulk(session, Section, sections)
    bulk(session, Seat, seats)
    return len(seats)


def replace_performance(session: Session, event: Feed, perf: Feed, feed: Feed) -> None:
    pid = perf["id"]
    existing = session.get(Performance, pid)
    if existing is not None and existing.event_id != event["id"]:
        raise CatalogError(f"performance {pid} moved from event {existing.event_id} to {event['id']}")
    upsert(
        session,
        Performance,
        [
            {
                "id": pid,
                "event_id": event["id"],
                "starts_at": feed_time(perf["starts_at"]),
                "doors_open_at": feed_time(perf["doors_open_at"]),
                "ends_at": feed_time(perf["ends_at"]),
                "sales_open_at": feed_time(perf["sales_open_at"]),
                "sales_close_at": feed_time(perf["sales_close_at"]),
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
    bulk(
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
    bulk(
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
    bulk(session, PerformanceSeat, rows)
    standing = _venue_standing(session, event["venue_id"])
    bulk(
        session,
        PerformanceStanding,
        [
            {"performance_id": pid, "area_id": area, "zone_id": section_zone[area], "capacity": cap}
            for area, cap in standing.items()
            if area in section_zone
        ],
    )
    bulk(
        session,
        StandingAllocation,
        [
            {"performance_id": pid, "area_id": area, "outlet_id": a["outlet_id"], "quantity": qty}
            for a in perf.get("allocations", [])
            for area, qty in a.get("standing", {}).items()
        ],
    )
    bulk(
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
