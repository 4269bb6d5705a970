"""Drain of the outbox after reconnect: N orders sold offline, then one ``sync_once``.

A central on loopback (uvicorn in a thread of this process; SQLite in a temporary folder,
or a fresh PostgreSQL database with ``--pg URL`` or ``POS_BENCH_PG_URL``), one terminal
enrolled with it, a hall big enough that every order is a sale of the outlet's own
allocation. The terminal syncs once, loses central, sells N orders of ``--tickets`` seats
with ``pos.sales.sell`` (timed: that is the queueing), gets central back and runs
``sync.pull.sync_once``, which pulls the feeds and drains the outbox (orders in batches of
``--batch``, ``POST /v1/order-batches``).

Same-run baselines: the relay one order per request (``drain(batch=1)``, one ``PUT
/v1/orders/{id}`` each, as before the batch upload) over ``--baseline-orders`` orders queued
and drained first on the same central; the round trip of an authenticated ``GET /v1/me``
and of a no-op reply that touches neither FastAPI nor a database. Prints the drain's total,
orders/s, and per request the client-side round trip and central's own time (measured
inside the server). Target (DESIGN.md): 10,000 orders in < 30 s; run with N=10000 to
measure it (``--full`` is the same); below that the 10,000 figure is an extrapolation and
labelled so. No assertions. Temporary files go to the system temp folder, never into the
work tree.

    .venv/bin/python bench/bench_sync_drain.py [N=1000 | --full] [--tickets 2] [--batch 100] [--pg URL]
"""

from __future__ import annotations

import math
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import _numbers as nums
import _sync_measure as sm
import _sync_setup as sb

from central.services import admin
from pos.cash.tenders import Tender
from pos.catalog.cache import free_allocated_seats
from pos.money import Money
from pos.sales import CartItem, sell
from pos.terminal.identity import load_signer
from sync.pull import sync_once
from sync.relay import drain, pending_count
from sync.transport import CentralClient
from tests.factories import small_catalog

TARGET_ORDERS = 10_000
TARGET_SECONDS = 30.0
SEATS_PER_ROW = 100
OUTLET = "BO-1"
PERFORMANCE = "P-CONCERT"


def hall_catalog(seats_needed: int) -> dict[str, Any]:
    """small_catalog's hall grown to hold ``seats_needed`` allocated seats, one performance.

    BO-1 has every seat but row 2 of block B and the blocked A-1-5."""
    rows = math.ceil((seats_needed + SEATS_PER_ROW + 1) / (2 * SEATS_PER_ROW))
    cat = small_catalog(datetime.now(UTC), rows_per_section=max(rows, 2), seats_per_row=SEATS_PER_ROW)
    concert = cat["events"][0]
    concert["performances"] = [p for p in concert["performances"] if p["id"] == PERFORMANCE]
    cat["events"] = [concert]
    return cat


def queue_orders(term: sb.Terminal, n: int, tickets: int) -> list[float]:
    seats = free_allocated_seats(term.store, performance_id=PERFORMANCE, outlet_id=OUTLET, limit=n * tickets)
    if len(seats) < n * tickets:
        raise SystemExit(f"only {len(seats)} allocated seats for {n * tickets} tickets")
    signer = load_signer(term.store)
    times = []
    for i in range(n):
        items = [CartItem("adult", seat_id=s) for s in seats[i * tickets : (i + 1) * tickets]]
        t0 = time.perf_counter()
        sell(
            term.store,
            performance_id=PERFORMANCE,
            items=items,
            tenders=[Tender(kind="cash", amount=Money(100_000 * tickets))],
            actor=term.clerk,
            signer=signer,
        )
        times.append(time.perf_counter() - t0)
    return times


def round_trips(http: sb.CountingSession, url: str, token: str | None, n: int) -> list[float]:
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        reply = http.get(url, headers=headers, timeout=(3.05, 10))
        reply.raise_for_status()
        out.append(time.perf_counter() - t0)
    return out


def ms(values: list[float], p: float) -> str:
    return f"{nums.pct(values, p) * 1000:8.2f}"


def drain_once(term: sb.Terminal, live: sb.LiveCentral, run: Any) -> dict[str, Any]:
    """Run ``run(progress)`` (a drain) and measure it: wall time, requests, central's time."""
    watch = sm.Stopwatch()
    client_mark, server_mark = term.http.mark(), live.timer.mark()
    t0 = time.perf_counter()
    report = run(watch)
    total = time.perf_counter() - t0
    exchanges = term.http.since(client_mark)
    uploads = [e for e in exchanges if e.method in ("PUT", "POST")]
    server = [r for r in live.timer.since(server_mark, expect=len(exchanges)) if r.method in ("PUT", "POST")]
    return {"report": report, "total": total, "watch": watch, "t0": t0, "uploads": uploads,
            "rtt": [e.seconds for e in uploads], "srv": [r.seconds for r in server]}


