"""How long a supervisor waits for ``pos training start`` on the demo catalog (a 60,700-seat
stadium among five venues): the training store is made and the catalog copied. Printed
beside the baseline of the same run: importing that catalog into the real store."""

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
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            start_training(store, supervisor_id="9001", pin="258036")
            runs.append(time.perf_counter() - t0)
            stop_training(store, supervisor_id="9001", pin="258036")
        store.close()
    print(f"training start (best of 3): {min(runs):.2f} s   baseline, the catalog import: {baseline:.2f} s")


if __name__ == "__main__":
    main()
