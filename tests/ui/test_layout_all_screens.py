"""Issue 20 (must show): every screen, state and dialog of the counter app, with the demo
catalog's real (and longest) names, at 1366×768 and 1920×1080, in Chinese and English:
no label, button, field, tab or column is clipped or elided (:mod:`tests.ui.layout_check`),
and the window never needs more than the screen.

The modes are found from the main window's own registry (its mode tabs), so a screen added
there is covered without touching this test."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.helpers import performance_shown
from tests.ui.layout_check import clipped

ROOT = Path(__file__).resolve().parents[2]
# What a window manager leaves of the screen (a title bar, a panel): the window must fit it.
SCREENS = {"1366x768": (1366, 768 - 60), "1920x1080": (1920, 1080 - 40)}
STADIUM = "P-CUPFINAL-1"
STANDING = "P-WFEST-1"  # the festival: standing areas with long names, no seats


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A standalone demo terminal (`pos demo --standalone`): the real demo catalog, its staff,
    an open shift and one sale."""
    folder = tmp_path_factory.mktemp("layout-demo")
    subprocess.run(
        [sys.executable, "-m", "poscli", "--data-dir", str(folder), "demo", "--standalone"],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return folder


class Survey:
    """Looks at one screen after another and keeps what it found, by screen."""

    def __init__(self, qtbot: Any, window: Any, room: tuple[int, int]) -> None:
        self.qtbot, self.window, self.room = qtbot, window, room
        self.found: list[str] = []
        self.looked: list[str] = []

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: not self.window.bridge.runner.busy, timeout=10_000)
        for _ in range(3):  # layouts and item views resize on zero-time timers of their own
            QApplication.sendPostedEvents()
            QApplication.processEvents()

    def look(self, name: str, widget: QWidget | None = None) -> None:
        self.settle()
        target = widget or self.window
        self.looked.append(name)
        self.found += [f"[{name}] {p}" for p in clipped(target)]
        hint, size = target.minimumSizeHint(), target.size()
        width, height = self.room
        if hint.width() > width or hint.height() > height:
            self.found.append(f"[{name}] needs at least {hint.toTuple()}: more than the screen's {self.room}")
        if size.width() > width or size.height() > height:
            self.found.append(f"[{name}] is {size.toTuple()}: more than the screen's {self.room}")


def _sign_in(survey: Survey, staff: tuple[str, str, str]) -> None:
    w = survey.window
    if w.session is not None:
        w.lock()
    w.signin.staff_id.setText(staff[0])
    w.signin.pin.setText(staff[2])
    w.signin.submit()
    survey.qtbot.waitUntil(lambda: not w.locked, timeout=10_000)


def _choose(survey: Survey, performance_id: str) -> None:
    sell = survey.window.sell
    model = sell.browser.model
    rows = [model.performance(r).performance_id for r in range(model.rowCount())]
    sell.choose(model.performance(rows.index(performance_id)))
    survey.qtbot.waitUntil(lambda: performance_shown(sell) or (sell.detail is not None and sell.seat_map is not None),
                           timeout=10_000)  # fmt: skip
    survey.settle()


def _fill_cart(survey: Survey) -> None:
    """Four best seats, or two standing; priced (or, at a real-name event, the cart saying
    that holders are needed)."""
    sell = survey.window.sell
    if sell.seat_map is not None and sell.seat_map.has_seats:
        sell.add_seat_tickets(sell.map_view.pick_best(4))
    elif sell.detail is not None and sell.detail.areas:
        sell.quantity.setValue(2)
        sell.add_standing_tickets()
    survey.qtbot.waitUntil(lambda: sell.quote is not None or bool(sell.cart.problem.text()), timeout=10_000)
    survey.settle()


def _dialog(survey: Survey, name: str, make: Callable[[], QWidget]) -> None:
    dialog = make()
    dialog.show()
    survey.look(name, dialog)
    dialog.close()


def _walk_sell(survey: Survey, language: str) -> None:
    from pos.sales import CartItem
    from ui.widgets.holders import HolderDialog

    w, sell = survey.window, survey.window.sell
    survey.qtbot.waitUntil(lambda: sell.browser.model.rowCount() > 0, timeout=10_000)
    survey.look("sell: the performances")
    model = sell.browser.model
    performances = [model.performance(r) for r in range(model.rowCount())]
    sellable = [p for p in performances if model.sellable(p)]
    longest = max(sellable, key=lambda p: len(p.name(language)))
    # The longest name without real-name holders: its cart is priced and paid here.
    plain = max((p for p in sellable if not p.real_name_required), key=lambda p: len(p.name(language)))
    for perf in dict.fromkeys((longest, plain)):
        sell.reset_sale()
        _choose(survey, perf.performance_id)
        survey.look(f"sell: {perf.performance_id}, a long name")
        _fill_cart(survey)
        survey.look(f"sell: {perf.performance_id} in the cart")
    assert sell.quote is not None, sell.cart.problem.text()
    display = w.customer_display  # the customer's side of the counter, on a small second screen
    display.resize(1024, 600)
    display.show()
    survey.look("customer display", display)
    display.hide()
    sell.pay()
    survey.qtbot.waitUntil(lambda: sell.payment is not None and sell.payment.isVisible(), timeout=5000)
    payment = sell.payment
    survey.look("payment", payment)
    payment.quick(10_000)  # the next ¥100: the change shows
    survey.look("payment: change", payment)
    with survey.qtbot.waitSignal(sell.sale_completed, timeout=10_000):
        payment.submit()
    survey.qtbot.waitUntil(sell.side.done.isVisible, timeout=10_000)
    survey.look("sell: change due")
    box = w.findChild(QWidget, "printQuestionDialog")
    if box is not None and box.isVisible():
        survey.look("print question", box)
        box.close()
    sell.reset_sale()
    _choose(survey, STADIUM)
    survey.look("sell: the stadium")
    _fill_cart(survey)  # a real-name match: the cart asks for the holders
    survey.look("sell: the stadium's seats in the cart")
    seats = [i for i in sell.cart.model.items if i.seat_id] or [CartItem("adult", seat_id="SC-K-7")]
    _dialog(survey, "real-name holders", lambda: HolderDialog(seats, sell.chosen.describe_item, w))
    sell.reset_sale()
    _choose(survey, STANDING)
    for area in range(sell.area.count()):  # each standing area's name in the chooser
        sell.area.setCurrentIndex(area)
        survey.look(f"sell: standing area {area + 1}")
    _fill_cart(survey)
    survey.look("sell: standing tickets in the cart")


