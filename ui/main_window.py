"""The main window: sign-in, the modes, the status bar, auto-lock after idle."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pos.errors import PosError
from pos.staff.access import StaffSession
from ui import keys, theme
from ui.attention import RefusedOrders
from ui.bridge import Bridge, TerminalStatus
from ui.context import AppContext
from ui.customer_display import CustomerDisplay
from ui.errors import describe
from ui.ops import cash
from ui.ops import settings as ops_settings
from ui.ops.printing import PrintDone
from ui.print_question import ask_came_out
from ui.screens.customer import CustomerScreen
from ui.screens.door_mode import DoorMode
from ui.screens.orders import OrdersScreen
from ui.screens.partner import PartnerScreen
from ui.screens.pickup import PickupScreen
from ui.screens.sell import SellScreen
from ui.screens.settings import SettingsScreen
from ui.screens.shift import ShiftScreen
from ui.screens.signin import SignInScreen
from ui.screens.training import TrainingScreen
from ui.status_bar import StatusBar
from ui.sync_feedback import SyncFeedback
from ui.wallet_upkeep import WalletUpkeep
from ui.widgets.help import HelpDialog
from ui.widgets.training_banner import TrainingBanner

if TYPE_CHECKING:
    from sync.pull import SyncReport
    from sync.transport import CentralClient

log = logging.getLogger(__name__)

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class _IdleWatcher(QObject):
    """Restarts the idle timer on any key, click, move or touch anywhere in the app."""

    def __init__(self, timer: QTimer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = timer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start()
        return False


class MainWindow(QMainWindow):
    """The counter app's window: the sign-in (and lock) page, the modes on tabs under the
    offline banner, the status bar (:mod:`ui.status_bar`) and the first sync's feedback
    (:mod:`ui.sync_feedback`)."""

    language_switch_requested = Signal(str)  # "zh" | "en", already saved: rebuild in it
    training_switch_requested = Signal(bool)  # issue 25: switched: reopen on the other store

    def __init__(self, ctx: AppContext, bridge: Bridge | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(
            self.tr("Outlet POS — %1 %2")
            .replace("%1", ctx.info.outlet_id)
            .replace("%2", ctx.info.terminal_id)
        )
        self.ctx = ctx
        self.bridge = bridge or Bridge(ctx, self)
        self.session: StaffSession | None = None
        self.print_question: QMessageBox | None = None  # "did the tickets come out?" after an exchange or pickup
        self._enrolled = False
        self._build_pages()
        self._build_status()
        self._build_idle_lock()
        self._connect()
        self.signin.reset()
        self.resize(1366, 768)
        self._start_background()

    def _build_pages(self) -> None:
        """The sign-in page, and the working page: the offline banner over the modes."""
        self.signin = SignInScreen(self.bridge)
        self.sell = SellScreen(self.bridge)
        self.modes = QTabWidget()
        self.modes.setObjectName("modes")
        self.modes.addTab(self.sell, theme.icon("sell"), self.tr("Sell"))
        self.pickup = PickupScreen(
            self.ctx, self.bridge.runner, client=self._pickup_client, actor=lambda: self.session
        )
        self.modes.addTab(self.pickup, theme.icon("pickup"), self.tr("Pickup"))
        self.door = DoorMode(self.ctx)
        self.modes.addTab(self.door, theme.icon("door"), self.tr("Door"))
        self.shift = ShiftScreen(self.bridge)
        self.modes.addTab(self.shift, theme.icon("shift"), self.tr("Shift && close-out"))
        self.settings = SettingsScreen(self.bridge)
        self.modes.addTab(self.settings, theme.icon("settings"), self.tr("Settings"))
        self.orders = OrdersScreen(self.bridge)
        self.modes.addTab(self.orders, theme.icon("orders"), self.tr("Orders && refunds"))
        # New modes go after the first six, so the clerks' Alt+1 … Alt+6 stay where they were.
        self.customer = CustomerScreen(
            self.ctx, self.bridge.runner, client=self._pickup_client, actor=lambda: self.session
        )
        self.modes.addTab(self.customer, theme.icon("customer"), self.tr("Customers"))
        self.partner = PartnerScreen(self.bridge, self._pickup_client)  # a city partner's account (issue 24)
        self.modes.addTab(self.partner, theme.icon("partner"), self.tr("Partner account"))
        self.modes.setTabVisible(self.modes.indexOf(self.partner), False)  # a city partner's only: see _on_status
        self.training: TrainingScreen | None = None
        if self.ctx.training:
            self.training = TrainingScreen(self.bridge)
            self.modes.addTab(self.training, theme.icon("training"), self.tr("Training"))
        self.customer_display = CustomerDisplay(self.sell, training=self.ctx.training)
        self._display_wanted = True
        # Offline, the clerk must see it at a glance: only the outlet's allocation sells.
        self.offline_banner = QLabel()
        self.offline_banner.setObjectName("offlineBanner")
        self.offline_banner.setWordWrap(True)
        self.offline_banner.setVisible(False)
        self.working = QWidget()
        wlay = QVBoxLayout(self.working)
        wlay.setContentsMargins(0, 0, 0, 0)
        wlay.addWidget(self.offline_banner)
        wlay.addWidget(self.modes, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.signin)
        self.pages.addWidget(self.working)
        self.training_banner: TrainingBanner | None = None
        if not self.ctx.training:
            self.setCentralWidget(self.pages)
            return
        # Training (issue 25): the banner over every page, the sign-in page included.
        self.training_banner = TrainingBanner()
        outer = QWidget()
        olay = QVBoxLayout(outer)
        olay.setContentsMargins(0, 0, 0, 0)
        olay.setSpacing(0)
        olay.addWidget(self.training_banner)
        olay.addWidget(self.pages, 1)
        self.setCentralWidget(outer)

    def _build_status(self) -> None:
        self.status_bar = StatusBar(self.ctx.info.zone)
        self.refused_orders = RefusedOrders(self)
        self.setStatusBar(self.status_bar)
        # The status bar's lines, as the tests read them from the window.
        self.net_label, self.queue_label = self.status_bar.net_label, self.status_bar.queue_label
        self.sync_label, self.printer_label = self.status_bar.sync_label, self.status_bar.printer_label
        self.clerk_label, self.shift_label = self.status_bar.clerk_label, self.status_bar.shift_label
        self.status_bar.show_clerk(self.session)
        self.sync_feedback = SyncFeedback(self)

    def _build_idle_lock(self) -> None:
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        self.set_idle_lock(self.ctx.idle_lock_seconds)
        self._idle = _IdleWatcher(self.idle_timer, self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._idle)

    def _connect(self) -> None:
        self.signin.signed_in.connect(self._on_signed_in)
        self.shift.changed.connect(self._refresh_shift)
        self.orders.changed.connect(self._refresh_shift)
        self.sell.holds.ticked.connect(self.signin.show_hold)  # a lock hides no hold
        self.orders.exchanged.connect(
            lambda result: self.bridge.print_order(result.new_order_id, self.session, done=self._ask_if_unconfirmed)
        )
        self.modes.currentChanged.connect(self._mode_shown)
        self.pickup.collected.connect(
            lambda result: self.bridge.print_pickup(result, self.session, done=self._ask_if_unconfirmed)
        )
        self.customer.open_order.connect(lambda n: self._serve(self.orders, lambda: self.orders.find_text(n)))
        self.customer.open_pickup.connect(
            lambda n, last4: self._serve(self.pickup, lambda: self.pickup.find_by_number(n, last4))
        )
        self.settings.language_chosen.connect(self.language_switch_requested)
        self.settings.training_switched.connect(self.training_switch_requested)
        self.settings.customer_display_changed.connect(self._place_customer_display)
        app_gui = QGuiApplication.instance()
        if isinstance(app_gui, QGuiApplication):
            app_gui.screenAdded.connect(lambda _s: self._place_customer_display(self._display_wanted))
            app_gui.screenRemoved.connect(lambda _s: self._place_customer_display(self._display_wanted))
        self.bridge.status_changed.connect(self._on_status)
        self.bridge.sync_started.connect(self.sync_feedback.started)
        self.bridge.sync_progress.connect(self.sync_feedback.progress)
        self.bridge.synced.connect(self._on_synced)
        self.bridge.enrolled.connect(self._on_enrolled)
        self.bridge.sync_failed.connect(self._on_sync_failed)
        self.bridge.printed.connect(self._on_printed)
        self.bridge.print_failed.connect(self._on_print_failed)
        QShortcut(QKeySequence(keys.HELP), self, self.show_help)
        QShortcut(QKeySequence(keys.LOCK), self, self.lock)
        for i in range(self.modes.count()):
            QShortcut(QKeySequence(f"Alt+{i + 1}"), self, partial(self._go_mode, i))

    def _start_background(self) -> None:
        """The status poll, the background sync, and what the status bar and the customer
        display show first."""
        self.bridge.start_status_polling()
        self.bridge.start_sync(self.ctx.sync_interval_seconds * 1000)
        self.wallet_upkeep = WalletUpkeep(self.bridge, self.ctx, self)  # issue 19: open intents, queued refunds
        self._refresh_shift()
        ops_settings.customer_display(self.ctx).success(self._place_customer_display).run(
            self.bridge.runner, self
        )

    @property
    def sync_dialog(self) -> QProgressDialog | None:
        """The first sync's progress dialog, while it is open."""
        return self.sync_feedback.dialog

    @property
    def sync_error(self) -> QMessageBox | None:
        """The last sync error shown."""
        return self.sync_feedback.error

    # --- session and lock ----------------------------------------------------------------

    def _mode_shown(self, _index: int) -> None:
        if self.modes.currentWidget() is self.orders:
            self.orders.focus_search()

    def _refresh_shift(self) -> None:
        cash.current_shift(self.ctx).success(self.status_bar.show_shift).failure(
            lambda exc: log.warning("shift: %s", exc)
        ).run(self.bridge.runner, self, supersede="status.shift")

    def _serve(self, screen: QWidget, then: Callable[[], None]) -> None:
        """The Customer screen opens an order where it is served (Orders, Pickup)."""
        self.modes.setCurrentWidget(screen)
        then()

    def _pickup_client(self) -> CentralClient | None:
        """A client for the pickup screen's requests (None: not enrolled, or no token here;
        the screen then works from this outlet's copy of its pickup orders)."""
        if not self._enrolled:
            return None
        from sync.enrol import connect

        try:
            return connect(self.ctx.store, allow_token_file=True)
        except PosError as exc:
            log.warning("pickup: no link to central: %s", exc)
            return None

    def _on_enrolled(self, linked: bool) -> None:
        self._enrolled = linked
        self.bridge.refresh_status()

    def _place_customer_display(self, enabled: bool) -> None:
        self._display_wanted = enabled
        self.customer_display.place(enabled=enabled)

    def resume(self, session: StaffSession) -> None:
        """The same person, in a window rebuilt in another language: no PIN again."""
        self._on_signed_in(session)

    def set_idle_lock(self, seconds: int) -> None:
        self._idle_ms = max(0, seconds) * 1000
        self.idle_timer.setInterval(self._idle_ms)

    @property
    def locked(self) -> bool:
        return self.pages.currentWidget() is self.signin

    def _on_signed_in(self, session: StaffSession) -> None:
        helping = self.locked and session.role.value == "supervisor"  # unlocking to help: same sale
        if self.session is not None and self.session.staff_id != session.staff_id and not helping:
            self.sell.reset_sale()  # another person: not the previous clerk's cart
        self.session = session
        self.sell.set_session(session)
        self.shift.set_session(session)
        self.orders.set_session(session)
        self.settings.set_session(session)
        self.partner.set_session(session)
        self.status_bar.show_clerk(session)
        self.pages.setCurrentWidget(self.working)
        if self._idle_ms:
            self.idle_timer.start()
        self.sell.focus_start()
        log.info("%s signed in", session.staff_id)

    def lock(self) -> None:
        if self.session is None or self.locked:
            return
        self.idle_timer.stop()
        self.shift.set_session(None)
        self.orders.set_session(None)
        self.settings.set_session(None)
        self.partner.set_session(None)
        self.signin.reset(locked_for=self.session.staff_id)
        self.pages.setCurrentWidget(self.signin)
        self.signin.pin.setFocus()
        log.info("terminal locked")

    def _go_mode(self, index: int) -> None:
        if not self.locked:
            self.modes.setCurrentIndex(index)

    def show_help(self) -> HelpDialog:
        dialog = HelpDialog(self)
        dialog.open()
        return dialog

    # --- status, sync and printing --------------------------------------------------------

    def _on_status(self, status: TerminalStatus) -> None:
        text = self.status_bar.show_status(status)
        self.modes.setTabVisible(self.modes.indexOf(self.partner), status.partner is not None)
        self.refused_orders.show_new(status.attention)
        online = status.connectivity.online
        self.sell.set_online(online)
        self.offline_banner.setVisible(self._enrolled and not online)
        if self._enrolled and not online:
            self.offline_banner.setText(
                text
                + " — "
                + self.tr("selling from this outlet's allocation only; sales upload when central is back.")
            )

    def _on_synced(self, report: SyncReport) -> None:
        self.sync_feedback.synced(report)
        self.sell.refresh_after_sync()

    def _on_sync_failed(self, exc: BaseException) -> None:
        self.sync_feedback.failed(exc)
        self.sell.refresh_after_sync()

    def _on_printed(self, _done: object) -> None:
        self.status_bar.printer_problem = ""
        self.bridge.refresh_status()

    def _ask_if_unconfirmed(self, done: PrintDone) -> None:
        """An exchange's or a pickup's tickets went to a printer that cannot confirm: ask."""
        if done.unconfirmed:
            self.print_question = ask_came_out(
                self, self.bridge, done, self.session, confirmed=lambda _d: None,
                reprint=lambda job: self.bridge.retry_print(job, done=self._ask_if_unconfirmed),
            )  # fmt: skip

    def _on_print_failed(self, exc: BaseException) -> None:
        self.status_bar.printer_problem = describe(exc).text
        self.bridge.refresh_status()

    # --- shutdown ------------------------------------------------------------------------

    def shutdown(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._idle)
        self.idle_timer.stop()
        self.customer_display.close()
        self.door.close_door()  # the door's camera, its decode thread and its peers
        self.bridge.stop()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt)
        self.shutdown()
        super().closeEvent(event)

    def widget_for_mode(self, index: int) -> QWidget | None:
        return self.modes.widget(index)
