"""Loading central's catalog feed into the store.

:func:`import_catalog` takes the feed as a plain mapping already validated against the
wire schema (``sync.protocol.CatalogFeed``, at the edge), and applies it in one write
transaction: a bad feed changes nothing. Seats, zones and allocations of every venue and
performance in the feed are replaced (:mod:`pos.catalog.venues`); rows that sales refer to
are updated in place.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from pos.catalog.venues import Feed, replace_performance, replace_venue
from pos.catalog.writes import optional_time, upsert
from pos.errors import CatalogError
from pos.journal import chain as journal
from pos.store.db import Store
from pos.store.models import Concession, Coupon, Event, MemberTier, Outlet, Promotion, Terminal


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
        upsert(session, Outlet, [_outlet(o) for o in feed.get("outlets", [])])
        upsert(session, Concession, [_concession(c) for c in feed["concessions"]])
        seats = 0
        for venue in feed["venues"]:
            seats += replace_venue(session, venue)
        perf_count = 0
        for event in feed["events"]:
            upsert(session, Event, [_event(event)])
            for perf in event["performances"]:
                replace_performance(session, event, perf, feed)
                perf_count += 1
        upsert(session, Promotion, [_promotion(p) for p in feed.get("promotions", [])])
        _upsert_coupons(session, feed.get("coupons", []))
        upsert(session, MemberTier, [
            {"code": t["code"], "name_zh": t["name"]["zh"], "name_en": t["name"]["en"], "rank": int(t.get("rank", 0))}
            for t in feed.get("member_tiers", [])
        ])
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
        "points_per_yuan": int(e.get("points_per_yuan", 0)),
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
        "valid_from": optional_time(p.get("valid_from")),
        "valid_until": optional_time(p.get("valid_until")),
        "requires_coupon": bool(p.get("requires_coupon", False)),
        "members_only": bool(p.get("members_only", False)),
        "member_tiers": json.dumps(sorted(p.get("member_tiers", []))),
    }
