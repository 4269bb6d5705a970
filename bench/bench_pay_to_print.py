"""From the clerk's pay key to "printed, confirmed", in the real app, offscreen.

The counter app sells 2 standing tickets paid in exact cash, N times; the printer is the
tests' fake ESC/POS network printer on loopback (tests/printing/fakeprinter.py), which
answers the status queries (DLE EOT) asked before and after each job. For each sale it
times, from the Enter that takes the payment:
  - sale committed (the ``sold`` signal on the UI thread),
  - job sent (every byte written and the job recorded ``sent``: what used to count as printed),
  - printed, confirmed (the printer answered ready after the job, the job recorded
    ``confirmed``, and the app told: ``print_done``).
Baseline in the same run: the core's ``sell`` alone, called directly (no Qt, no printer).

    .venv/bin/python bench/bench_pay_to_print.py [--sales 30]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _numbers import pct
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


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
    from pos.tickets import printjobs
    from pos.tickets.printjobs import save_printer_profile
    from tests.factories import CLERK, NOW, make_counter, small_catalog
    from tests.printing.fakeprinter import FakePrinter
    from ui.app import install_language
    from ui.context import AppContext
    from ui.main_window import MainWindow

    folder = Path(tempfile.mkdtemp(prefix="bench-pay-"))
    counter = make_counter(folder / "terminal", catalog=_roomy(small_catalog(), 4 * args.sales + 10))
    printer = FakePrinter("ready")
    profile = printer.profile(name="P1", mode="text", timeout=5.0)
    save_printer_profile(counter.store, name="P1", settings=profile.to_settings())
    sent_at: list[float] = []
    mark_sent = printjobs.mark_sent

    def timed_mark_sent(*args: object, **kw: object) -> object:  # the moment a job becomes "sent"
        out = mark_sent(*args, **kw)  # type: ignore[arg-type]
        sent_at.append(time.perf_counter())
        return out

    printjobs.mark_sent = timed_mark_sent  # type: ignore[assignment]

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
    sent: list[float] = []
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
        wait(lambda n=n: len(done_at) > n and len(sent_at) > n)
        committed.append((sold_at[n] - t0) * 1000)
        sent.append((sent_at[n] - t0) * 1000)
        printed.append((done_at[n] - t0) * 1000)
        sell_screen.choose(model.performance(rows.index("P-CONCERT")))
        wait(lambda: sell_screen.detail is not None and sell_screen.seat_map is not None)

    statuses = [j.status for j in printjobs.jobs(counter.store, limit=args.sales)]
    assert statuses == ["confirmed"] * args.sales, statuses
    print(f"{args.sales} sales of 2 standing tickets, exact cash; fake network printer on loopback (text mode)")
    print("baseline (same run): the core's sale alone")
    line("sell() call", base)
    print("counter app, from the pay key:")
    line("sale committed (UI told)", committed)
    line("job sent (last byte out, 'sent')", sent)
    line("printed, confirmed (UI told)", printed)
    line("  confirmation's own cost", [p - s for p, s in zip(printed, sent, strict=True)])
    w.shutdown()
    counter.store.close()
    printer.close()


if __name__ == "__main__":
    main()