def main() -> None:
    parser = sb.bench_parser(__doc__)
    parser.add_argument("n", nargs="?", type=int, default=1000, help="orders to queue (default 1000)")
    parser.add_argument("--full", action="store_true", help="the target's 10,000 orders (same as N=10000)")
    parser.add_argument("--tickets", type=int, default=2, help="seats per order (default 2)")
    parser.add_argument("--batch", type=int, default=100, help="orders per upload request (default 100)")
    parser.add_argument(
        "--baseline", type=int, default=300, help="round trips of each request baseline (default 300)"
    )
    parser.add_argument(
        "--baseline-orders", type=int, default=500,
        help="orders drained one per request first, as the same-run baseline (default 500; 0 skips)",
    )
    args = parser.parse_args()
    n, k, nb_orders = (TARGET_ORDERS if args.full else args.n), args.tickets, max(0, args.baseline_orders)
    if not 1 <= k <= 6:
        raise SystemExit("--tickets is 1..6 (the hall's max tickets per order)")
    sb.use_memory_keyring()
    load_before = os.getloadavg()
    wall0 = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="bench-drain-") as tmp,
        sb.central_database(sb.pg_url_from(args.pg), Path(tmp)) as (db_url, db_label),
    ):
        t0 = time.perf_counter()
        catalog = hall_catalog((n + nb_orders) * k)
        with sb.live_central(db_url, catalog) as live:
            # Offline caps high enough for the whole queue (the default cap is 20,000 yuan).
            admin.upsert_outlet(
                live.ctx,
                outlet_id=OUTLET,
                name_zh="测试售票处",
                name_en="Bench box office",
                kind="own",
                offline_max_total=10**12,
                offline_max_hours=24 * 30,
            )
            term = sb.enrolled_terminal(live, Path(tmp) / "terminal", OUTLET)
            first = sync_once(term.store, term.client)
            if not first.online:
                raise SystemExit(f"first sync failed: {first.error}")
            setup = time.perf_counter() - t0
            # The cable is pulled: the terminal finds central unreachable and goes offline.
            dead = CentralClient("http://127.0.0.1:9", token=term.client.token, retries=0)
            if sync_once(term.store, dead).online:
                raise SystemExit("the terminal did not go offline")

            # Baseline: the same kind of queue drained one order per request (the relay before
            # the batch upload), on this central, in this run.
            base: dict[str, Any] | None = None
            if nb_orders:
                queue_orders(term, nb_orders, k)
                base = drain_once(term, live, lambda w: drain(
                    term.store, term.client, batch=1, progress=lambda d, t: w("outbox", d, t)))
                if sync_once(term.store, dead).online:
                    raise SystemExit("the terminal did not go offline")

            sell_times = queue_orders(term, n, k)
            queued = pending_count(term.store)

            # Reconnect: one sync cycle pulls the feeds, drains the outbox, then pulls seat status.
            main_run = drain_once(term, live, lambda w: sync_once(
                term.store, term.client, progress=w) if args.batch == 100 else _sync_with_batch(
                term, args.batch, w))
            report = main_run["report"]
            watch = main_run["watch"]
            t_sync = main_run["t0"]
            sync_total = main_run["total"]
            pulls_end = watch.last("revocations") or t_sync  # the seat feed comes after the drain
            outbox = [t for stage, _done, t in watch.events if stage == "outbox"]
            drain_end = outbox[-1] if outbox else pulls_end
            drain_s = drain_end - pulls_end
            uploads, rtt, srv = main_run["uploads"], main_run["rtt"], main_run["srv"]
            bytes_out = sum(e.bytes_out for e in uploads)
            bytes_in = sum(e.wire_in + e.head_in for e in uploads)

            # Same-run request baselines on the same connection pool.
            nb = args.baseline
            server_mark = live.timer.mark()
            me = round_trips(term.http, f"{live.base}/v1/me", term.client.token, nb)
            me_server = [r.seconds for r in live.timer.since(server_mark, expect=nb) if r.path == "/v1/me"]
            noop = round_trips(term.http, f"{live.base}{sb.NOOP_PATH}", None, nb)
            term.store.close()
        wall = time.perf_counter() - wall0
    load_after = os.getloadavg()

    drained = report.drained
    sent = drained.sent if drained else 0
    attention = drained.attention if drained else 0
    print(f"drain after reconnect: central on {db_label}, uvicorn in-process on 127.0.0.1")
    print(
        f"{n:,} orders x {k} seat(s) sold offline; {len(catalog['venues'][0]['sections'][0]['rows']) * 2 * SEATS_PER_ROW:,}"
        f"-seat hall; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after (2 cores)"
    )
    print(f"setup (central import, enrol, first sync): {setup:.1f} s; whole run {wall:.1f} s")
    print(
        f"queueing: {sum(sell_times):.1f} s for {queued:,} outbox messages "
        f"(sell p50 {nums.pct(sell_times, 50) * 1000:.1f} ms, p95 {nums.pct(sell_times, 95) * 1000:.1f} ms)"
    )
    print()
    per = max(1, sent) / max(1, len(uploads))
    print(f"{'per request':44} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'n':>7}")
    rows = [
        (f"upload round trip ({per:,.0f} orders per request)", rtt),
        ("  of which central, inside the server", srv),
    ]
    if base is not None:
        rows += [
            ("baseline: one order per request, round trip", base["rtt"]),
            ("  of which central, inside the server", base["srv"]),
        ]
    rows += [
        ("baseline: GET /v1/me round trip", me),
        ("  of which central, inside the server", me_server),
        ("baseline: no-op reply round trip", noop),
    ]
    for label, values in rows:
        print(f"{label:44} {ms(values, 50)} {ms(values, 95)} {nums.mean(values) * 1000:8.2f} {len(values):7,}")
    print()
    rate = sent / drain_s if drain_s > 0 else 0.0
    if base is not None:
        b_sent = base["report"].sent
        b_rate = b_sent / base["total"] if base["total"] > 0 else 0.0
        print(f"baseline (same run): {b_sent:,} orders one per request in {base['total']:.2f} s = "
              f"{b_rate:,.0f} orders/s -> {TARGET_ORDERS:,} in ~{TARGET_ORDERS / b_rate if b_rate else 0:.0f} s")
    print(
        f"drain: {sent:,} sent, {attention} needing attention, {drained.pending if drained else '?'} "
        f"pending; {drain_s:.2f} s = {rate:,.0f} orders/s (whole sync_once {sync_total:.2f} s, "
        f"feeds pulled first in {pulls_end - t_sync:.2f} s)"
    )
    print(
        f"wire: {nums.fmt_bytes(bytes_out)} up, {nums.fmt_bytes(bytes_in)} down "
        f"({bytes_out / max(1, sent):,.0f} B up and {bytes_in / max(1, sent):,.0f} B down per order)"
    )
    tenth = max(1, len(srv) // 10)
    print(
        f"central per request, first 10% p50 {nums.pct(srv[:tenth], 50) * 1000:.1f} ms, "
        f"last 10% p50 {nums.pct(srv[-tenth:], 50) * 1000:.1f} ms (growth with the size of central's tables)"
    )
    share = sum(srv) / drain_s if drain_s > 0 else 0.0
    transport = (sum(rtt) - sum(srv)) / drain_s if drain_s > 0 else 0.0
    print(
        f"time share of the drain: central inside the server {share:.0%}, HTTP/requests/uvicorn "
        f"{transport:.0%}, terminal {max(0.0, 1 - share - transport):.0%}"
    )
    if n >= TARGET_ORDERS:
        verdict = "met" if drain_s < TARGET_SECONDS else "NOT met"
        print(f"target {TARGET_ORDERS:,} orders < {TARGET_SECONDS:.0f} s: {verdict} ({drain_s:.1f} s measured)")
    else:
        projected = TARGET_ORDERS / rate if rate else float("inf")
        verdict = "would be met" if projected < TARGET_SECONDS else "would NOT be met"
        print(
            f"EXTRAPOLATED (linear, from this run's {rate:,.0f} orders/s; not measured): "
            f"{TARGET_ORDERS:,} orders in ~{projected:.0f} s; target < {TARGET_SECONDS:.0f} s {verdict}"
        )


def _sync_with_batch(term: sb.Terminal, batch: int, watch: Any) -> Any:
    """sync_once with a batch size other than the relay's default."""
    import sync.pull

    original = sync.pull.drain
    sync.pull.drain = lambda *a, **kw: original(*a, **{**kw, "batch": batch})  # type: ignore[assignment]
    try:
        return sync_once(term.store, term.client, progress=watch)
    finally:
        sync.pull.drain = original  # type: ignore[assignment]


if __name__ == "__main__":
    main()
