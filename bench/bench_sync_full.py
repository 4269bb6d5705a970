"""First full sync of the demo catalog (with the 60,700-seat stadium): time and bytes.

The demo catalog (``resources.demo.generate.build_catalog(today)``) is imported into a
central on loopback (uvicorn in a thread of this process; SQLite in a temporary folder, or
a fresh PostgreSQL database with ``--pg URL`` or ``POS_BENCH_PG_URL``). A new terminal of
outlet BO-MALL enrols and runs its first ``sync.pull.sync_once``: keys, the catalog feed,
allocations, revocations and the seat status of every performance on sale.

Prints, per feed: requests (feed pages), items applied, time on the terminal's clock,
central's time inside the server, the reply bytes as they came over the wire, the same
decoded (JSON), and what gzip would make of them. Same-run baseline: ``pos catalog import``
of the same catalog from a local ``.json.gz`` file into a fresh terminal (the command's
steps: read and validate the file, then ``pos.catalog.import_catalog``). No assertions.
Temporary files go to the system temp folder (on this machine the same disk as the
repository), never into the work tree.

    .venv/bin/python bench/bench_sync_full.py [--pg URL]
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import _numbers as nums
import _sync_measure as sm
import _sync_setup as sb

from pos.catalog.cache import import_catalog
from pos.store.db import open_store
from pos.terminal.identity import init_terminal
from resources.demo.generate import encode, to_json_bytes
from sync.protocol import load_catalog_file

OUTLET = "BO-MALL"


def local_import(tmp: Path, catalog_bytes: bytes) -> tuple[float, float, float]:
    """``pos catalog import FILE`` on a fresh terminal: (read+validate, import, total) seconds."""
    path = tmp / "catalog.json.gz"
    path.write_bytes(catalog_bytes)
    data_dir = tmp / "baseline-terminal"
    init_terminal(data_dir, terminal_id="T99", outlet_id=OUTLET)
    store = open_store(data_dir)
    t0 = time.perf_counter()
    feed = load_catalog_file(path)
    t1 = time.perf_counter()
    import_catalog(store, feed.model_dump(mode="python"))
    t2 = time.perf_counter()
    store.close()
    return t1 - t0, t2 - t1, t2 - t0


def seat_count(catalog: dict) -> tuple[int, int]:  # type: ignore[type-arg]
    counts = [
        sum(len(r["seats"]) for s in v["sections"] for r in s.get("rows", [])) for v in catalog["venues"]
    ]
    return sum(counts), max(counts)


def main() -> None:
    args = sb.bench_parser(__doc__).parse_args()
    sb.use_memory_keyring()
    load_before = os.getloadavg()
    catalog = sb.today_catalog()
    gz = encode(catalog)
    raw = to_json_bytes(catalog)
    seats, biggest = seat_count(catalog)
    performances = sum(len(e["performances"]) for e in catalog["events"])
    with (
        tempfile.TemporaryDirectory(prefix="bench-full-") as tmp_name,
        sb.central_database(sb.pg_url_from(args.pg), Path(tmp_name)) as (db_url, db_label),
    ):
        tmp = Path(tmp_name)
        t0 = time.perf_counter()
        with sb.live_central(db_url, catalog) as live:
            central_import = time.perf_counter() - t0
            term = sb.enrolled_terminal(live, tmp / "terminal", OUTLET)
            full = sm.measured_sync(term, live)
            term.store.close()
        read_s, import_s, baseline = local_import(tmp, gz)
    load_after = os.getloadavg()

    print(f"first full sync of the demo catalog ({catalog['generated_at'][:10]}): central on {db_label}, uvicorn in-process")
    print(
        f"catalog: {len(catalog['venues'])} venues, {seats:,} seats (largest venue {biggest:,}), "
        f"{len(catalog['events'])} events, {performances} performances; as a file {nums.fmt_bytes(len(gz))} gzip, "
        f"{nums.fmt_bytes(len(raw))} JSON"
    )
    print(
        f"central start and import of the catalog (setup, not the sync): {central_import:.1f} s; "
        f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after (2 cores)"
    )
    print()
    sm.print_sync_table(f"full sync of a new {OUTLET} terminal: {full.seconds:.2f} s", full)
    catalog_feed = full.feed("catalog")
    print()
    print(f"{'':58} {'seconds':>8}")
    print(f"{'full sync, whole cycle (sync_once)':58} {full.seconds:8.2f}")
    print(f"{'  its catalog feed (HTTP, validation, import)':58} {catalog_feed.seconds:8.2f}")
    print(f"{'  its seat-status feed':58} {full.feed('seats').seconds:8.2f}")
    print(f"{'baseline: pos catalog import of the same catalog (.json.gz)':58} {baseline:8.2f}")
    print(f"{'  read, gunzip and validate the file':58} {read_s:8.2f}")
    print(f"{'  pos.catalog.import_catalog':58} {import_s:8.2f}")
    print(
        f"ratio: whole sync / local import {full.seconds / baseline:.1f}x; "
        f"catalog feed alone / local import {catalog_feed.seconds / baseline:.1f}x"
    )
    total = full.total
    print(
        f"bytes: {nums.fmt_bytes(total.wire + total.head)} received over the wire in {total.requests} requests "
        f"({catalog_feed.requests} catalog page(s), {full.feed('seats').requests} seat-status pages); "
        f"gzip would make the bodies {nums.fmt_bytes(total.gzip)} ({total.gzip / max(1, total.body):.0%})"
    )


if __name__ == "__main__":
    main()
