"""Delta sync after 1,000 changes at central, against the full sync of the same run.

Central on loopback (as bench_sync_full.py: the demo catalog with the 60,700-seat stadium;
SQLite, or PostgreSQL with ``--pg URL`` / ``POS_BENCH_PG_URL``). A BO-MALL terminal does its
first full sync (measured). Then central changes, 1,000 changes in all:

- 900 revocations: another outlet's terminal (BO-THEATRE) sells 150 six-seat orders on
  unallocated stadium seats (hold, then order) and refunds each order whole, as a box office
  does all day; every refunded ticket is a revocation that door validators everywhere need;
- 50 price changes: 50 distinct (performance, zone, concession) prices up by 10 yuan,
  spread over all 11 performances of the 5 events;
- 50 allocation changes: 50 seats withdrawn from BO-MALL's allocations, spread over its 9
  seated performances (central takes them back for the web shop).

The price and allocation changes land in one catalog re-import at central, as an operator
publishing a revised catalog would. The terminal then runs one ``sync_once`` (the delta),
timed and counted per feed, and compared with the full sync. No assertions.
Temporary files go to the system temp folder (on this machine the same disk as the
repository), never into the work tree.

    .venv/bin/python bench/bench_sync_delta.py [--pg URL]
"""

from __future__ import annotations

import base64
import copy
import os
import secrets
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import _numbers as nums
import _sync_measure as sm
import _sync_setup as sb
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.context import Caller
from central.models import Performance, SeatInventory
from central.services import admin, enrolment, holds, orders, refunds
from central.services.catalog import import_catalog as central_import
from central.services.common import price_for
from sync.protocol import CatalogFeed
from sync.protocol.holds import HoldRequest
from sync.protocol.orders import OrderUpload, Payment, RefundUpload, TicketLine

OUTLET = "BO-MALL"
OTHER_OUTLET = "BO-THEATRE"
STADIUM_PERF = "P-CUPFINAL-1"
ORDERS, SEATS_PER_ORDER = 150, 6  # 900 refunded tickets
PRICE_CHANGES = 50
ALLOCATION_CHANGES = 50


def other_terminal(live: sb.LiveCentral) -> Caller:
    code = admin.make_enrol_code(live.ctx, OTHER_OUTLET)
    public = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    reply = requests.post(
        f"{live.base}/v1/enrol",
        json={"code": code, "public_key": base64.b64encode(public).decode(), "terminal_name": "theatre till"},
        timeout=30,
    )
    reply.raise_for_status()
    return enrolment.authenticate(live.ctx, reply.json()["token"])


def free_stadium_seats(live: sb.LiveCentral, caller: Caller, count: int) -> list[tuple[str, int]]:
    """(seat, adult price for the caller) of unallocated free seats, in feed order."""

    def tx(s: Session) -> list[tuple[str, int]]:
        perf = s.get(Performance, STADIUM_PERF)
        assert perf is not None
        rows = s.execute(
            select(SeatInventory.seat_id, SeatInventory.zone_id)
            .where(
                SeatInventory.performance_id == STADIUM_PERF,
                SeatInventory.status == "free",
                SeatInventory.allocated_outlet.is_(None),
            )
            .order_by(SeatInventory.seq)
            .limit(count)
        ).all()
        out = []
        for seat_id, zone_id in rows:
            price = price_for(perf, zone_id, "adult", (caller.outlet_id, caller.outlet_kind))
            assert price is not None
            out.append((seat_id, price))
        return out

    return live.ctx.db.run(tx)


def refunds_at_central(live: sb.LiveCentral) -> int:
    """Sell ORDERS orders of SEATS_PER_ORDER stadium seats at another outlet, refund each whole."""
    caller = other_terminal(live)
    seats = free_stadium_seats(live, caller, ORDERS * SEATS_PER_ORDER)
    revoked = 0
    for i in range(ORDERS):
        batch = seats[i * SEATS_PER_ORDER : (i + 1) * SEATS_PER_ORDER]
        hold_id = uuid.uuid4()
        holds.create_hold(
            live.ctx,
            caller,
            hold_id,
            HoldRequest(performance_id=STADIUM_PERF, seat_ids=[s for s, _ in batch], ttl_seconds=300),
        )
        lines = [
            TicketLine(
                ticket_id="K" + secrets.token_hex(7).upper(),
                performance_id=STADIUM_PERF,
                seat_id=seat,
                concession="adult",
                price=price,
                code="T1" + base64.b32encode(secrets.token_bytes(20)).decode().rstrip("="),
                key_id=caller.key_id,
            )
            for seat, price in batch
        ]
        prices = sum(t.price for t in lines)
        fees = 500 * len(lines)
        order_id = uuid.uuid4()
        now = datetime.now(UTC)
        orders.put_order(
            live.ctx,
            caller,
            order_id,
            OrderUpload(
                sold_at=now,
                hold_ids=[hold_id],
                tickets=lines,
                fees=fees,
                total=prices + fees,
                payments=[Payment(method="card", amount=prices + fees, reference=f"BENCH{i}")],
            ),
        )
        refunds.put_refund(
            live.ctx,
            caller,
            uuid.uuid4(),
            RefundUpload(
                order_id=order_id,
                ticket_ids=[t.ticket_id for t in lines],
                amount=prices,
                reason="customer changed plans",
                refunded_at=datetime.now(UTC),
            ),
        )
        revoked += len(lines)
    return revoked