def _walk_modes(survey: Survey) -> None:
    """Every mode of the main window's registry, as the supervisor (who sees them all)."""
    w = survey.window
    for index in range(w.modes.count()):
        w.modes.setCurrentIndex(index)
        screen = w.modes.widget(index)
        name = screen.objectName() or w.modes.tabText(index)
        if hasattr(screen, "preview"):  # the shift screen: with today's figures
            screen.preview()
        survey.look(f"mode {name}")
    _walk_confirm_bars(survey)


def _walk_confirm_bars(survey: Survey) -> None:
    w = survey.window
    w.modes.setCurrentWidget(w.shift)
    w.shift.count_edit.setText("1234.50")
    w.shift.close_shift()
    survey.look("shift: confirm closing the shift")
    w.shift.confirm_box.cancel()
    w.shift.close_day()
    survey.look("shift: confirm closing the day")
    w.shift.confirm_box.cancel()
    w.modes.setCurrentWidget(w.orders)
    w.orders.search.setText("1")
    w.orders.lookup()
    survey.qtbot.waitUntil(lambda: w.orders.view is not None, timeout=10_000)
    survey.look("orders: an order")
    w.orders.refund_order()
    survey.qtbot.waitUntil(lambda: w.orders.confirm_box.pending, timeout=5000)
    survey.look("orders: confirm the refund")
    w.orders.cancel()


def _walk_dialogs(survey: Survey) -> None:
    from pos.errors import NotSellable
    from pos.staff.access import Permission
    from ui.errors import show_error
    from ui.ops.printing import PrintDone
    from ui.print_question import ask_came_out
    from ui.widgets.approval import ApprovalDialog
    from ui.widgets.help import HelpDialog

    w = survey.window
    _dialog(survey, "approval", lambda: ApprovalDialog(w.bridge, Permission.REFUND, w.tr("Refund"), w))
    _dialog(survey, "keys", lambda: HelpDialog(w))
    _dialog(survey, "error", lambda: show_error(w, NotSellable("seat sold", reason="sold")))
    done = PrintDone("order", printer="Counter 1 thermal printer", job_id="J1", documents=3, status="unconfirmed")
    _dialog(survey, "print question", lambda: ask_came_out(
        w, w.bridge, done, w.session, confirmed=lambda _d: None, reprint=lambda _j: None))  # fmt: skip


def _walk_door_and_training(survey: Survey) -> None:
    from tests.ui.door_states import door_screen
    from ui.screens.training import TrainingScreen

    w = survey.window
    with door_screen(w, survey.room) as (screen, scan):
        scan()
        survey.look("door: admitted", screen)
        scan()
        survey.look("door: already admitted", screen)
    training = TrainingScreen(w.bridge)
    training.resize(*survey.room)
    training.show()
    survey.look("training", training)
    training.close()


@pytest.fixture
def theme_at() -> Iterator[Callable[[int, str], None]]:
    from ui.application import ensure_app, install_language
    from ui.theme import apply_theme, scale_for

    app = ensure_app()

    def at(screen_height: int, language: str) -> None:
        install_language(app, language)
        apply_theme(app, scale_for(screen_height))

    yield at
    install_language(app, "en")
    apply_theme(app, 1.0)


@pytest.mark.slow
@pytest.mark.parametrize("size", sorted(SCREENS))
@pytest.mark.parametrize("language", ["zh", "en"])
def test_no_screen_clips_a_text(
    qtbot: Any, demo_dir: Path, theme_at: Callable[[int, str], None], language: str, size: str
) -> None:
    from pos.terminal import connectivity
    from poscli.demo import DEMO_CLERK, DEMO_SUPERVISOR, demo_hint
    from ui.app import build_context
    from ui.main_window import MainWindow

    theme_at(int(size.split("x")[1]), language)
    ctx = replace(build_context(demo_dir, language=language), idle_lock_seconds=0, demo_hint=demo_hint())
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.resize(*SCREENS[size])
    survey = Survey(qtbot, window, SCREENS[size])
    try:
        survey.look("sign-in")
        _sign_in(survey, DEMO_CLERK)
        _walk_sell(survey, language)
        window.lock()
        survey.look("lock")
        _sign_in(survey, DEMO_SUPERVISOR)
        _walk_modes(survey)
        _walk_dialogs(survey)
        _walk_door_and_training(survey)
        window.modes.setCurrentIndex(0)
        connectivity.record_offline(ctx.store, reason="layout test: central unreachable")
        window._on_enrolled(True)  # the offline banner, as an enrolled terminal shows it
        qtbot.waitUntil(window.offline_banner.isVisible, timeout=10_000)
        survey.look("offline banner")
    finally:
        window.shutdown()
        ctx.store.close()
    assert len(survey.looked) >= 20 + window.modes.count()
    assert survey.found == [], f"{len(survey.found)} clipped at {size} in {language}:\n" + "\n".join(survey.found)
