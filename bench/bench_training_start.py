"""How long a supervisor waits for ``pos training start`` on the demo catalog (a 60,700-seat
stadium among five venues): the training store is made and the catalog copied, then its
sandbox central is made (the catalog exported, published, the terminal enrolled, web orders
seeded, one sync). Also how long the app waits to serve an existing sandbox when it opens on
the training store. Printed beside the baseline of the same run: importing that catalog
into the real store."""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pos.catalog.cache import import_catalog
from pos.staff.access import Role, add_staff
from pos.store.db import open_store
from pos.terminal.identity import init_terminal
from pos.training import start_training, stop_training
from pos.training.mode import discard_sandbox
from poscli.sandbox import run_sandbox
from resources.demo.generate import build_catalog
from sync.protocol import CatalogFeed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "terminal"
        init_terminal(data, terminal_id="T01", outlet_id="BO-MALL")
        store = open_store(data)
        feed = CatalogFeed.model_validate(build_catalog(datetime.now(ZoneInfo("Asia/Shanghai")).date()))
        t0 = time.perf_counter()
        import_catalog(store, feed.model_dump(mode="python"))
        baseline = time.perf_counter() - t0
        add_staff(store, staff_id="9001", name="Boss", role=Role.SUPERVISOR, pin="258036", by=None)
        runs, sandboxed, made, served = [], [], [], []
        for _ in range(3):
            t0 = time.perf_counter()
            start_training(store, supervisor_id="9001", pin="258036")
            runs.append(time.perf_counter() - t0)
            stop_training(store, supervisor_id="9001", pin="258036")
        for _ in range(3):
            t0 = time.perf_counter()
            state = start_training(store, supervisor_id="9001", pin="258036", offline_pickups=False)
            t1 = time.perf_counter()
            with run_sandbox(state.folder):  # made: what `pos training start` waits for
                pass
            t2 = time.perf_counter()
            with run_sandbox(state.folder):  # served: what the app waits for when it opens
                t3 = time.perf_counter()
            sandboxed.append(t2 - t0)
            made.append(t2 - t1)
            served.append(t3 - t2)
            stop_training(store, supervisor_id="9001", pin="258036")
            discard_sandbox(state.folder)
        store.close()
    print(f"training start without a sandbox (best of 3): {min(runs):.2f} s")
    print(f"training start with its sandbox central (best of 3): {min(sandboxed):.2f} s "
          f"(the sandbox alone: {min(made):.2f} s)")
    print(f"the app serving an existing sandbox (best of 3): {min(served):.2f} s")
    print(f"baseline, the catalog import into the real store: {baseline:.2f} s")


if __name__ == "__main__":
    main()
