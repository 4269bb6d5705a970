"""Sign in (and unlock) with a staff number and PIN; choose a new PIN when the core asks for
one (after a supervisor reset it, or a supervisor's PIN shorter than six digits)."""

from __future__ import annotations

import logging
import math
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from pos.errors import AuthError, LockedOut, PinChangeRequired
from pos.staff.access import StaffSession
from ui import theme
from ui.bridge import Bridge
from ui.context import DemoHint
from ui.errors import describe
from ui.ops import staff

log = logging.getLogger(__name__)


def exc_code(exc: BaseException) -> str:
    return str(getattr(exc, "code", ""))


class SignInScreen(QWidget):
    """Emits ``signed_in(StaffSession)``. In lock mode only the signed-in clerk (or a
    supervisor) may unlock."""

    signed_in = Signal(StaffSession)

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._locked_for: str | None = None
        self.title = QLabel(self.tr("Sign in"))
        self.title.setObjectName("screenTitle")
        self.staff_id = QLineEdit()
        self.staff_id.setObjectName("staffId")
        self.staff_id.setPlaceholderText(self.tr("Staff number"))
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(self.tr("PIN"))
        self.new_pin = QLineEdit()
        self.new_pin.setObjectName("newPin")
        self.new_pin2 = QLineEdit()
        self.new_pin2.setObjectName("newPin2")
        for field in (self.new_pin, self.new_pin2):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.button = QPushButton(self.tr("Sign in"))
        for w in (self.staff_id, self.pin, self.new_pin, self.new_pin2, self.button):
            w.setMinimumHeight(44)  # touch targets; they also keep their height beside a long error
        self.message = QLabel("")
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)
        # Locked mid-sale, the cart's hold still counts down: the clerk sees it on the lock.
        self.hold = QLabel()
        self.hold.setObjectName("lockHold")
        theme.set_tone(self.hold, "warning", banner=True)
        self.hold.hide()
        self.hint = QLabel(self._demo_text(bridge.ctx.demo_hint))
        # The demo's PINs and payment codes: the window's width, below the box (the box's width
        # would wrap them to more lines than its layout gives a label).
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.hint.setVisible(bridge.ctx.demo_hint is not None)

        form = QFormLayout()
        form.addRow(self.tr("Staff number"), self.staff_id)
        form.addRow(self.tr("PIN"), self.pin)
        form.addRow(self.tr("New PIN"), self.new_pin)
        form.addRow(self.tr("New PIN again"), self.new_pin2)
        self.form = form
        box = QWidget()
        box.setMaximumWidth(theme.px(420))
        inner = QVBoxLayout(box)
        inner.addWidget(self.title)
        inner.addLayout(form)
        inner.addWidget(self.button)
        inner.addWidget(self.message)
        inner.addWidget(self.hold)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addWidget(self.hint)
        outer.addStretch(2)

        self.staff_id.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.submit)
        self.new_pin.returnPressed.connect(self.new_pin2.setFocus)
        self.new_pin2.returnPressed.connect(self.submit)
        self.button.clicked.connect(self.submit)
        self._show_new_pin(False)

    def _demo_text(self, hint: DemoHint | None) -> str:
        if hint is None:
            return ""
        staff = (self.tr("Demo: clerk %1 PIN %2 · supervisor %3 PIN %4")
                 .replace("%1", hint.clerk[0]).replace("%2", hint.clerk[1])
                 .replace("%3", hint.supervisor[0]).replace("%4", hint.supervisor[1]))
        codes = (self.tr("Demo payment codes: WeChat Pay %1 · Alipay %2 (customer confirms: %3; balance low: %4)")
                 .replace("%1", hint.wechat).replace("%2", hint.alipay)
                 .replace("%3", hint.confirming).replace("%4", hint.balance_low))
        return f"{staff}\n{codes}"

    @property
    def changing_pin(self) -> bool:
        return self.new_pin.isVisibleTo(self)

    def _show_new_pin(self, shown: bool) -> None:
        for field in (self.new_pin, self.new_pin2):
            self.form.setRowVisible(field, shown)
            field.clear()
        self.staff_id.setReadOnly(shown)
        self.button.setText(self.tr("Save the new PIN and sign in") if shown else self.tr("Sign in"))

    def reset(self, *, locked_for: str | None = None) -> None:
        """Clear the form; ``locked_for``: the screen is a lock, unlockable by that clerk."""
        self._locked_for = locked_for
        self.title.setText(self.tr("Locked: enter your PIN") if locked_for else self.tr("Sign in"))
        self.staff_id.setText(locked_for or "")
        self._show_new_pin(False)
        self.pin.clear()
        self._say("", "")
        self.button.setEnabled(True)
        (self.pin if locked_for else self.staff_id).setFocus()

    def show_hold(self, seconds: int) -> None:
        """The cart's hold time left (-1: none), shown while this screen is a lock."""
        self.hold.setVisible(seconds >= 0 and self._locked_for is not None)
        if seconds >= 0:
            self.hold.setText(
                self.tr("The cart is held at central for %1 more: unlock to finish the sale.").replace(
                    "%1", f"{seconds // 60}:{seconds % 60:02d}"
                )
            )

    def submit(self) -> None:
        staff_id, pin = self.staff_id.text().strip(), self.pin.text()
        if not staff_id:
            self.staff_id.setFocus()
            return
        if not pin:
            self.pin.setFocus()
            return
        if self.changing_pin:
            if not self.new_pin.text():
                self.new_pin.setFocus()
                return
            if self.new_pin.text() != self.new_pin2.text():
                self._say(self.tr("The two new PINs differ: enter them again."), "invalid_input")
                self.new_pin.clear()
                self.new_pin2.clear()
                self.new_pin.setFocus()
                return
            op = staff.change_pin(self.bridge.ctx, staff_id, pin, self.new_pin.text())
        else:
            op = staff.sign_in(self.bridge.ctx, staff_id, pin)
        self.button.setEnabled(False)
        self._say(self.tr("Checking…"), "")
        op.success(self._on_signed_in).failure(self._on_failed).run(self.bridge.runner, self, supersede="sign_in")

    def _on_signed_in(self, session: StaffSession) -> None:
        self.button.setEnabled(True)
        self._show_new_pin(False)
        self.pin.clear()
        self._say("", "")
        self.signed_in.emit(session)

    def _on_failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        msg = describe(exc)
        if isinstance(exc, PinChangeRequired) or (self.changing_pin and exc_code(exc) == "invalid_input"):
            # The PIN was right: keep it for the change, and ask for the new one.
            if not self.changing_pin:
                self._show_new_pin(True)
            self.new_pin.clear()
            self.new_pin2.clear()
            self.new_pin.setFocus()
            text = f"{msg.text} {msg.next_step}".strip()
            if not isinstance(exc, PinChangeRequired):
                text = self.tr(
                    "That new PIN is not allowed: 4 to 8 digits (6 to 8 for a supervisor), not one digit "
                    "repeated nor a run like 1234, and not the current PIN."
                )
            self._say(text, msg.code)
            self.message.setToolTip(msg.detail)
            return
        self._show_new_pin(False)
        self.pin.clear()
        self.pin.setFocus()
        text = f"{msg.text} {msg.next_step}".strip()
        if isinstance(exc, AuthError) and exc.code == "auth_failed" and "tries left" in exc.message:
            left = exc.message.rsplit("(", 1)[-1].split(" ", 1)[0]
            text = f"{msg.text} " + self.tr(
                "%n tries left before lock-out.", "", int(left) if left.isdigit() else 0
            )
        if isinstance(exc, LockedOut):
            text = f"{self._locked_text(exc)} {msg.next_step}".strip()
        self._say(text, msg.code)

    def _locked_text(self, exc: LockedOut) -> str:
        """The real wait, in minutes (the generic error says only "a few minutes")."""
        try:
            until = datetime.fromisoformat(str(exc.details.get("until", "")))
        except ValueError:
            return describe(exc).text
        minutes = max(1, math.ceil((until - self.bridge.ctx.clock()).total_seconds() / 60))
        return self.tr("Too many wrong PINs: this account is locked for %n minute(s).", "", minutes)

    def _say(self, text: str, code: str) -> None:
        self.message.setText(text)
        self.message.setProperty("errorCode", code)
        theme.set_tone(self.message, "error" if code else "")
