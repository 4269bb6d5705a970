"""Time from a committed 4-ticket order to the last byte on a loopback printer socket.

Text and raster modes, 58 and 80 mm. Compare with the paper: an 80 mm ticket takes about
0.3-0.6 s to feed at 150-250 mm/s, so a 4-ticket order plus receipt is 1.5-3 s of paper.
Prints numbers; asserts nothing (see README).
"""

from __future__ import annotations

import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pos.cash.tenders import Tender
from pos.money import Money
from pos.sales import CartItem, sell
from printing.jobs import print_order
from printing.profiles import PrinterProfile
from tests.factories import NOW, make_counter, small_catalog

ROUNDS = 8


def _listener() -> tuple[socket.socket, threading.Thread, list[float]]:
    server = socket.create_server(("127.0.0.1", 0))
    last_byte: list[float] = []

    def serve() -> None:
        for _ in range(ROUNDS):
            conn, _ = server.accept()
            with conn:
                while conn.recv(1 << 16):
                    last = time.perf_counter()
                last_byte.append(last)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return server, thread, last_byte


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        counter = make_counter(Path(tmp) / "t", catalog=small_catalog(rows_per_section=8, seats_per_row=20))
        # Seats allocated to the outlet (row 2 of B is another outlet's; A-1-5 is blocked).
        pool = [f"{sec}-{r}-{n}" for sec in "AB" for r in range(1, 9) for n in range(1, 21)]
        pool = [s for s in pool if not s.startswith("B-2-") and s != "A-1-5"]
        for paper in (58, 80):
            for mode in ("text", "raster"):
                server, thread, last_byte = _listener()
                profile = PrinterProfile(
                    name="B",
                    connection="network",
                    host="127.0.0.1",
                    port=server.getsockname()[1],
                    paper=paper,
                    mode=mode,
                )
                starts, sizes = [], []
                for _ in range(ROUNDS):
                    items = [CartItem("adult", seat_id=pool.pop()) for _ in range(4)]
                    sale = sell(
                        counter.store,
                        performance_id="P-CONCERT",
                        items=items,
                        tenders=[Tender("cash", Money(500000))],
                        actor=counter.clerk,
                        signer=counter.signer,
                        now=NOW,
                    )
                    starts.append(time.perf_counter())
                    sizes.append(
                        print_order(counter.store, order=sale.order_id, printer=profile, now=NOW).byte_count
                    )
                thread.join(10)
                server.close()
                times = [b - a for a, b in zip(starts, last_byte, strict=True)]
                print(
                    f"{paper} mm {mode:<6}: commit->last byte median {statistics.median(times) * 1000:7.1f} ms, "
                    f"max {max(times) * 1000:7.1f} ms, {statistics.median(sizes) / 1024:6.1f} KiB per order "
                    f"(4 tickets + receipt); paper feed ~{5 * 0.3:.1f}-{5 * 0.6:.1f} s"
                )
        counter.store.close()


if __name__ == "__main__":
    main()
