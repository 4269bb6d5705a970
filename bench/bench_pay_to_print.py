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

Then the same sale paid by a wallet (issue 19): the scanner types a demo payment code
(WeChat, then Alipay, in turn) into the payment screen, and the app charges it at the local
wallet gateway on loopback (``paygate``, the tests' gateway) before the sale commits. Timed
from the scan's Enter: sale committed, printed and confirmed; beside the cash figures above,
and beside the core's ``sell_by_wallet`` alone (gateway round trips, no Qt, no printer).

    .venv/bin/python bench/bench_pay_to_print.py [--sales 30]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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
    counter = make_counter(folder / "terminal", catalog=_roomy(small_catalog(), 10 * args.sales + 10))
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

    from tests.payments.conftest import alipay_for, live_gateway, wechat_for

    gateway_cm = live_gateway(folder / "paygate")
    gateway = gateway_cm.__enter__()
    wallets = {"wechat": wechat_for(gateway.demo, timeout=5.0), "alipay": alipay_for(gateway.demo, timeout=5.0)}
    install_language(app, "en")
    ctx = AppContext(
        store=counter.store, info=counter.info, signer=counter.signer, clock=lambda: NOW,
        language="en", idle_lock_seconds=0, wallets=wallets,
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

    mobile = _mobile(args.sales, counter, sell_screen, model, rows, sold_at, done_at, sent_at, wallets)
    statuses = [j.status for j in printjobs.jobs(counter.store, limit=2 * args.sales)]
    assert statuses == ["confirmed"] * 2 * args.sales, statuses
    print(f"{args.sales} sales of 2 standing tickets, exact cash; fake network printer on loopback (text mode)")
    print("baseline (same run): the core's sale alone")
    line("sell() call", base)
    print("counter app, from the pay key:")
    line("sale committed (UI told)", committed)
    line("job sent (last byte out, 'sent')", sent)
    line("printed, confirmed (UI told)", printed)
    line("  confirmation's own cost", [p - s for p, s in zip(printed, sent, strict=True)])
    print("wallet payment (local gateway on loopback), from the scan's Enter:")
    for label, values in mobile:
        line(label, values)
    w.shutdown()
    gateway_cm.__exit__(None, None, None)
    counter.store.close()
    printer.close()


def _mobile(
    sales: int, counter: object, sell_screen: object, model: object, rows: list[str],
    sold_at: list[float], done_at: list[float], sent_at: list[float], wallets: Any,
) -> list[tuple[str, list[float]]]:
    """The wallet sales: the core alone first, then the app from the scan's Enter."""
    from paygate.democodes import ALIPAY, WECHAT, Scenario
    from pos.money import Money
    from pos.payments.checkout import sell_by_wallet
    from pos.sales import CartItem
    from tests.factories import NOW

    c: Any = counter
    s: Any = sell_screen
    m: Any = model
    codes = {"wechat": WECHAT[Scenario.SUCCESS], "alipay": ALIPAY[Scenario.SUCCESS]}
    core: dict[str, list[float]] = {"wechat": [], "alipay": []}
    for n in range(sales):
        wallet = "wechat" if n % 2 == 0 else "alipay"
        t = time.perf_counter()
        sell_by_wallet(
            c.store, wallets=wallets, auth_code=codes[wallet], amount=Money(2 * 28500), gateway=None,
            performance_id="P-CONCERT", items=[CartItem("adult", area_id="FLOOR")] * 2, actor=c.clerk,
            signer=c.signer, clock=lambda: NOW,
        )
        core[wallet].append((time.perf_counter() - t) * 1000)
    app_times: dict[str, tuple[list[float], list[float]]] = {"wechat": ([], []), "alipay": ([], [])}
    first = len(sold_at)
    for n in range(sales):
        wallet = "wechat" if n % 2 == 0 else "alipay"
        s.quantity.setValue(2)
        s.add_standing_tickets()
        wait(lambda: s.quote is not None)
        s.pay()
        wait(lambda: s.payment is not None and s.payment.isVisible())
        QTest.keyClicks(s.payment.cash, codes[wallet])  # the scanner's digits…
        t0 = time.perf_counter()
        QTest.keyClick(s.payment.cash, Qt.Key.Key_Return)  # …and its Enter
        k = first + n
        wait(lambda k=k: len(done_at) > k and len(sent_at) > k)
        app_times[wallet][0].append((sold_at[k] - t0) * 1000)
        app_times[wallet][1].append((done_at[k] - t0) * 1000)
        s.choose(m.performance(rows.index("P-CONCERT")))
        wait(lambda: s.detail is not None and s.seat_map is not None)
    out: list[tuple[str, list[float]]] = []
    for wallet, name in (("wechat", "WeChat"), ("alipay", "Alipay")):
        out.append((f"{name}: sell_by_wallet() alone", core[wallet]))
        out.append((f"{name}: scan to sale committed", app_times[wallet][0]))
        out.append((f"{name}: scan to printed, confirmed", app_times[wallet][1]))
    return out


if __name__ == "__main__":
    main()
