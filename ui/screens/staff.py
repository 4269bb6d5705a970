"""Settings → Staff, for supervisors: who works here, and deactivating, reactivating,
resetting a PIN or changing a role.

Each change is the core's (:mod:`pos.staff.lifecycle`): it checks that the one approving is
an active supervisor, refuses changes to oneself, and journals it. The supervisor confirms
each change with their PIN, since a signed-in supervisor may have stepped away from the
counter. Shown only while a supervisor is signed in; hiding it is not the check.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos.staff.access import Role, StaffMember, StaffSession
from ui import theme
from ui.bridge import Bridge
from ui.errors import describe, headed
from ui.ops import staff as ops

TOUCH = 44


class StaffPanel(QGroupBox):
    changed = Signal(StaffMember)  # after a change the core accepted

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffPanel")
        self.setTitle(self.tr("Staff"))
        self.bridge = bridge
        self.session: StaffSession | None = None
        self._members: tuple[StaffMember, ...] = ()
        self.roles = {
            Role.CLERK: self.tr("Clerk"),
            Role.PARTNER_CLERK: self.tr("Partner clerk"),
            Role.DOOR: self.tr("Door staff"),
            Role.SUPERVISOR: self.tr("Supervisor"),
        }

        self.table = QTableWidget(0, 4)
        self.table.setObjectName("staffTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Staff number"), self.tr("Name"), self.tr("Role"), self.tr("State")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        theme.touch_rows(self.table)
        self.table.setMinimumHeight(160)

        self.deactivate = QPushButton(self.tr("Deactivate"))
        self.deactivate.setObjectName("staffDeactivate")
        self.reactivate = QPushButton(self.tr("Reactivate"))
        self.reactivate.setObjectName("staffReactivate")
        self.role = QComboBox()
        self.role.setObjectName("staffRole")
        for role, label in self.roles.items():
            self.role.addItem(label, role.value)
        self.change_role = QPushButton(self.tr("Change role"))
        self.change_role.setObjectName("staffChangeRole")
        self.temporary_pin = QLineEdit()
        self.temporary_pin.setObjectName("staffTemporaryPin")
        self.temporary_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.temporary_pin.setPlaceholderText(self.tr("Temporary PIN to hand over"))
        self.reset_pin = QPushButton(self.tr("Reset PIN"))
        self.reset_pin.setObjectName("staffResetPin")
        self.my_pin = QLineEdit()
        self.my_pin.setObjectName("staffSupervisorPin")
        self.my_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.my_pin.setPlaceholderText(self.tr("Your PIN, to approve"))
        self.message = QLabel("")
        self.message.setObjectName("staffMessage")
        self.message.setWordWrap(True)
        for w in (self.deactivate, self.reactivate, self.role, self.change_role, self.temporary_pin,
                  self.reset_pin, self.my_pin):  # fmt: skip
            w.setMinimumHeight(TOUCH)

        state = QHBoxLayout()
        state.addWidget(self.deactivate)
        state.addWidget(self.reactivate)
        role_row = QHBoxLayout()
        role_row.addWidget(self.role, 1)
        role_row.addWidget(self.change_role)
        pin_row = QHBoxLayout()
        pin_row.addWidget(self.temporary_pin, 1)
        pin_row.addWidget(self.reset_pin)
        form = QFormLayout()
        form.addRow(self.tr("Approve with"), self.my_pin)
        form.addRow(self.tr("Sign-in"), state)
        form.addRow(self.tr("Role"), role_row)
        form.addRow(self.tr("PIN"), pin_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(form)
        layout.addWidget(self.message)

        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.deactivate.clicked.connect(lambda: self._manage("deactivate"))
        self.reactivate.clicked.connect(lambda: self._manage("reactivate"))
        self.change_role.clicked.connect(lambda: self._manage("role", str(self.role.currentData())))
        self.reset_pin.clicked.connect(lambda: self._manage("reset_pin", self.temporary_pin.text()))
        self._selection_changed()

    # --- what is shown -------------------------------------------------------------------

    def set_session(self, session: StaffSession | None) -> None:
        self.session = session
        self.my_pin.clear()
        self.temporary_pin.clear()
        self._say("", "")
        if session is not None and session.role is Role.SUPERVISOR:
            self.refresh()

    def refresh(self) -> None:
        ops.members(self.bridge.ctx).success(self._show).run(self.bridge.runner, self, supersede="staff.list")

    def _state(self, member: StaffMember) -> str:
        if not member.active:
            return self.tr("Deactivated")
        return self.tr("Must choose a new PIN") if member.pin_change_required else self.tr("Active")

    def _show(self, members: tuple[StaffMember, ...]) -> None:
        chosen = self.selected()
        self._members = members
        self.table.setRowCount(len(members))
        for row, m in enumerate(members):
            cells = (m.staff_id, m.name, self.roles.get(m.role, m.role.value), self._state(m))
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
            if chosen is not None and m.staff_id == chosen.staff_id:
                self.table.selectRow(row)
        self._selection_changed()

    def selected(self) -> StaffMember | None:
        rows = {i.row() for i in self.table.selectedItems()}
        return self._members[rows.pop()] if len(rows) == 1 and self._members else None

    def select(self, staff_id: str) -> None:
        for row, m in enumerate(self._members):
            if m.staff_id == staff_id:
                self.table.selectRow(row)

    def _selection_changed(self) -> None:
        member = self.selected()
        someone_else = (
            member is not None and self.session is not None and member.staff_id != self.session.staff_id
        )
        self.deactivate.setEnabled(someone_else and bool(member and member.active))
        self.reactivate.setEnabled(someone_else and bool(member and not member.active))
        for w in (self.change_role, self.reset_pin, self.role, self.temporary_pin):
            w.setEnabled(someone_else)
        if member is not None:
            self.role.setCurrentIndex(max(0, self.role.findData(member.role.value)))

    # --- changes ----------------------------------------------------------------------------

    def _manage(self, action: str, value: str = "") -> None:
        member, session = self.selected(), self.session
        if member is None or session is None:
            return
        if not self.my_pin.text():
            self._say(self.tr("Enter your PIN to approve the change."), "invalid_input")
            self.my_pin.setFocus()
            return
        ops.manage(
            self.bridge.ctx, action, supervisor_id=session.staff_id, pin=self.my_pin.text(),
            staff_id=member.staff_id, value=value,
        ).success(lambda m: self._done(action, m)).failure(self._failed).run(self.bridge.runner, self)  # fmt: skip
        self.my_pin.clear()

    def _done(self, action: str, member: StaffMember) -> None:
        self.temporary_pin.clear()
        text = {
            "deactivate": self.tr("%1 is deactivated: they can no longer sign in or approve."),
            "reactivate": self.tr("%1 can sign in again."),
            "reset_pin": self.tr("%1's PIN is reset: they choose a new one at their next sign-in."),
            "role": self.tr("%1's role is changed."),
        }[action].replace("%1", f"{member.staff_id} {member.name}")
        self._say(text, "")
        self.changed.emit(member)
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        msg = describe(exc)
        self._say(headed(msg.title, msg.text, msg.next_step), msg.code or "error")
        self.message.setToolTip(msg.detail)

    def _say(self, text: str, code: str) -> None:
        self.message.setText(text)
        self.message.setProperty("errorCode", code)
        theme.set_tone(self.message, "error" if code else "")
