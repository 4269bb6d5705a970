"""The main window: sign-in, the modes, the status bar, auto-lock after idle."""

from __future__ import annotations

import logging
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

from pos.cash.shifts import current_shift
from pos.errors import PosError
from pos.staff.access import StaffSession
from pos.store.settings import customer_display_enabled
from ui import keys
from ui.bridge import Bridge, TerminalStatus
from ui.context import AppContext
from ui.customer_display import CustomerDisplay
from ui.errors import show_error
from ui.screens.door_mode import DoorMode
from ui.screens.orders import OrdersScreen
from ui.screens.pickup import PickupScreen
from ui.screens.sell import SellScreen
from ui.screens.settings import SettingsScreen
from ui.screens.shift import ShiftScreen
from ui.screens.signin import SignInScreen
from ui.widgets.help import HelpDialog

if TYPE_CHECKING:
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
    language_switch_requested = Signal(str)  # "zh" | "en", already saved: rebuild in it

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

        self.signin = SignInScreen(self.bridge)
        self.sell = SellScreen(self.bridge)
        self.modes = QTabWidget()
        self.modes.setObjectName("modes")
        self.modes.addTab(self.sell, self.tr("Sell"))
        self.pickup = PickupScreen(
            ctx, self.bridge.runner, client=self._pickup_client, actor=lambda: self.session
        )
        self.modes.addTab(self.pickup, self.tr("Pickup"))
        self.door = DoorMode(ctx)
        self.modes.addTab(self.door, self.tr("Door"))
        self.shift = ShiftScreen(self.bridge)
        self.modes.addTab(self.shift, self.tr("Shift && close-out"))
        self.settings = SettingsScreen(self.bridge)
        self.modes.addTab(self.settings, self.tr("Settings"))
        self.orders = OrdersScreen(self.bridge)
        self.modes.addTab(self.orders, self.tr("Orders && refunds"))
        self.customer_display = CustomerDisplay(self.sell)
        self._display_wanted = True
        # Offline, the clerk must see it at a glance: only the outlet's allocation sells.
        self.offline_banner = QLabel()
        self.offline_banner.setObjectName("offlineBanner")
        self.offline_banner.setWordWrap(True)
        self.offline_banner.setStyleSheet(
            "QLabel#offlineBanner { background: #b26a00; color: white; padding: 6px; font-weight: bold; }"
        )
        self.offline_banner.setVisible(False)
        self._enrolled = False
        working = QWidget()
        wlay = QVBoxLayout(working)
        wlay.setContentsMargins(0, 0, 0, 0)
        wlay.addWidget(self.offline_banner)
        wlay.addWidget(self.modes, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.signin)
        self.pages.addWidget(working)
        self.setCentralWidget(self.pages)

        self.net_label = QLabel()
        self.net_label.setObjectName("netStatus")
        self.queue_label = QLabel()
        self.queue_label.setObjectName("queueStatus")
        self.clerk_label = QLabel()
        self.clerk_label.setObjectName("clerkStatus")
        self.sync_label = QLabel(self.tr("Last sync: never"))
        self.sync_label.setObjectName("syncStatus")
        self.printer_label = QLabel()
        self.printer_label.setObjectName("printerStatus")
        self.shift_label = QLabel(self.tr("Shift: —"))
        self.sync_dialog: QProgressDialog | None = None
        self.sync_error: QMessageBox | None = None
        self._sync_error_code = ""
        self._printer_problem = ""
        bar = self.statusBar()
        for label in (
            self.net_label,
            self.queue_label,
            self.sync_label,
            self.printer_label,
            self.clerk_label,
            self.shift_label,
        ):
            bar.addPermanentWidget(label)

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        self.set_idle_lock(ctx.idle_lock_seconds)
        self._idle = _IdleWatcher(self.idle_timer, self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._idle)

        self.signin.signed_in.connect(self._on_signed_in)
        self.shift.changed.connect(self._refresh_shift)
        self.orders.changed.connect(self._refresh_shift)
        self.orders.exchanged.connect(
            lambda result: self.bridge.print_order(result.new_order_id, self.session)
        )
        self.modes.currentChanged.connect(self._mode_shown)
        self.pickup.collected.connect(lambda result: self.bridge.print_pickup(result, self.session))
        self.settings.language_chosen.connect(self.language_switch_requested)
        self.settings.customer_display_changed.connect(self._place_customer_display)
        app_gui = QGuiApplication.instance()
        if isinstance(app_gui, QGuiApplication):
            app_gui.screenAdded.connect(lambda _s: self._place_customer_display(self._display_wanted))
            app_gui.screenRemoved.connect(lambda _s: self._place_customer_display(self._display_wanted))
        self.bridge.status_changed.connect(self._on_status)
        self.bridge.sync_started.connect(self._on_sync_started)
        self.bridge.sync_progress.connect(self._on_sync_progress)
        self.bridge.synced.connect(self._on_synced)
        self.bridge.enrolled.connect(self._on_enrolled)
        self.bridge.sync_failed.connect(self._on_sync_failed)
        self.bridge.printed.connect(self._on_printed)
        self.bridge.failed.connect(self._on_failed)
        QShortcut(QKeySequence(keys.HELP), self, activated=self.show_help)
        QShortcut(QKeySequence(keys.LOCK), self, activated=self.lock)
        for i in range(self.modes.count()):
            QShortcut(QKeySequence(f"Alt+{i + 1}"), self, activated=lambda i=i: self._go_mode(i))

        self.signin.reset()
        self._update_clerk()
        self.resize(1366, 768)
        self.bridge.start_status_polling()
        self.bridge.start_sync(ctx.sync_interval_seconds * 1000)
        self._refresh_shift()
        store = ctx.store
        self.bridge.runner.read(
            "settings", lambda: customer_display_enabled(store), self._place_customer_display
        )

    # --- session and lock ----------------------------------------------------------------

    def _mode_shown(self, _index: int) -> None:
        if self.modes.currentWidget() is self.orders:
            self.orders.focus_search()

    def _refresh_shift(self) -> None:
        store = self.ctx.store
        self.bridge.runner.read(
            "shift", lambda: current_shift(store), self._show_shift, lambda exc: log.warning("shift: %s", exc)
        )

    def _show_shift(self, shift: object) -> None:
        if shift is None:
            self.shift_label.setText(self.tr("Shift: none open"))
            return
        opened = shift.opened_at.astimezone(self.ctx.info.zone).strftime("%H:%M")  # type: ignore[attr-defined]
        self.shift_label.setText(
            self.tr("Shift: open since %1 (%2)").replace("%1", opened).replace("%2", shift.opened_by)  # type: ignore[attr-defined]
        )

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
        if self.session is not None and self.session.staff_id != session.staff_id:
            self.sell.reset_sale()  # another person: not the previous clerk's cart
        self.session = session
        self.sell.set_session(session)
        self.shift.set_session(session)
        self.orders.set_session(session)
        self._update_clerk()
        self.pages.setCurrentWidget(self.modes.parentWidget())
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

    # --- status bar ----------------------------------------------------------------------

    def _update_clerk(self) -> None:
        if self.session is None:
            self.clerk_label.setText(self.tr("Not signed in"))
        else:
            self.clerk_label.setText(
                self.tr("Clerk: %1").replace("%1", f"{self.session.name} ({self.session.staff_id})")
            )

    def _on_status(self, status: TerminalStatus) -> None:
        c = status.connectivity
        if c.since is None:
            text = self.tr("Offline: never synced")
        else:
            since = c.since.astimezone(self.ctx.info.zone).strftime("%m-%d %H:%M")
            text = (self.tr("Online since %1") if c.online else self.tr("Offline since %1")).replace(
                "%1", since
            )
        self.net_label.setText(text)
        self.net_label.setProperty("online", c.online)
        self.sell.set_online(c.online)
        self.offline_banner.setVisible(self._enrolled and not c.online)
        if self._enrolled and not c.online:
            self.offline_banner.setText(
                text
                + " — "
                + self.tr("selling from this outlet's allocation only; sales upload when central is back.")
            )
        self.net_label.setToolTip(c.reason)
        self.queue_label.setText(self.tr("%n order(s) queued", "", status.queued))
        if c.last_success is not None:
            self.sync_label.setText(
                self.tr("Last sync %1").replace(
                    "%1", c.last_success.astimezone(self.ctx.info.zone).strftime("%m-%d %H:%M")
                )
            )
        if not status.printer:
            self.printer_label.setText(self.tr("No printer"))
            self.printer_label.setToolTip(self.tr("No printer profile is set up: sales are not printed."))
        elif self._printer_problem:
            self.printer_label.setText(self.tr("Printer %1: failed").replace("%1", status.printer))
            self.printer_label.setToolTip(self._printer_problem)
        else:
            self.printer_label.setText(self.tr("Printer %1: ready").replace("%1", status.printer))
            self.printer_label.setToolTip("")

    # --- background sync -----------------------------------------------------------------

    def _on_sync_started(self, first_run: bool) -> None:
        if not first_run or self.sync_dialog is not None:
            return
        dialog = QProgressDialog(self.tr("Loading the catalog from central…"), "", 0, 0, self)
        dialog.setObjectName("firstSyncProgress")
        dialog.setWindowTitle(self.tr("First sync"))
        dialog.setCancelButton(None)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.sync_dialog = dialog
        dialog.open()

    def _on_sync_progress(self, feed: str, done: int, total: int) -> None:
        dialog = self.sync_dialog
        if dialog is None:
            return
        names = {
            "keys": self.tr("signing keys"),
            "catalog": self.tr("catalog"),
            "allocations": self.tr("allocations"),
            "revocations": self.tr("revoked tickets"),
            "outbox": self.tr("queued orders"),
            "seats": self.tr("seat status"),
        }
        what = names.get(feed, feed)
        if total > 0:
            dialog.setRange(0, total)
            dialog.setValue(min(done, total))
            dialog.setLabelText(
                self.tr("Syncing %1: %2 of %3")
                .replace("%1", what)
                .replace("%2", str(done))
                .replace("%3", str(total))
            )
        else:
            dialog.setRange(0, 0)
            dialog.setLabelText(
                self.tr("Syncing %1: %2 item(s)").replace("%1", what).replace("%2", str(done))
            )

    def _close_sync_dialog(self) -> bool:
        dialog, self.sync_dialog = self.sync_dialog, None
        if dialog is None:
            return False
        dialog.close()
        dialog.deleteLater()
        return True

    def _on_synced(self, report: object) -> None:
        from sync.pull import SyncReport
        from sync.transport import CentralUnreachable

        assert isinstance(report, SyncReport)
        first_run = self._close_sync_dialog()
        if report.online:
            self._sync_error_code = ""
            if report.skew_warning:
                self.statusBar().showMessage(
                    self.tr(
                        "This terminal's clock is off by %1 s: ask a supervisor to set it right."
                    ).replace("%1", f"{abs(report.skew_seconds or 0):.0f}"),
                    30_000,
                )
        elif first_run:  # offline later is shown in the status bar; a first run must say so
            self._report_sync_error(CentralUnreachable(report.error or "central unreachable"))
        self.sell.refresh_after_sync()

    def _on_sync_failed(self, exc: BaseException) -> None:
        self._close_sync_dialog()
        self._report_sync_error(exc)
        self.sell.refresh_after_sync()

    def _report_sync_error(self, exc: BaseException) -> None:
        """One dialog per kind of trouble, not one a minute while it lasts."""
        code = str(getattr(exc, "code", "internal"))
        if code == self._sync_error_code:
            return
        self._sync_error_code = code
        self.sync_error = show_error(self, exc)

    # --- printing ------------------------------------------------------------------------

    def _on_printed(self, _request: int, _done: object) -> None:
        self._printer_problem = ""
        self.bridge.refresh_status()

    def _on_failed(self, _request: int, what: str, exc: BaseException) -> None:
        if what == "print":
            from ui.errors import describe

            self._printer_problem = describe(exc).text
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

    def widget_for_mode(self, index: int) -> QWidget:
        return self.modes.widget(index)
