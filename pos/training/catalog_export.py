"""The terminal's cached catalog written back as a catalog feed (``outlet-pos.catalog/1``).

A training session's sandbox central (issue 25) publishes today's shows as the real one did:
this turns the store's copy (venues and seats, events, performances, zones and prices, this
outlet's allocations and channel rules, promotions, coupons) into the feed central imports,
so that holds, prices and the trainee's seat map at the sandbox are those of real selling.
Seats the real map shows taken (sold or held elsewhere, central's last word in
``seat_status``) come back separately, for the sandbox to mark sold.

The feed is plain data; the caller validates it against the wire schema at the edge.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from pos.store import sql
from pos.store.db import Store
from pos.store.types import from_db_time

FORMAT = "outlet-pos.catalog/1"
_Doc = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ExportedCatalog:
    feed: _Doc
    taken: dict[str, tuple[str, ...]]  # performance id -> seats not free on the real map
    performances: int
    seats: int


def _text(zh: str, en: str) -> dict[str, str]:
    # The feed wants both languages non-empty; a store may hold one empty (old imports).
    return {"zh": zh or en or "-", "en": en or zh or "-"}


def _iso(value: Any) -> str:
    when = value if isinstance(value, datetime) else from_db_time(value)
    assert when is not None  # only non-null columns come here
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.isoformat()


def export_catalog(store: Store, *, now: datetime | None = None) -> ExportedCatalog:
    """The store's cached catalog as a feed, with the seats taken on the real map."""
    with store.read() as session:
        currency = sql.rows(session, "SELECT currency FROM terminal")[0].currency
        outlets = [
            {
                "id": r.id,
                "name": _text(r.name_zh, r.name_en),
                "kind": r.kind,
                "commission_bps": r.commission_bps,
                "credit_limit": r.credit_limit,
            }
            for r in sql.rows(session, "SELECT * FROM outlet ORDER BY id")
        ]
        concessions = [
            {
                "code": r.code,
                "name": _text(r.name_zh, r.name_en),
                **({"rule": _text(r.rule_zh, r.rule_en)} if (r.rule_zh or r.rule_en) else {}),
                "requires_member": bool(r.requires_member),
                "requires_id_check": bool(r.requires_id_check),
            }
            for r in sql.rows(session, "SELECT * FROM concession ORDER BY code")
        ]
        venues, seat_count = _venues(session)
        events, taken, perf_count = _events(session, {o["id"] for o in outlets})
        promotions, coupons = _promotions(session)
    feed = {
        "format": FORMAT,
        "currency": currency,
        "generated_at": (now or datetime.now(UTC)).isoformat(),
        "outlets": outlets,
        "concessions": concessions,
        "venues": venues,
        "events": events,
        "promotions": promotions,
        "coupons": coupons,
    }
    return ExportedCatalog(feed, taken, perf_count, seat_count)


def _venues(session: Session) -> tuple[list[_Doc], int]:
    gates: dict[str, list[_Doc]] = defaultdict(list)
    for g in sql.rows(session, "SELECT * FROM gate ORDER BY venue_id, id"):
        gates[g.venue_id].append({"id": g.id, "name": _text(g.name_zh, g.name_en)})
    rows: dict[tuple[str, str], dict[str, list[_Doc]]] = defaultdict(dict)
    count = 0
    for s in sql.rows(
        session,
        "SELECT venue_id, id, section_id, row_label, number, x, y FROM seat ORDER BY venue_id, section_id, rowid",
    ):
        rows[(s.venue_id, s.section_id)].setdefault(s.row_label, []).append(
            {"id": s.id, "number": s.number, "x": s.x, "y": s.y}
        )
        count += 1
    sections: dict[str, list[_Doc]] = defaultdict(list)
    for s in sql.rows(session, "SELECT * FROM section ORDER BY venue_id, rowid"):
        doc: _Doc = {"id": s.id, "name": _text(s.name_zh, s.name_en), "kind": s.kind}
        for name in ("gate_id", "stand", "tier", "capacity"):
            if getattr(s, name) is not None:
                doc[name] = getattr(s, name)
        doc["outline"] = json.loads(s.outline or "[]")
        if s.kind == "seated":
            doc["rows"] = [{"label": label, "seats": seats} for label, seats in rows[(s.venue_id, s.id)].items()]
        sections[s.venue_id].append(doc)
    venues = [
        {
            "id": v.id,
            "name": _text(v.name_zh, v.name_en),
            "city": _text(v.city_zh, v.city_en),
            "address": v.address or "",
            "gates": gates[v.id],
            "sections": sections[v.id],
        }
        for v in sql.rows(session, "SELECT * FROM venue ORDER BY id")
    ]
    return venues, count


