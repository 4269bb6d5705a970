"""The journal anchor's cost: the anchor that ends a drain with nothing new (one round trip)
beside ``GET /v1/me`` (a plain authenticated round trip); the first anchor of a long journal
(the way sent in parts); and ``pos journal verify`` held against the anchor (offline and
online) beside the chain walk alone (what it was before), all measured in the same run on a
central on loopback (SQLite).

Run: ``.venv/bin/python bench/bench_journal_anchor.py [ENTRIES]`` (default 20,000).
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
from _numbers import pct  # noqa: E402  (this folder)

from central.services import admin  # noqa: E402
from pos.journal import chain  # noqa: E402
from pos.store.db import open_store  # noqa: E402
from sync import anchor  # noqa: E402
from sync.enrol import connect, enrol  # noqa: E402
from sync.protocol.enrolment import WhoAmI  # noqa: E402
from tests.central.live import live_server  # noqa: E402
from tests.factories import small_catalog  # noqa: E402
from tests.sync.conftest import MemoryKeyring  # noqa: E402


def timed(fn, n: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    keyring.set_keyring(MemoryKeyring())
    with tempfile.TemporaryDirectory() as tmp, live_server(f"sqlite:///{tmp}/c.sqlite", small_catalog(datetime.now(UTC))) as live:
        data = Path(tmp) / "t"
        enrol(data, central_url=live.base, code=admin.make_enrol_code(live.ctx, "BO-1"))
        store = open_store(data)
        info_id = "T"
        with store.write() as session:  # a long journal: what days of selling leave behind
            for i in range(entries):
                chain.append(session, kind="cash_in", terminal_id=info_id, staff_id="S1",
                             data={"amount": 100 + i, "reason": "change", "drawer": "main"})
        client = connect(store)
        t0 = time.perf_counter()
        anchor.send_head(store, client)
        first = time.perf_counter() - t0
        print(f"first anchor of {entries:,} entries (in parts of {anchor.MAX_ENTRIES}): {first:.2f} s "
              f"({first / entries * 1e6:.0f} µs per entry)")
        idle = timed(lambda: anchor.send_head(store, client), 50)
        me = timed(lambda: client.get("/me", WhoAmI), 50)
        print(f"anchor with nothing new   p50 {pct(idle, 50):6.2f} ms  p95 {pct(idle, 95):6.2f} ms")
        print(f"GET /v1/me (baseline)     p50 {pct(me, 50):6.2f} ms  p95 {pct(me, 95):6.2f} ms")
        walk = timed(lambda: chain.verify(store), 5)
        offline = timed(lambda: anchor.verify_anchored(store, None), 5)
        online = timed(lambda: anchor.verify_anchored(store, client), 5)
        print(f"chain walk alone (before) p50 {pct(walk, 50):7.1f} ms")
        print(f"verify, offline anchor    p50 {pct(offline, 50):7.1f} ms")
        print(f"verify, asking central    p50 {pct(online, 50):7.1f} ms")
        store.close()


if __name__ == "__main__":
    main()
