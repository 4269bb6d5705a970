"""Helpers the services share: canonical digests, feed counters, visibility and prices."""

from __future__ import annotations

import hashlib
import json
import time
from datetime import datetime
from typing import Any, cast

from pydantic import BaseModel
from sqlalchemy import Table, bindparam, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.errors import unprocessable
from central.models import CatalogItem, FeedCounter, Performance

COUNTERS = cast(Table, FeedCounter.__table__)


# What an order carries about the sale, not the sale itself (issue 22): left out of the digest,
# so that an order stored before these fields existed still matches its retry from an
# upgraded terminal (which now sends them), and vice versa.
_NOT_DIGESTED = frozenset({"customer_phone", "order_number"})


def _strip(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip(v) for k, v in node.items() if k not in _NOT_DIGESTED}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def digest(model: BaseModel) -> str:
    """Canonical hash of a request: same meaning, same digest (key order, defaults)."""
    body = json.dumps(_strip(model.model_dump(mode="json")), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


_LOCK = text("SELECT pg_advisory_xact_lock(:k)")
# Two keys in one statement, taken left to right (the order of the arguments): a hold takes
# its id and its terminal's key together, one round trip instead of two.
_LOCK2 = text("SELECT pg_advisory_xact_lock(:k0), pg_advisory_xact_lock(:k1)")


def _lock_key(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)


def serialize(s: Session, key: str, then: str | None = None) -> None:
    """Wait for any other transaction holding ``key`` (until it ends), then hold it until this
    one ends; with ``then``, take that key next, in the same statement. An idempotent PUT takes
    its id first, so a duplicate that arrives while the first is in flight waits for it and
    then finds its stored reply (as Stripe answers), instead of racing it into a refusal.
    SQLite needs nothing: ``BEGIN IMMEDIATE`` already runs one writer at a time."""
    if s.get_bind().dialect.name != "postgresql":
        return
    # Core: the ORM's execute cost more than the lock.
    if then is None:
        s.connection().execute(_LOCK, {"k": _lock_key(key)})
    else:
        s.connection().execute(_LOCK2, {"k0": _lock_key(key), "k1": _lock_key(then)})


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Built once: a statement built per call costs more CPU (construction, cache key) than running it.
_BUMP = (
    update(COUNTERS)
    .where(COUNTERS.c.name == bindparam("b_name"))
    .values(value=COUNTERS.c.value + bindparam("b_n"))
    .returning(COUNTERS.c.value)
)


def bump(s: Session, name: str, n: int = 1) -> int:
    """Reserve ``n`` sequence numbers of feed ``name``; returns the first. Call it as late as
    possible in a transaction: its row lock is held until commit and orders the feed."""
    params = {"b_name": name, "b_n": n}
    row = s.connection().execute(_BUMP, params).scalar_one_or_none()
    if row is None:
        ins = pg_insert if s.get_bind().dialect.name == "postgresql" else sqlite_insert
        s.execute(ins(COUNTERS).values(name=name, value=0).on_conflict_do_nothing())
        row = s.connection().execute(_BUMP, params).scalar_one()
    return int(row) - n + 1


def seats_feed(performance_id: str) -> str:
    return f"seats:{performance_id}"


def rule_for(pricing: dict[str, Any], outlet_id: str, outlet_kind: str) -> dict[str, Any] | None:
    """The most specific channel rule matching an outlet: by id, then by kind, then generic."""
    best: dict[str, Any] | None = None
    best_rank = -1
    for rule in pricing.get("channel_rules", []):
        if rule.get("outlet_id") not in (None, outlet_id):
            continue
        if rule.get("outlet_kind") not in (None, outlet_kind):
            continue
        rank = 2 if rule.get("outlet_id") else 1 if rule.get("outlet_kind") else 0
        if rank > best_rank:
            best, best_rank = rule, rank
    return best


def outlet_may_see(rules: dict[str, Any], category: str, event_id: str) -> bool:
    cats = rules.get("categories") or []
    events = rules.get("event_ids") or []
    return (not cats or category in cats) and (not events or event_id in events)


def visible(perf: Performance, caller: Caller) -> bool:
    """A performance is visible to an outlet if the outlet's own channel settings allow its
    event and the most specific channel rule of the performance (if any) allows the outlet.
    With no matching rule a performance is open to every outlet."""
    if not outlet_may_see(caller.outlet_rules, perf.category, perf.event_id):
        return False
    rule = rule_for(perf.pricing, caller.outlet_id, caller.outlet_kind)
    return rule is None or bool(rule.get("allowed", True))


def price_for(
    perf: Performance, zone_id: str | None, concession: str, outlet: tuple[str, str] | None
) -> int | None:
    """Face price of a ticket for an outlet ``(id, kind)``, or online when ``outlet`` is None:
    the matching channel rule's price for (zone, concession) if it has one, else the zone's."""
    if zone_id is None:
        return None
    if outlet is not None:
        rule = rule_for(perf.pricing, outlet[0], outlet[1])
        if rule is not None:
            override = rule.get("prices", {}).get(zone_id, {}).get(concession)
            if override is not None:
                return int(override)
    price = perf.pricing.get("zones", {}).get(zone_id, {}).get(concession)
    return None if price is None else int(price)


def load_performances(
    s: Session, ids: set[str], caller: Caller | None
) -> dict[str, Performance]:
    perfs = {p.id: p for p in s.scalars(select(Performance).where(Performance.id.in_(ids)))}
    for pid in sorted(ids):
        perf = perfs.get(pid)
        if perf is None or (caller is not None and not visible(perf, caller)):
            # An invisible performance looks the same as an unknown one.
            raise unprocessable("performance_unknown", f"unknown performance {pid}", performance_id=pid)
    return perfs


PERFORMANCES = cast(Table, Performance.__table__)
_PERFS = select(*PERFORMANCES.c).where(PERFORMANCES.c.id.in_(bindparam("b_ids", expanding=True)))


def load_performance_rows(
    s: Session, ids: set[str], caller: Caller | None, *, cache: dict[str, Any] | None = None,
    ctx: Central | None = None,
) -> dict[str, Any]:
    """As :func:`load_performances`, but read-only rows of the table (Core, no unit of work):
    they have the attributes ``visible``, ``check_sellable`` and ``price_for`` read.
    ``cache``: rows already read in this transaction (by id), filled with those read now;
    ``ctx``: use and fill the process's short-lived cache of performance rows too."""
    cache = {} if cache is None else cache
    if ctx is not None:
        for pid in ids - cache.keys():
            row = ctx.cached_performance(pid)
            if row is not None:
                cache[pid] = row
    missing = sorted(ids - cache.keys())
    if missing:
        generation, read_at = (ctx.catalog_generation, time.monotonic()) if ctx is not None else (0, 0.0)
        rows = list(s.connection().execute(_PERFS, {"b_ids": missing}))
        cache.update((p.id, p) for p in rows)
        if ctx is not None:
            ctx.remember_performances(rows, read_at, generation)
    perfs = {pid: cache[pid] for pid in ids if pid in cache}
    for pid in sorted(ids):
        perf = perfs.get(pid)
        if perf is None or (caller is not None and not visible(perf, caller)):
            raise unprocessable("performance_unknown", f"unknown performance {pid}", performance_id=pid)
    return perfs


def check_sellable(perf: Performance, at: datetime) -> None:
    if perf.status == "cancelled":
        raise unprocessable(
            "performance_cancelled", f"performance {perf.id} is cancelled", performance_id=perf.id
        )
    if perf.status != "on_sale" or not (perf.sales_open_at <= at < perf.sales_close_at):
        raise unprocessable(
            "sales_closed",
            f"sales for performance {perf.id} are not open",
            performance_id=perf.id,
            sales_open_at=perf.sales_open_at.isoformat(),
            sales_close_at=perf.sales_close_at.isoformat(),
        )


def catalog_item(s: Session, kind: str, item_id: str) -> dict[str, Any] | None:
    row = s.get(CatalogItem, (kind, item_id))
    if row is None or row.deleted:
        return None
    return row.data


# venue document digest -> {section id: gate id}; a venue document can hold 60,000 seats,
# so it is parsed once per version, not once per online order. Keyed by content, so two
# databases in one process (tests, an embedded demo) never share a wrong entry.
_GATES: dict[str, dict[str, str]] = {}


def section_gates(s: Session, venue_id: str) -> dict[str, str]:
    """The gate of each section (seated or standing) of a venue that names one: online
    tickets carry it, so the door sends a buyer to the right gate as it does for outlet sales."""
    version = s.scalar(
        select(CatalogItem.digest).where(
            CatalogItem.kind == "venue", CatalogItem.item_id == venue_id, CatalogItem.deleted.is_(False)
        )
    )
    if version is None:
        return {}
    gates = _GATES.get(version)
    if gates is None:
        data = catalog_item(s, "venue", venue_id)
        if data is None:
            return {}
        gates = {sec["id"]: sec["gate_id"] for sec in data.get("sections", []) if sec.get("gate_id")}
        if len(_GATES) >= 64:  # bounded: old versions are never asked for again
            _GATES.clear()
        _GATES[version] = gates
    return gates


def half_up(amount: int, bps: int) -> int:
    """``amount * bps / 10000`` rounded half up, in integers."""
    return (amount * bps + 5000) // 10000
