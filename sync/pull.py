"""Pulling central's change feeds into the store: catalog, allocations, revocations, keys.

Each feed has a cursor kept in the store; a page is applied and its cursor saved, so an
interrupted sync resumes where it stopped and a resync after days offline moves only the
difference. The first sync of a terminal reads the catalog feed from the start, reporting
progress through a callback (the UI turns it into a progress bar).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from pos.catalog.cache import import_catalog
from pos.store import settings, sql
from pos.store.db import Store
from pos.terminal import connectivity
from pos.terminal.identity import terminal_info
from pos.tickets import sealing
from sync import partner
from sync.door.central import sync_scans
from sync.feeds import cursor, pages, pull_items, pull_keys, pull_revocations, save_cursor
from sync.lease import refill_lease
from sync.members import pull_members
from sync.pickup import pull_pickup_feed
from sync.protocol import catalog as wire
from sync.protocol.enrolment import WhoAmI
from sync.protocol.feeds import AllocationsPage, CatalogPage, SeatsPage
from sync.relay import DrainReport, drain
from sync.transport import CentralClient, CentralFailed, CentralRejected, CentralUnreachable

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int | None], None]
FEEDS = ("keys", "catalog", "allocations", "revocations", "seats")
SKEW_WARNING_SECONDS = 30.0
SEAT_PAGE = 5000  # seat states are small rows; the stadium is 61k of them


@dataclass(frozen=True, slots=True)
class SyncReport:
    online: bool
    applied: dict[str, int] = field(default_factory=dict)
    drained: DrainReport | None = None
    skew_seconds: float | None = None
    skew_warning: str = ""
    error: str = ""


def pull_allocations(store: Store, client: CentralClient) -> int:
    outlet = terminal_info(store).outlet_id

    def apply(session: Session, a: Any) -> None:
        # Each item is this outlet's whole allocation for one performance now.
        sql.run(
            session,
            "UPDATE performance_seat SET allocated_outlet_id = NULL "
            "WHERE performance_id = ? AND allocated_outlet_id = ?",
            (a.performance_id, outlet),
        )
        if a.seat_ids:
            sql.run(
                session,
                "UPDATE performance_seat SET allocated_outlet_id = ? "
                f"WHERE performance_id = ? AND seat_id IN ({sql.marks(len(a.seat_ids))})",
                (outlet, a.performance_id, *a.seat_ids),
            )
        sql.run(
            session,
            "DELETE FROM standing_allocation WHERE performance_id = ? AND outlet_id = ?",
            (a.performance_id, outlet),
        )
        for area, qty in a.standing.items():
            sql.run(
                session,
                "INSERT INTO standing_allocation (performance_id, area_id, outlet_id, quantity) VALUES (?,?,?,?)",
                (a.performance_id, area, outlet, qty),
            )

    return pull_items(store, client, "allocations", "/feeds/allocations", AllocationsPage, apply)


def pull_seats(store: Store, client: CentralClient, performance_id: str, *, wait: float = 0) -> int:
    """Seat and standing status of one performance: what the seat map shows, and what the
    offline policy checks so that a seat another terminal of this outlet sold is refused.
    ``wait``: a long poll, central answers when something changed (or after ``wait`` s)."""
    n = 0
    key = f"seats:{performance_id}"
    extra = {"wait": wait} if wait > 0 else {}
    seat_pages = pages(
        client, "/feeds/seats", SeatsPage, cursor(store, key), performance_id=performance_id, limit=SEAT_PAGE,
        **extra,
    )
    for page in seat_pages:
        with store.write() as session:
            if page.seats:
                sql.run(
                    session,
                    "INSERT INTO seat_status (performance_id, seat_id, status, allocation, held_by_me, seq) "
                    "VALUES (?,?,?,?,?,?) ON CONFLICT(performance_id, seat_id) DO UPDATE SET "
                    "status = excluded.status, allocation = excluded.allocation, "
                    "held_by_me = excluded.held_by_me, seq = excluded.seq",
                    [
                        (performance_id, st.seat_id, st.status, st.allocation, int(st.held_by_me), st.seq)
                        for st in page.seats
                    ],
                )
            for area in page.standing:
                sql.run(
                    session,
                    "INSERT INTO standing_status (performance_id, area_id, capacity, available, own_quota, "
                    "own_available, seq) VALUES (?,?,?,?,?,?,?) ON CONFLICT(performance_id, area_id) DO UPDATE SET "
                    "capacity = excluded.capacity, available = excluded.available, own_quota = excluded.own_quota, "
                    "own_available = excluded.own_available, seq = excluded.seq",
                    (
                        performance_id,
                        area.area_id,
                        area.capacity,
                        area.available,
                        area.own_quota,
                        area.own_available,
                        area.seq,
                    ),
                )
            n += len(page.seats) + len(page.standing)
        save_cursor(store, key, page.next_cursor)
    return n


def on_sale_now(store: Store, *, now: datetime | None = None) -> list[str]:
    """Performances whose sales window is open now: the ones worth a live seat status."""
    now = now or datetime.now(UTC)
    with store.read() as session:
        rows = sql.rows(
            session,
            "SELECT id FROM performance WHERE status = 'on_sale' AND sales_open_at <= ? AND sales_close_at > ? "
            "ORDER BY starts_at",
            sql.time_in(now),
            sql.time_in(now),
        )
    return [r.id for r in rows]


_CATALOG_MODELS: dict[str, tuple[str, type[BaseModel]]] = {
    "outlet": ("outlets", wire.Outlet),
    "concession": ("concessions", wire.Concession),
    "venue": ("venues", wire.Venue),
    "event": ("events", wire.Event),
    "promotion": ("promotions", wire.Promotion),
    "coupon": ("coupons", wire.Coupon),
}


def _withdraw_events(store: Store, event_ids: list[str]) -> None:
    """Central took these events away from this outlet: keep their sales (they are history)
    but sell no more of them, offline either."""
    with store.write() as session:
        sql.run(
            session,
            f"UPDATE performance SET status = 'withdrawn' WHERE event_id IN ({sql.marks(len(event_ids))}) "
            "AND status = 'on_sale'",
            tuple(event_ids),
        )
    log.warning("central withdrew events %s from this outlet", ", ".join(event_ids))


def pull_catalog(store: Store, client: CentralClient, progress: Progress | None = None) -> int:
    info = terminal_info(store)
    n = 0
    for page in pages(client, "/feeds/catalog", CatalogPage, cursor(store, "catalog")):
        feed: dict[str, Any] = {
            "format": wire.CATALOG_FORMAT,
            "currency": info.currency,
            "generated_at": page.server_time,
            **{key: [] for key, _ in _CATALOG_MODELS.values()},
        }
        withdrawn: list[str] = []
        for item in page.items:
            if item.kind == "meta" and item.data:
                feed["currency"] = item.data.get("currency", info.currency)
                feed["member_tiers"] = [wire.MemberTier.model_validate(t).model_dump(mode="python")
                                        for t in item.data.get("member_tiers", [])]
                continue
            if item.deleted and item.kind == "event":
                withdrawn.append(item.id)
                continue
            if item.deleted or item.data is None or item.kind not in _CATALOG_MODELS:
                log.info("catalog item %s %s deleted or unknown: kept as it is", item.kind, item.id)
                continue
            key, model = _CATALOG_MODELS[item.kind]
            try:
                feed[key].append(model.model_validate(item.data).model_dump(mode="python"))
            except ValidationError as exc:
                # One bad document must not stop the rest; central is told through the log.
                raise CentralFailed(
                    f"central sent a malformed {item.kind} {item.id}: {exc.errors()[0]['msg']}"
                ) from exc
        if any(feed[key] for key, _ in _CATALOG_MODELS.values()) or feed.get("member_tiers"):
            import_catalog(store, feed)
        if withdrawn:
            _withdraw_events(store, withdrawn)
        n += len(page.items)
        save_cursor(store, "catalog", page.next_cursor)
        if progress:
            progress("catalog", n, None)
    return n


def pull_partner_account(store: Store, client: CentralClient) -> None:
    try:
        partner.pull_account(store, client)
    except CentralUnreachable as exc:
        connectivity.record_offline(store, reason=exc.message)
    except (CentralRejected, CentralFailed) as exc:  # the last known account stays
        log.warning("partner account not refreshed: %s", exc.message)


def pull_me(store: Store, client: CentralClient) -> WhoAmI:
    """Check the token still works, and take the outlet's offline caps."""
    me = client.get("/me", WhoAmI)
    if me.holder_seal_key:
        sealing.keep_seal_key(store, me.holder_seal_key)
    if me.offline_caps is not None:
        connectivity.set_caps(
            store,
            connectivity.OfflineCaps(
                max_sale_value=me.offline_caps.max_sale_value,
                max_total_value=me.offline_caps.max_total_value,
                max_hours=me.offline_caps.max_hours,
            ),
        )
    return me


