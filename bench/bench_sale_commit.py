"""Commit of a 4-ticket sale (order, tickets, payments, journal, outbox) against a bare
one-row FULL-sync SQLite transaction on the same disk, measured in the same run; then the
one selling path (``pos.sales.selling.sell_cart``) of an enrolled terminal against a real
central on loopback: offline, online as ``pos sell`` does it (hold, commit), online with the
order sent at once, and online as the app does it (the cart held while the clerk picked, so
the sale itself asks central nothing), with the HTTP requests each sale made.

Run: ``.venv/bin/python bench/bench_sale_commit.py [N] [--no-online]``. Prints p50/p95 and
the ratio. Target (DESIGN.md): p95 <= 10 ms for the sale; issue 17: the online hold adds at
most one round trip.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _numbers import pct  # noqa: E402  (this folder)

from pos.cash.tenders import Tender  # noqa: E402
from pos.catalog.cache import free_allocated_seats  # noqa: E402
from pos.money import Money  # noqa: E402
from pos.sales import CartItem, sell  # noqa: E402
from tests.factories import make_counter, small_catalog  # noqa: E402


def bare_transactions(path: Path, n: int) -> list[float]:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT INTO t (v) VALUES (?)", (f"row {i}",))
        con.execute("COMMIT")
        times.append((time.perf_counter() - t0) * 1000)
    con.close()
    return times


def _resident_id(i: int) -> str:
    body = f"110105{19800101 + i % 28:08d}{i % 1000:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def sale_commits(data: Path, n: int, *, real_name: bool = False) -> list[float]:
    """``real_name``: every ticket with a holder, sealed to a central key (issue 18)."""
    from pos.tickets import sealing
    from pos.tickets.realname import make_holder

    catalog = small_catalog(datetime.now(UTC), rows_per_section=50, seats_per_row=50)
    counter = make_counter(data, catalog=catalog)
    perf = "P-MATCH" if real_name else "P-CONCERT"
    if real_name:
        import base64

        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        raw = X25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        sealing.keep_seal_key(counter.store, base64.b64encode(raw).decode())
    seats = list(free_allocated_seats(counter.store, performance_id=perf, outlet_id="BO-1", limit=4 * n + 8))
    times = []
    for i in range(n):
        items = [
            CartItem("adult", seat_id=s, holder=make_holder("张三", _resident_id(4 * i + j)) if real_name else None)
            for j, s in enumerate(seats[4 * i : 4 * i + 4])
        ]
        t0 = time.perf_counter()
        sell(
            counter.store,
            performance_id=perf,
            items=items,
            tenders=[Tender(kind="cash", amount=Money(200_000))],
            actor=counter.clerk,
            signer=counter.signer,
        )
        times.append((time.perf_counter() - t0) * 1000)
    counter.store.close()
    return times


def online_sales(data: Path, n: int) -> dict[str, tuple[list[float], float]]:
    from _online_sale import measure

    return measure(data, n)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 300
    with tempfile.TemporaryDirectory(dir=ROOT) as tmp:
        base = Path(tmp)
        bare = bare_transactions(base / "bare.sqlite", n)
        sale = sale_commits(base / "terminal", n)
        real = sale_commits(base / "real-name", n, real_name=True)
        online = None if "--no-online" in sys.argv else online_sales(base / "online", min(n, 150))
    print(f"{n} commits each, same disk ({ROOT})")
    print(f"{'':28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    print(f"{'bare 1-row FULL-sync txn':28} {pct(bare, 50):8.2f} {pct(bare, 95):8.2f} {max(bare):8.2f}")
    print(f"{'4-ticket sale commit':28} {pct(sale, 50):8.2f} {pct(sale, 95):8.2f} {max(sale):8.2f}")
    print(f"{'  real-name, IDs sealed':28} {pct(real, 50):8.2f} {pct(real, 95):8.2f} {max(real):8.2f}")
    print(
        f"ratio sale/bare: p50 {pct(sale, 50) / pct(bare, 50):.1f}x, p95 {pct(sale, 95) / pct(bare, 95):.1f}x"
    )
    print(
        f"target p95 <= 10 ms: {'met' if pct(sale, 95) <= 10 else 'NOT met'} (mean {statistics.mean(sale):.2f} ms)"
    )
    if online is not None:
        from _online_sale import report

        report(online)


if __name__ == "__main__":
    main()
