"""A supervisor's approval at the counter: their staff number and PIN, checked by the core.

The core issues a single-use grant (:func:`pos.staff.access.override`, run as
:func:`ui.ops.staff.approve`) that the protected action
spends in its own transaction; the dialog only collects the PIN and hands the grant back.
A wrong PIN, a locked account or a clerk's PIN is refused inline and the dialog stays.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from pos.staff.access import Override, Permission
from ui import theme
from ui.bridge import Bridge
from ui.errors import describe
from ui.ops.staff import approve

TOUCH = 44


class ApprovalDialog(QDialog):
    approved = Signal(Override)

    def __init__(
        self, bridge: Bridge, permission: Permission, what: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("approvalDialog")
        self.setWindowTitle(self.tr("Supervisor approval"))
        self.bridge = bridge
        self.permission = permission
        self.supervisor = QLineEdit()
        self.supervisor.setObjectName("approverId")
        self.pin = QLineEdit()
        self.pin.setObjectName("approverPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel()
        self.problem.setObjectName("approvalProblem")
        self.problem.setWordWrap(True)
        theme.set_tone(self.problem, "error")
        for w in (self.supervisor, self.pin):
            w.setMinimumHeight(TOUCH)
        form = QFormLayout()
        form.addRow(self.tr("Supervisor"), self.supervisor)
        form.addRow(self.tr("PIN"), self.pin)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        what_label = QLabel(what)
        what_label.setWordWrap(True)
        layout.addWidget(what_label)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.supervisor.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.submit)
        self._asking = False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        QTimer.singleShot(0, self.supervisor.setFocus)

    def accept(self) -> None:  # Enter on the buttons: the PIN is checked first
        self.submit()

    def submit(self) -> None:
        if self._asking:
            return
        staff_id, pin = self.supervisor.text().strip(), self.pin.text()
        self._asking = True
        self.problem.clear()
        approve(self.bridge.ctx, staff_id, pin, self.permission).success(self._granted).failure(
            self._refused
        ).run(self.bridge.runner, self)

    def _granted(self, grant: Override) -> None:
        self._asking = False
        self.approved.emit(grant)
        super().accept()

    def _refused(self, exc: BaseException) -> None:
        self._asking = False
        message = describe(exc)
        self.problem.setText(f"{message.text} {message.next_step}")
        self.pin.clear()
        self.pin.setFocus()
