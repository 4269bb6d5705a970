"""Render every screen of the counter app to PNG, offscreen, in both languages and at
1366×768 and 1920×1080, for review.

    .venv/bin/python scripts/screenshots.py [--out shots/]

It sets up a standalone demo terminal (`pos demo`) in a temporary data folder, signs in
the demo clerk, and walks the screens with real data: sign-in, the sell screen (browser,
a seated performance with seats in the cart, payment, the change due, the 60,700-seat
stadium with its real-name holders, a standing cart), an error dialog, the key list, the
supervisor's approval, the printer question, the lock screen, every mode tab of the main
window (Pickup, Door, Shift, Settings, Orders and any added), the confirm bars of the shift
and of a refund, an order found, the door's verdicts, the training checklist, the offline
banner and the customer display. Each size gets the type scale the app would choose for
it (ui/theme). Writes ``<out>/<lang>-<size>-<screen>.png`` and prints the list.
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

SIZES = ((1366, 768), (1920, 1080))
LANGUAGES = ("zh", "en")


def settle(ms: int = 50) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(check: Callable[[], bool], timeout_ms: int = 10_000) -> None:
    waited = 0
    while not check():
        if waited > timeout_ms:
            raise SystemExit("the app did not get there in time")
        settle(25)
        waited += 25


def demo_data() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="pos-shots-"))
    subprocess.run(
        [sys.executable, "-m", "poscli", "--data-dir", str(folder), "demo", "--standalone"],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    return folder


class Shooter:
    def __init__(self, out: Path, prefix: str) -> None:
        self.out, self.prefix = out, prefix
        self.written: list[Path] = []

    def __call__(self, name: str, widget: QWidget) -> None:
        settle(60)
        path = self.out / f"{self.prefix}-{name}.png"
        if not widget.grab().save(str(path)):
            raise SystemExit(f"could not write {path}")
        self.written.append(path)


def choose(sell: object, performance_id: str) -> None:
    model = sell.browser.model  # type: ignore[attr-defined]
    sell.browser.search.clear()  # type: ignore[attr-defined]
    sell.browser.reload()  # type: ignore[attr-defined]
    wait_for(lambda: model.rowCount() > 0)
    rows = [model.performance(r).performance_id for r in range(model.rowCount())]
    sell.choose(model.performance(rows.index(performance_id)))  # type: ignore[attr-defined]
    wait_for(lambda: sell.seat_map is not None and sell.detail is not None)  # type: ignore[attr-defined]


def on_sale(sell: object, series: str) -> str:
    """The first performance of ``series`` still on sale: the demo's first Tchaikovsky is
    tonight at 19:30 in Shanghai, closed to sales from then until the demo is made again."""
    from datetime import UTC, datetime

    model = sell.browser.model  # type: ignore[attr-defined]
    sell.browser.search.clear()  # type: ignore[attr-defined]
    sell.browser.reload()  # type: ignore[attr-defined]
    wait_for(lambda: model.rowCount() > 0)
    now = datetime.now(UTC)
    shown = [model.performance(r) for r in range(model.rowCount())]
    return next(p.performance_id for p in shown if p.performance_id.startswith(series) and p.sales_close_at > now)


def shoot_language(data_dir: Path, language: str, out: Path) -> list[Path]:
    from ui.app import ensure_app, install_language

    app = ensure_app()
    install_language(app, language)
    written: list[Path] = []
    for width, height in SIZES:
        written.extend(shoot_size(data_dir, language, out, width, height))
    return written


def shoot_size(data_dir: Path, language: str, out: Path, width: int, height: int) -> list[Path]:
    from pos.terminal import connectivity
    from poscli.demo import DEMO_CLERK, DEMO_SUPERVISOR, demo_hint
    from ui.app import build_context, ensure_app
    from ui.main_window import MainWindow
    from ui.theme import apply_theme, scale_for
    from ui.widgets.help import HelpDialog

    apply_theme(ensure_app(), scale_for(height))  # as the app decides at start on this screen

    ctx = replace(
        build_context(data_dir, language=language),
        idle_lock_seconds=0,
        demo_hint=demo_hint(),
    )
    w = MainWindow(ctx)
    w.resize(width, height)
    w.bridge.runner.failed.connect(lambda what, exc: print(f"failed {what}: {exc!r}", file=sys.stderr))
    w.show()
    shot = Shooter(out, f"{language}-{width}x{height}")
    shot("01-sign-in", w)
    w.signin.staff_id.setText(DEMO_CLERK[0])
    w.signin.pin.setText(DEMO_CLERK[2])
    w.signin.submit()
    wait_for(lambda: not w.locked)
    sell = w.sell
    wait_for(lambda: sell.browser.model.rowCount() > 0)
    shot("02-sell-browser", w)
    choose(sell, on_sale(sell, "P-TCHAIK"))
    sell.add_seat_tickets(sell.map_view.pick_best(4))
    wait_for(lambda: sell.quote is not None)
    shot("03-sell-seats-in-cart", w)
    sell.pay()
    wait_for(lambda: sell.payment is not None and sell.payment.isVisible())
    assert sell.payment is not None
    shot("04-payment", sell.payment)
    sell.payment.quick(10_000)  # the customer hands over the next ¥100
    shot("04a-payment-change", sell.payment)
    sell.payment.submit()
    wait_for(sell.side.done.isVisible)
    shot("04b-change-due", w)
    if w.findChild(QWidget, "printQuestionDialog") is not None:
        w.findChild(QWidget, "printQuestionDialog").close()
    sell.reset_sale(keep_performance=True)
    choose(sell, "P-CUPFINAL-1")
    wait_for(lambda: sell.map_view.item is not None)
    shot("05-sell-stadium", w)
    picked = sell.map_view.pick_best(4)  # shown zoomed in, the seats at a readable size
    shot("05a-stadium-best-available", w)
    from pos.sales import CartItem
    from ui.widgets.holders import HolderDialog

    # A real-name match: the holders' names and IDs are asked before it can be priced.
    holders = HolderDialog([CartItem("adult", seat_id=s) for s in picked], sell.chosen.describe_item, w)
    holders.show()
    shot("05b-real-name-holders", holders)
    holders.close()
    sell.reset_sale(keep_performance=True)
    choose(sell, "P-WFEST-1")
    if sell.detail is not None and sell.detail.areas:
        sell.quantity.setValue(2)
        sell.add_standing_tickets()
        wait_for(lambda: sell.quote is not None)
    shot("06-sell-standing", w)
    shot("07-customer-display", _sized(w.customer_display, 1024, 600))
    sell.reset_sale()
    from pos.errors import NotSellable
    from ui.errors import show_error

    box = show_error(w, NotSellable("seat sold", reason="sold"))
    shot("08-error-dialog", box)
    box.close()
    help_dialog = HelpDialog(w)
    help_dialog.resize(760, 640)
    help_dialog.show()
    shot("09-keys", help_dialog)
    help_dialog.close()
    shoot_dialogs(w, shot)
    w.lock()
    shot("10-lock", w)
    # The supervisor takes over for the other modes (the day's figures are theirs to see).
    w.signin.staff_id.setText(DEMO_SUPERVISOR[0])
    w.signin.pin.setText(DEMO_SUPERVISOR[2])
    w.signin.submit()
    wait_for(lambda: not w.locked)
    for index in range(1, w.modes.count()):
        w.modes.setCurrentIndex(index)
        screen = w.modes.widget(index)
        if hasattr(screen, "preview"):  # the shift screen: show today's figures and charts
            screen.preview()
            settle(400)
        name = screen.objectName() or f"mode{index + 1}"
        shot(f"1{index}-mode-{name}", w)
    shoot_confirmations(w, shot)
    shoot_door(ctx, w, shot, width, height)
    from ui.screens.training import TrainingScreen

    training = TrainingScreen(w.bridge)
    training.resize(width, height)
    training.show()
    shot("18-training", training)
    training.close()
    w.modes.setCurrentIndex(0)
    connectivity.record_offline(ctx.store, reason="screenshots: central unreachable")
    w._on_enrolled(True)  # as an enrolled terminal would show it
    wait_for(w.offline_banner.isVisible)
    shot("19-offline-banner", w)
    w.shutdown()
    w.close()
    w.deleteLater()
    ctx.store.close()
    return shot.written


def shoot_dialogs(w: object, shot: Shooter) -> None:
    """The supervisor's approval and the printer's question, as a clerk meets them."""
    from pos.staff.access import Permission
    from ui.ops.printing import PrintDone
    from ui.print_question import ask_came_out
    from ui.widgets.approval import ApprovalDialog

    approval = ApprovalDialog(w.bridge, Permission.REFUND, "", w)  # type: ignore[attr-defined,arg-type]
    approval.show()
    shot("09a-approval", approval)
    approval.close()
    done = PrintDone("order", printer="Counter 1", job_id="J1", documents=3, status="unconfirmed")
    box = ask_came_out(w, w.bridge, done, w.session, confirmed=lambda _d: None, reprint=lambda _j: None)  # type: ignore[attr-defined,arg-type]
    shot("09b-print-question", box)
    box.close()


def shoot_confirmations(w: object, shot: Shooter) -> None:
    """The shift's confirm bar (closing with the count said), an order found, and the
    refund's confirm bar."""
    shift, orders = w.shift, w.orders  # type: ignore[attr-defined]
    w.modes.setCurrentWidget(shift)  # type: ignore[attr-defined]
    shift.count_edit.setText("1234.50")
    shift.close_shift()
    shot("15a-shift-confirm-close", w)
    shift.confirm_box.cancel()
    w.modes.setCurrentWidget(orders)  # type: ignore[attr-defined]
    orders.search.setText("1")
    orders.lookup()
    wait_for(lambda: orders.view is not None)
    shot("15b-orders-found", w)
    orders.refund_order()
    wait_for(lambda: orders.confirm_box.pending)
    shot("15c-orders-confirm-refund", w)
    orders.cancel()


