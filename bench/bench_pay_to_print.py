"""From the clerk's pay key to the printer's first byte, in the real app, offscreen.

The counter app sells 2 standing tickets paid in exact cash, N times; the printer is a
network printer on loopback (a TCP listener standing in for an ESC/POS printer on port
9100). For each sale it times, from the Enter that takes the payment:
  - sale committed (the ``sold`` signal on the UI thread),
  - print job started (the printer's first byte arrives),
  - all tickets and the receipt printed (``print_done``).
Baseline in the same run: the core's ``sell`` alone, called directly (no Qt, no printer).

    .venv/bin/python bench/bench_pay_to_print.py [--sales 30]
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _numbers import pct
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


class LoopbackPrinter:
    """Accepts connections on 127.0.0.1 and notes when each job's first byte arrives."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.first_bytes: list[float] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._job, args=(conn,), daemon=True).start()

    def _job(self, conn: socket.socket) -> None:
        with conn:
            first = True
            while True:
                data = conn.recv(65536)
                if not data:
                    return
                if first:
                    self.first_bytes.append(time.perf_counter())
                    first = False


def _roomy(node: object, places: int) -> object:
    """The test catalog with room on the floor for every sale of the run."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "standing" and isinstance(value, dict):
                node[key] = {area: places for area in value}
            elif key == "capacity" and "FLOOR" in (node.get("id"), node.get("area_id")):
                node[key] = 4 * places
            else:
                _roomy(value, places)
    elif isinstance(node, list):
        for value in node:
            _roomy(value, places)
    return node


def wait(check: object, timeout: float = 20.0) -> None:
    deadline = time.perf_counter() + timeout
    loop = QEventLoop()
    while not check():  # type: ignore[operator]
        if time.perf_counter() > deadline:
            raise SystemExit("timed out")
        QTimer.singleShot(1, loop.quit)
        loop.exec()


def line(label: str, values: list[float]) -> None:
    print(f"  {label:<34} p50 {pct(values, 50):7.1f} ms  p95 {pct(values, 95):7.1f} ms  max {max(values):7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sales", type=int, default=30)
    args = parser.parse_args()
    app = QApplication([sys.argv[0]])
    from pos.cash.tenders import Tender
    from pos.money import Money
    from pos.sales import CartItem, sell
    from pos.tickets.printjobs import save_printer_profile
    from printing.profiles import PrinterProfile
    from tests.factories import CLERK, NOW, make_counter, small_catalog
    from ui.app import install_language
    from ui.context import AppContext
    from ui.main_window import MainWindow

    folder = Path(tempfile.mkdtemp(prefix="bench-pay-"))
    counter = make_counter(folder / "terminal", catalog=_roomy(small_catalog(), 4 * args.sales + 10))
    printer = LoopbackPrinter()
    profile = PrinterProfile(name="P1", connection="network", host="127.0.0.1", port=printer.port, mode="text")
    save_printer_profile(counter.store, name="P1", settings=profile.to_settings())

    # Baseline: the core's sale alone, same store, same cart.
    base: list[float] = []
    for _ in range(args.sales):
        t = time.perf_counter()
        sell(
            counter.store,
            performance_id="P-CONCERT",
            items=[CartItem("adult", area_id="FLOOR"), CartItem("adult", area_id="FLOOR")],
            tenders=[Tender("cash", Money(100_000))],
            actor=counter.clerk,
            signer=counter.signer,
            now=NOW,
        )
        base.append((time.perf_counter() - t) * 1000)

    install_language(app, "en")
    ctx = AppContext(
        store=counter.store, info=counter.info, signer=counter.signer, clock=lambda: NOW,
        language="en", idle_lock_seconds=0,
    )  # fmt: skip
    w = MainWindow(ctx)
    w.show()
    w.signin.staff_id.setText(CLERK[0])
    w.signin.pin.setText(CLERK[1])
    w.signin.submit()
    wait(lambda: not w.locked and w.sell.browser.model.rowCount() > 0)
    sell_screen = w.sell
    model = sell_screen.browser.model
    rows = [model.performance(r).performance_id for r in range(model.rowCount())]
    sell_screen.choose(model.performance(rows.index("P-CONCERT")))
    wait(lambda: sell_screen.detail is not None and sell_screen.seat_map is not None)

    committed: list[float] = []
    first_byte: list[float] = []
    printed: list[float] = []
    sold_at: list[float] = []
    done_at: list[float] = []
    sell_screen.sale_completed.connect(lambda _r: sold_at.append(time.perf_counter()))
    sell_screen.print_done.connect(lambda _d: done_at.append(time.perf_counter()))
    for n in range(args.sales):
        sell_screen.quantity.setValue(2)
        sell_screen.add_standing_tickets()
        wait(lambda: sell_screen.quote is not None)
        sell_screen.pay()
        wait(lambda: sell_screen.payment is not None and sell_screen.payment.isVisible())
        t0 = time.perf_counter()
        QTest.keyClick(sell_screen.payment.cash, Qt.Key.Key_Return)  # the pay key
        wait(lambda n=n: len(done_at) > n and len(printer.first_bytes) > n)
        committed.append((sold_at[n] - t0) * 1000)
        first_byte.append((printer.first_bytes[n] - t0) * 1000)
        printed.append((done_at[n] - t0) * 1000)
        sell_screen.choose(model.performance(rows.index("P-CONCERT")))
        wait(lambda: sell_screen.detail is not None and sell_screen.seat_map is not None)

    print(f"{args.sales} sales of 2 standing tickets, exact cash; network printer on loopback (text mode)")
    print("baseline (same run): the core's sale alone")
    line("sell() call", base)
    print("counter app, from the pay key:")
    line("sale committed (UI told)", committed)
    line("print job started (first byte)", first_byte)
    line("tickets and receipt printed", printed)
    w.shutdown()
    counter.store.close()


if __name__ == "__main__":
    main()