def revised_catalog(catalog: dict[str, Any]) -> tuple[dict[str, Any], int, int]:
    """The catalog with PRICE_CHANGES prices and ALLOCATION_CHANGES allocated seats changed."""
    cat = copy.deepcopy(catalog)
    perfs = [p for e in cat["events"] for p in e["performances"]]
    price_slots = []  # round-robin over performances: (perf, zone, concession)
    per_perf = [[(p, z, c) for z in p["price_zones"] for c in sorted(z["prices"])] for p in perfs]
    while len(price_slots) < PRICE_CHANGES and any(per_perf):
        for slots in per_perf:
            if slots and len(price_slots) < PRICE_CHANGES:
                price_slots.append(slots.pop(0))
    for _perf, zone, concession in price_slots:
        zone["prices"][concession] += 1_000
    mine = [a for p in perfs for a in p["allocations"] if a["outlet_id"] == OUTLET and a.get("seat_ids")]
    withdrawn = 0
    while withdrawn < ALLOCATION_CHANGES and any(a["seat_ids"] for a in mine):
        for a in mine:
            if a["seat_ids"] and withdrawn < ALLOCATION_CHANGES:
                a["seat_ids"].pop()
                withdrawn += 1
    return cat, len(price_slots), withdrawn


def main() -> None:
    args = sb.bench_parser(__doc__).parse_args()
    sb.use_memory_keyring()
    load_before = os.getloadavg()
    catalog = sb.today_catalog()
    with (
        tempfile.TemporaryDirectory(prefix="bench-delta-") as tmp_name,
        sb.central_database(sb.pg_url_from(args.pg), Path(tmp_name)) as (db_url, db_label),
        sb.live_central(db_url, catalog) as live,
    ):
        term = sb.enrolled_terminal(live, Path(tmp_name) / "terminal", OUTLET)
        full = sm.measured_sync(term, live)
        t0 = time.perf_counter()
        revoked = refunds_at_central(live)
        t1 = time.perf_counter()
        revised, prices, withdrawn = revised_catalog(catalog)
        central_import(live.ctx, CatalogFeed.model_validate(revised))
        t2 = time.perf_counter()
        changes = revoked + prices + withdrawn
        delta = sm.measured_sync(term, live)
        again = sm.measured_sync(term, live)  # nothing changed since: the floor of a sync cycle
        term.store.close()
    load_after = os.getloadavg()

    print(f"delta sync after {changes:,} changes at central: central on {db_label}, uvicorn in-process")
    print(
        f"changes: {revoked} revocations ({ORDERS} orders of {SEATS_PER_ORDER} stadium seats sold by "
        f"{OTHER_OUTLET} and refunded, {t1 - t0:.1f} s at central); {prices} price changes and "
        f"{withdrawn} seats withdrawn from {OUTLET}'s allocations (one catalog re-import, {t2 - t1:.1f} s)"
    )
    print(f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after (2 cores)")
    print()
    sm.print_sync_table(f"full sync (first sync of the terminal): {full.seconds:.2f} s", full)
    print()
    sm.print_sync_table(f"delta sync after the {changes:,} changes: {delta.seconds:.2f} s", delta)
    print()
    print(f"{'':44} {'seconds':>8} {'wire in':>11} {'requests':>9}")
    for label, m in (("full sync", full), ("delta sync", delta), ("sync with nothing changed", again)):
        t = m.total
        print(f"{label:44} {m.seconds:8.2f} {nums.fmt_bytes(t.wire + t.head):>11} {t.requests:9,}")
    ft, dt = full.total, delta.total
    print(
        f"delta / full: time {delta.seconds / full.seconds:.0%}, bytes "
        f"{(dt.wire + dt.head) / max(1, ft.wire + ft.head):.0%}"
    )
    slowest = max(delta.feeds, key=lambda f: f.seconds)
    print(
        f"slowest feed of the delta: {slowest.label}, {slowest.seconds:.2f} s for {slowest.items:,} items "
        f"({nums.fmt_bytes(slowest.wire)}; central {slowest.server:.2f} s of it)"
    )


if __name__ == "__main__":
    main()