# --- a whole cycle ----------------------------------------------------------------------


def sync_once(
    store: Store, client: CentralClient, *, progress: Progress | None = None, lease: bool = True
) -> SyncReport:
    """Pull every feed, drain the outbox, then (``lease``: a terminal that sells) refill the
    offline lease. Never raises for a network failure: the terminal goes (or stays) offline
    and the report says why."""
    applied: dict[str, int] = {}
    try:
        me = pull_me(store, client)
        applied["keys"] = pull_keys(store, client)
        if progress:
            progress("keys", applied["keys"], None)
        applied["catalog"] = pull_catalog(store, client, progress)
        applied["allocations"] = pull_allocations(store, client)
        if progress:
            progress("allocations", applied["allocations"], None)
        applied["revocations"] = pull_revocations(store, client)
        if progress:
            progress("revocations", applied["revocations"], None)
    except CentralUnreachable as exc:
        connectivity.record_offline(store, reason=exc.message)
        return SyncReport(online=False, applied=applied, error=exc.message)
    connectivity.record_online(store)
    report = drain(store, client, progress=(lambda d, t: progress("outbox", d, t)) if progress else None)
    if lease and not report.offline:
        try:
            # After the upload: central has counted what was sold, and tops the lease up.
            applied["lease"] = refill_lease(store, client)
        except CentralUnreachable as exc:
            connectivity.record_offline(store, reason=exc.message)
        except (CentralRejected, CentralFailed) as exc:  # the old lease stays: still ours
            log.warning("lease not refilled: %s", exc.message)
    if me.outlet_kind == "partner" and not report.offline:
        pull_partner_account(store, client)  # after the upload: the credit counts what was sent
    # Seats last: central's counts then include what this terminal just uploaded, which is
    # what the offline policy subtracts its unsent sales from.
    applied["seats"] = 0
    try:
        for performance_id in on_sale_now(store):
            applied["seats"] += pull_seats(store, client, performance_id)
    except CentralUnreachable as exc:
        connectivity.record_offline(store, reason=exc.message)
    if progress:
        progress("seats", applied["seats"], None)
    try:
        # Door scans: this terminal's up, and what the other gates admitted down.
        up, applied["scans"] = sync_scans(store, client, now=datetime.now(UTC))
        applied["scans_uploaded"] = up.uploaded
    except CentralUnreachable as exc:
        connectivity.record_offline(store, reason=exc.message)
    except (CentralRejected, CentralFailed) as exc:  # the doors still share; pickups go on
        log.warning("door scans not synced: %s", exc.message)
    try:
        applied["members"] = pull_members(store, client)  # tiers and points for offline sales
    except CentralUnreachable as exc:
        connectivity.record_offline(store, reason=exc.message)
    except CentralRejected as exc:  # a central without members: member prices need a look-up
        log.warning("member feed refused: %s", exc.message)
    try:
        # Online orders to hand out here, so that pickup works while central is unreachable.
        applied["pickups"] = pull_pickup_feed(store, client)
    except CentralUnreachable as exc:
        connectivity.record_offline(store, reason=exc.message)
    except CentralRejected as exc:  # a central without the feed: pickup then works online only
        log.warning("pickup feed refused: %s", exc.message)
    warning = ""
    skew = client.skew_seconds
    if skew is not None:
        settings.put(store, "clock", {"skew_seconds": skew, "at": datetime.now(UTC).isoformat()})
        if abs(skew) > SKEW_WARNING_SECONDS:
            warning = (
                f"this terminal's clock is {abs(skew):.0f} s {'behind' if skew > 0 else 'ahead of'} central's: "
                "set the clock right, or ticket times and offline limits will be off"
            )
            log.warning(warning)
    return SyncReport(
        online=not report.offline,
        applied=applied,
        drained=report,
        skew_seconds=skew,
        skew_warning=warning,
        error=report.stopped_by,
    )