def shoot_door(ctx: object, w: object, shot: Shooter, width: int, height: int) -> None:
    """The door screen full size: a ticket admitted (green), then the same ticket again (red)."""
    from datetime import timedelta

    from pos.door import DoorValidator
    from pos.door.validator import gates_for
    from pos.tickets import TicketClaims, new_ticket_id
    from ui.screens.door import DoorScreen

    picker = w.door.performances  # type: ignore[attr-defined]
    pid = picker.itemData(0)
    gate = gates_for(ctx.store, pid)[0]  # type: ignore[attr-defined]
    at: list[object] = [None]
    validator = DoorValidator(ctx.store, performance_id=pid, gate=gate, clock=lambda: at[0])  # type: ignore[attr-defined,arg-type,return-value]
    # Issued now, under this terminal's key (registered today: a ticket "issued" a day before
    # the doors opened was refused as signed before the key was valid), scanned once the
    # doors are open.
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    at[0] = max(validator.door.doors_open_at + timedelta(minutes=10), now + timedelta(minutes=1))
    issued = int(now.timestamp())
    claims = TicketClaims(new_ticket_id(), pid, "A-1-1", gate, "adult", issued)
    code = ctx.signer.sign(claims)  # type: ignore[attr-defined]
    # Scans a minute apart, so the second scan shows the red verdict, not the first green again.
    screen = DoorScreen(
        validator, title=picker.itemText(0), sound=False, monotonic=itertools.count(0, 60).__next__
    )
    screen.resize(width, height)
    screen.show()
    try:
        screen.scan(code)
        shot("16-door-admitted", screen)
        screen.scan(code)
        shot("17-door-already-admitted", screen)
    finally:
        screen.release_inputs()
        screen.close()
        validator.close()


def _sized(widget: QWidget, width: int, height: int) -> QWidget:
    widget.resize(width, height)
    return widget


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "shots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    QApplication([sys.argv[0]])
    data_dir = demo_data()
    written: list[Path] = []
    for language in LANGUAGES:
        written += shoot_language(data_dir, language, args.out)
    QCoreApplication.processEvents()
    for path in written:
        print(path)
    print(f"{len(written)} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
