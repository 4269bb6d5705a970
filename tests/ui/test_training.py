"""Issue 25, training mode in the app: the supervisor switches it on in Settings and the app
reopens on the training store under the 培训模式 / TRAINING banner (the customer display too),
its sandbox central served by the app; a trainee walks the guided exercises, the sales held
and the pickup collected at the sandbox, and sees each ticked; switching off returns to the
real store, whose journal gained only the two switch entries, and throws the sandbox away."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from paygate.democodes import WECHAT as WECHAT_CODES
from paygate.democodes import Scenario
from pos.journal.chain import entries
from pos.store.db import open_store
from pos.training import EXERCISES, start_training, training_dir
from pos.training.mode import SANDBOX_FOLDER
from poscli.sandbox import run_sandbox
from sync.enrol import central_link
from sync.sandbox import address as sandbox_address
from tests.factories import CLERK, NOW, SUPERVISOR, make_counter, open_shift_for
from tests.ui.helpers import performance_shown, sign_in
from tests.ui.test_realname import GOOD, OTHER


def _head(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT max(seq) FROM journal").fetchone()[0])
    finally:
        con.close()


def test_settings_switch_reopens_on_the_training_store_and_back(qtbot: Any, counter: Any, data_dir: Path) -> None:
    from ui.app import Shell, build_context, ensure_app, install_language

    app = ensure_app()
    install_language(app, "en")
    counter.store.close()
    base = replace(
        build_context(data_dir, language="en", sandbox=run_sandbox), clock=lambda: NOW, idle_lock_seconds=0
    )
    assert not base.training
    before = _head(base.store.path)
    shell = Shell(base, app, base=base)  # its windows are replaced (deleteLater): not qtbot's
    assert shell.window.training_banner is None and shell.window.training is None
    switch = shell.window.settings.training
    switch.supervisor.setText(CLERK[0])  # a clerk cannot
    switch.pin.setText(CLERK[1])
    switch.allow_drawer.setChecked(False)
    switch.submit()
    qtbot.waitUntil(lambda: not shell.window.bridge.runner.busy, timeout=5000)
    assert not shell.ctx.training
    switch.supervisor.setText(SUPERVISOR[0])
    switch.pin.setText(SUPERVISOR[1])
    with qtbot.waitSignal(shell.window_replaced, timeout=10000):
        switch.submit()
    window = shell.window
    assert shell.ctx.training and shell.ctx.store.data_dir == training_dir(data_dir)
    served = sandbox_address(training_dir(data_dir))  # the app serves the training store's sandbox
    assert served is not None and central_link(shell.ctx.store) is not None
    assert central_link(shell.ctx.store).url == served.url  # type: ignore[union-attr]
    assert window.training_banner is not None and "培训模式 / TRAINING" in window.training_banner.text()
    assert window.customer_display.training_banner is not None
    assert window.modes.indexOf(window.training) >= 0
    window.show()
    qtbot.waitUntil(window.training_banner.isVisible, timeout=3000)  # over the sign-in page too
    started = _head(base.store.path)
    assert started == before + 1

    switch = window.settings.training
    assert switch.button.text() == "Stop training"
    switch.supervisor.setText(SUPERVISOR[0])
    switch.pin.setText(SUPERVISOR[1])
    with qtbot.waitSignal(shell.window_replaced, timeout=10000):
        switch.submit()
    assert not shell.ctx.training and shell.ctx.store is base.store
    assert sandbox_address(training_dir(data_dir)) is None  # stopped with training…
    assert not (training_dir(data_dir) / SANDBOX_FOLDER).exists()  # …and thrown away
    assert shell.window.training_banner is None
    assert [e.kind for e in entries(base.store, after=before)] == ["training_started", "training_stopped"]
    shell.shutdown()
    shell.window.close()
    base.store.close()


@pytest.fixture
def today(data_dir: Path) -> Iterator[Any]:
    """A terminal whose catalog is on sale now: the sandbox central judges sales windows by
    its own (the real) clock."""
    counter = make_counter(data_dir, now=datetime.now(UTC))
    yield counter
    counter.store.close()


@pytest.fixture
def trainee(qtbot: Any, today: Any, data_dir: Path) -> Iterator[Any]:
    from ui.app import build_context, ensure_app, install_language
    from ui.main_window import MainWindow

    counter = today
    now = datetime.now(UTC)
    start_training(counter.store, supervisor_id=SUPERVISOR[0], pin=SUPERVISOR[1], now=now, offline_pickups=False)
    folder = training_dir(data_dir)
    with run_sandbox(folder):  # as the app's Shell serves it
        practice = open_store(folder)
        open_shift_for(practice, counter.clerk, now=now)  # the trainee's drawer, counted in by the supervisor
        practice.close()
        ctx = replace(build_context(data_dir, language="en", sandbox=run_sandbox), idle_lock_seconds=0)
        assert ctx.training and central_link(ctx.store) is not None
        install_language(ensure_app(), "en")
        w = MainWindow(ctx)
        qtbot.addWidget(w)
        w.show()
        yield w
        w.shutdown()
        ctx.store.close()


def _press(qtbot: Any, k: Qt.Key, text: str = "") -> None:
    target = QApplication.focusWidget()
    assert target is not None
    if text:
        qtbot.keyClicks(target, text)
    else:
        qtbot.keyClick(target, k)


def _choose(qtbot: Any, window: Any, performance_id: str) -> Any:
    sell = window.sell
    window.modes.setCurrentWidget(sell)
    model = sell.browser.model
    rows = [model.performance(r).performance_id for r in range(model.rowCount())]
    sell.choose(model.performance(rows.index(performance_id)))
    qtbot.waitUntil(lambda: performance_shown(sell), timeout=5000)
    return sell


def _ticked(qtbot: Any, window: Any, key: str) -> None:
    window.modes.setCurrentWidget(window.training)
    qtbot.waitUntil(lambda: key in window.training.done_keys(), timeout=5000)


def test_a_trainee_walks_the_checklist(qtbot: Any, trainee: Any, today: Any, data_dir: Path) -> None:
    window = trainee
    counter = today
    real_head = _head(counter.store.path)
    sign_in(qtbot, window)
    window.modes.setCurrentWidget(window.training)
    qtbot.waitUntil(lambda: window.training.list.count() == len(EXERCISES), timeout=5000)
    assert window.training.done_keys() == set()

    # 1. A standing sale for cash (the keys of tests/ui/test_sell.py).
    sell = _choose(qtbot, window, "P-CONCERT")
    sell.map_view.setFocus()
    _press(qtbot, Qt.Key.Key_F4)
    _press(qtbot, Qt.Key.Key_2, "2")
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(sell.cart.pay.isEnabled, timeout=5000)
    sell.pay()
    qtbot.waitUntil(lambda: sell.payment is not None and sell.payment.isVisible(), timeout=3000)
    with qtbot.waitSignal(sell.ready, timeout=30000):
        qtbot.keyClick(sell.payment.cash, Qt.Key.Key_Return)
    _ticked(qtbot, window, "standing_cash")

    # 2. A seated sale by card.
    sell = _choose(qtbot, window, "P-CONCERT")
    sell.map_view.setFocus()
    _press(qtbot, Qt.Key.Key_2, "2")
    _press(qtbot, Qt.Key.Key_B)
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(sell.cart.pay.isEnabled, timeout=5000)
    sell.pay()
    qtbot.waitUntil(lambda: sell.payment is not None and sell.payment.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is sell.payment.cash, timeout=3000)
    _press(qtbot, Qt.Key.Key_F9)  # the whole total by card
    _press(qtbot, Qt.Key.Key_unknown, "A1B2C3")
    focused = QApplication.focusWidget()
    with qtbot.waitSignal(sell.ready, timeout=30000, raising=False) as sold:
        _press(qtbot, Qt.Key.Key_Return)
    assert sold.signal_triggered, (
        sell.banner.text(), focused and focused.objectName(), type(focused).__name__,
        sell.payment and (sell.payment.card.text(), sell.payment.card_ref.text(), sell.payment.cash.text(),
                          sell.payment.problem.text(), sell.payment.isVisible()),
        [(w.objectName(), type(w).__name__) for w in QApplication.topLevelWidgets() if w.isVisible()],
    )
    card_order = str(sell.banner.property("orderId"))
    _ticked(qtbot, window, "seated_card")

    # 2b. A sale by mobile pay: the scanner reads a demo payment code into the payment screen,
    # charged at the sandbox's practice wallet gateway (never a real merchant's).
    assert set(window.ctx.wallets) == {"wechat", "alipay"}
    sell = _choose(qtbot, window, "P-CONCERT")
    sell.map_view.setFocus()
    _press(qtbot, Qt.Key.Key_F4)
    _press(qtbot, Qt.Key.Key_1, "1")
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(sell.cart.pay.isEnabled, timeout=5000)
    sell.pay()
    qtbot.waitUntil(lambda: sell.payment is not None and sell.payment.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is sell.payment.cash, timeout=3000)
    assert sell.quote is not None
    with qtbot.waitSignal(sell.ready, timeout=30000, raising=False) as sold:
        _press(qtbot, Qt.Key.Key_unknown, WECHAT_CODES[Scenario.SUCCESS])
        _press(qtbot, Qt.Key.Key_Return)
    assert sold.signal_triggered, (sell.banner.text(), sell.payment and sell.payment.problem.text())
    _ticked(qtbot, window, "mobile_pay")

    # 3. A real-name sale (the holders' dialog of tests/ui/test_realname.py).
    sell = _choose(qtbot, window, "P-MATCH")
    sell.map_view.setFocus()
    qtbot.keyClicks(sell.map_view, "2")
    qtbot.keyClick(sell.map_view, Qt.Key.Key_B)
    qtbot.keyClick(sell.map_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sell.holders is not None and sell.holders.isVisible(), timeout=5000)
    dialog = sell.holders
    for row, (name, number) in enumerate((GOOD, OTHER)):
        dialog.names[row].setText(name)
        dialog.numbers[row].setText(number)
    with qtbot.waitSignal(dialog.holders_entered, timeout=3000):
        qtbot.keyClick(dialog.numbers[1], Qt.Key.Key_Return)
    qtbot.waitUntil(sell.cart.pay.isEnabled, timeout=5000)
    sell.pay()
    qtbot.waitUntil(lambda: sell.payment is not None and sell.payment.isVisible(), timeout=3000)
    with qtbot.waitSignal(sell.ready, timeout=30000):
        qtbot.keyClick(sell.payment.cash, Qt.Key.Key_Return)
    _ticked(qtbot, window, "real_name")

    # 4. A pickup: one of the web orders the sandbox central took for this outlet.
    codes = window.training.pickups.text().split(": ", 1)[1].split()
    assert codes and all(len(c) == 8 for c in codes)
    pickup = window.pickup
    window.modes.setCurrentWidget(pickup)
    pickup.code.setText(codes[0])
    with qtbot.waitSignal(pickup.found, timeout=5000):
        pickup.find_button.click()
    with qtbot.waitSignal(pickup.collected, timeout=5000):
        pickup.collect_button.click()
    _ticked(qtbot, window, "pickup")

    # 5. A refund, approved by a supervisor at the counter.
    orders = window.orders
    window.modes.setCurrentWidget(orders)
    number = _order_number(window, card_order)
    orders.search.clear()
    qtbot.keyClicks(orders.search, number)
    with qtbot.waitSignal(orders.found, timeout=5000):
        qtbot.keyClick(orders.search, Qt.Key.Key_Return)
    orders.tickets.selectRow(0)
    qtbot.keyClick(orders, Qt.Key.Key_F5)
    qtbot.waitUntil(orders.confirm_box.isVisible, timeout=5000)
    qtbot.keyClick(orders, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: orders.approval is not None and orders.approval.isVisible(), timeout=5000)
    orders.approval.supervisor.setText(SUPERVISOR[0])
    orders.approval.pin.setText(SUPERVISOR[1])
    with qtbot.waitSignal(orders.refunded, timeout=5000):
        orders.approval.submit()
    _ticked(qtbot, window, "refund")

    # 6. Close the shift (a clerk's blind count, confirmed).
    shift = window.shift
    window.modes.setCurrentWidget(shift)
    qtbot.waitUntil(shift.close_button.isEnabled, timeout=5000)
    qtbot.keyClicks(shift.count_edit, "500")
    qtbot.mouseClick(shift.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(shift.confirm_box.isVisible, timeout=5000)
    with qtbot.waitSignal(shift.changed, timeout=5000):
        qtbot.mouseClick(shift.confirm_box.confirm_button, Qt.MouseButton.LeftButton)
    _ticked(qtbot, window, "shift_close")

    assert window.training.done_keys() == {e.key for e in EXERCISES}
    assert f"{len(EXERCISES)} of {len(EXERCISES)} done" == window.training.count.text()
    window.training.save.click()
    result = (training_dir(data_dir) / "training-result.txt").read_text(encoding="utf-8")
    assert result.count("[x]") == len(EXERCISES)
    # None of it touched the real store; all of it reached the sandbox central.
    assert _head(counter.store.path) == real_head
    sandbox = training_dir(data_dir) / SANDBOX_FOLDER / "central.sqlite"
    qtbot.waitUntil(lambda: not window.bridge.syncing, timeout=15000)
    with qtbot.waitSignal(window.bridge.synced, timeout=15000):  # the refund goes up
        assert window.bridge.sync_now()
    assert _count(sandbox, "SELECT count(*) FROM refunds") == 1
    assert card_order in {r[0] for r in _all(sandbox, "SELECT id FROM orders WHERE kind != 'online'")}
    assert _count(sandbox, "SELECT count(*) FROM orders WHERE collected_at IS NOT NULL") == 1
    assert _count(sandbox, "SELECT count(*) FROM holds") >= 3  # every sale was held there first


def _all(path: Path, query: str) -> list[Any]:
    con = sqlite3.connect(path)
    try:
        return list(con.execute(query))
    finally:
        con.close()


def _count(path: Path, query: str) -> int:
    return int(_all(path, query)[0][0])


def _order_number(window: Any, order_id: str) -> str:
    con = sqlite3.connect(window.ctx.store.path)
    try:
        return str(con.execute("SELECT number FROM sale_order WHERE id = ?", (order_id,)).fetchone()[0])
    finally:
        con.close()