def _events(session: Session, outlets: set[str]) -> tuple[list[_Doc], dict[str, tuple[str, ...]], int]:
    section_of = {
        (r.venue_id, r.id): r.section_id for r in sql.rows(session, "SELECT venue_id, id, section_id FROM seat")
    }
    perfs: dict[str, list[_Doc]] = defaultdict(list)
    taken: dict[str, tuple[str, ...]] = {}
    count = 0
    for p in sql.rows(
        session,
        "SELECT p.*, e.venue_id FROM performance p JOIN event e ON e.id = p.event_id ORDER BY p.starts_at, p.id",
    ):
        perfs[p.event_id].append(_performance(session, p, section_of, outlets))
        taken[p.id] = tuple(
            r.seat_id
            for r in sql.rows(
                session,
                "SELECT seat_id FROM seat_status WHERE performance_id = ? AND status != 'free' ORDER BY seat_id",
                p.id,
            )
        )
        count += 1
    events = []
    for e in sql.rows(session, "SELECT * FROM event ORDER BY id"):
        if not perfs[e.id]:
            continue  # the feed wants performances; an event without any sells nothing
        doc: _Doc = {
            "id": e.id,
            "name": _text(e.name_zh, e.name_en),
            "category": e.category,
            "venue_id": e.venue_id,
            "real_name_required": bool(e.real_name_required),
            "max_tickets_per_order": e.max_tickets_per_order,
            "entry_rule": e.entry_rule,
            "refund_cutoff_hours": e.refund_cutoff_hours,
            "fees": {"per_ticket": e.fee_per_ticket, "per_order": e.fee_per_order},
            "performances": perfs[e.id],
        }
        if e.terms_zh or e.terms_en:
            doc["terms"] = _text(e.terms_zh, e.terms_en)
        events.append(doc)
    return events, taken, count


def _performance(session: Session, p: Any, section_of: dict[tuple[str, str], str], outlets: set[str]) -> _Doc:
    pid = p.id
    prices: dict[str, dict[str, int]] = defaultdict(dict)
    for r in sql.rows(session, "SELECT zone_id, concession, amount FROM zone_price WHERE performance_id = ?", pid):
        prices[r.zone_id][r.concession] = r.amount
    zones = [
        {"id": z.id, "name": _text(z.name_zh, z.name_en), "color": z.color, "prices": prices[z.id]}
        for z in sql.rows(session, "SELECT * FROM price_zone WHERE performance_id = ? ORDER BY rowid", pid)
    ]
    # Zone by section where the whole section is one zone (the usual case), else by seat.
    by_section: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    blocked, allocated = [], defaultdict(list)
    for r in sql.rows(
        session,
        "SELECT seat_id, zone_id, blocked_reason, allocated_outlet_id FROM performance_seat WHERE performance_id = ?",
        pid,
    ):
        by_section[section_of.get((p.venue_id, r.seat_id), "")][r.zone_id].append(r.seat_id)
        if r.blocked_reason:
            blocked.append({"seat_id": r.seat_id, "reason": r.blocked_reason})
        if r.allocated_outlet_id:
            allocated[r.allocated_outlet_id].append(r.seat_id)
    assignments: dict[str, _Doc] = {z["id"]: {"zone_id": z["id"], "section_ids": [], "seat_ids": []} for z in zones}
    for section, zone_seats in by_section.items():
        if len(zone_seats) == 1:
            assignments[next(iter(zone_seats))]["section_ids"].append(section)
        else:
            for zone, seats in zone_seats.items():
                assignments[zone]["seat_ids"].extend(seats)
    for r in sql.rows(session, "SELECT area_id, zone_id FROM performance_standing WHERE performance_id = ?", pid):
        assignments[r.zone_id]["section_ids"].append(r.area_id)
    standing: dict[str, dict[str, int]] = defaultdict(dict)
    for r in sql.rows(
        session, "SELECT area_id, outlet_id, quantity FROM standing_allocation WHERE performance_id = ?", pid
    ):
        standing[r.outlet_id][r.area_id] = r.quantity
    allocations = [
        {"outlet_id": o, "seat_ids": sorted(allocated.get(o, [])), "standing": standing.get(o, {})}
        for o in sorted(set(allocated) | set(standing))
        if o in outlets or not outlets
    ]
    rules = [
        {
            **({"outlet_kind": r.outlet_kind} if r.outlet_kind else {}),
            **({"outlet_id": r.outlet_id} if r.outlet_id else {}),
            "allowed": bool(r.allowed),
            "prices": json.loads(r.prices or "{}"),
        }
        for r in sql.rows(session, "SELECT * FROM channel_rule WHERE performance_id = ? ORDER BY position", pid)
        if r.outlet_id is None or r.outlet_id in outlets or not outlets
    ]
    return {
        "id": pid,
        "starts_at": _iso(p.starts_at),
        "doors_open_at": _iso(p.doors_open_at),
        "ends_at": _iso(p.ends_at),
        "sales_open_at": _iso(p.sales_open_at),
        "sales_close_at": _iso(p.sales_close_at),
        "status": p.status,
        "price_zones": zones,
        "zone_assignments": [a for a in assignments.values() if a["section_ids"] or a["seat_ids"]],
        "blocked_seats": blocked,
        "allocations": allocations,
        "channel_rules": rules,
    }


def _promotions(session: Session) -> tuple[list[_Doc], list[_Doc]]:
    promotions = []
    for r in sql.rows(session, "SELECT * FROM promotion ORDER BY id"):
        doc: _Doc = {
            "id": r.id,
            "name": _text(r.name_zh, r.name_en),
            "kind": r.kind,
            "value": r.value,
            "event_ids": json.loads(r.event_ids or "[]"),
            "concessions": json.loads(r.concessions or "[]"),
            "requires_coupon": bool(r.requires_coupon),
            "members_only": bool(r.members_only),
        }
        for name in ("valid_from", "valid_until"):
            if getattr(r, name) is not None:
                doc[name] = _iso(getattr(r, name))
        promotions.append(doc)
    coupons = [
        {"code": r.code, "promotion_id": r.promotion_id, "max_uses": r.max_uses}
        for r in sql.rows(session, "SELECT code, promotion_id, max_uses FROM coupon ORDER BY code")
    ]
    return promotions, coupons
