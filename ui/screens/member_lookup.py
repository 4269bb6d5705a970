"""F7 at the counter (issue 22): find the member by scanning the member code, or typing the
member number or the full phone number (online only), then use them for the cart: the cart
is priced again with the member's tier, and the tier price shows as the line's discount."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui import theme
from ui.errors import describe
from ui.ops import members

if TYPE_CHECKING:
    from pos.members.service import MemberInfo


class MemberLookup(QDialog):
    chosen = Signal(object)  # MemberInfo

    def __init__(self, ctx: Any, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("memberLookup")
        self.setWindowTitle(self.tr("Find a member"))
        self.ctx, self.runner = ctx, runner
        self.found: MemberInfo | None = None
        self.query = QLineEdit()
        self.query.setObjectName("memberQuery")
        self.query.setMinimumHeight(44)
        self.query.setPlaceholderText(self.tr("Scan the member code, or type the member number or phone"))
        self.query.returnPressed.connect(self._enter)
        self.answer = QLabel()
        self.answer.setObjectName("memberResult")
        self.answer.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("memberProblem")
        self.problem.setWordWrap(True)
        theme.set_tone(self.problem, "error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.use = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.use.setText(self.tr("Use for this sale"))
        self.use.setEnabled(False)
        self.buttons.accepted.connect(self._use)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Member code, member number or phone (phone: online only)")))
        layout.addWidget(self.query)
        layout.addWidget(self.answer)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def _enter(self) -> None:
        if self.found is not None and self.query.text().strip() == self._shown:
            self._use()
            return
        self.look_up()

    _shown = ""

    def look_up(self) -> None:
        text = self.query.text().strip()
        if not text:
            return
        self.found = None
        self.use.setEnabled(False)
        self.problem.clear()
        self.answer.setText(self.tr("Looking up…"))
        members.find(self.ctx.store, text).success(self._show).failure(self._refused).run(
            self.runner, self, supersede="member.find")

    def _show(self, info: MemberInfo) -> None:
        self.found = info
        self._shown = self.query.text().strip()
        tier = info.tier_name_zh if self.ctx.language == "zh" else info.tier_name_en
        self.answer.setText(
            self.tr("Member %1 · %2 · phone %3 · %4 points")
            .replace("%1", info.number).replace("%2", tier).replace("%3", info.phone_masked)
            .replace("%4", str(info.points))
        )
        self.use.setEnabled(True)
        self.use.setFocus()

    def _refused(self, exc: BaseException) -> None:
        self.answer.clear()
        reason = str(getattr(exc, "details", {}).get("reason", ""))
        self.problem.setText(self._reason(reason) or describe(exc).text)
        self.problem.setToolTip(str(exc))
        self.query.selectAll()
        self.query.setFocus()

    def _reason(self, reason: str) -> str:
        return {
            "unknown_member": self.tr("No member with that number or phone."),
            "member_number": self.tr("A member number is 4 to 20 letters and digits."),
            "member_code_forged": self.tr("This member code is forged or altered: do not accept it."),
            "member_code_unknown_key": self.tr("This member code was not signed by the platform."),
            "member_code_unreadable": self.tr("This is not a readable member code."),
            "member_code_wrong_version": self.tr("This member code is of a version this terminal does not read."),
            "phone_needs_online": self.tr("Finding by phone needs the platform: scan the member code or type the "
                                          "member number."),
            "invalid_phone": self.tr("Type the full 11-digit mobile number."),
            "member_lookup_throttled": self.tr("Too many look-ups by phone at this terminal: the platform refuses "
                                               "more for a while. Scan the member code or type the member number."),
        }.get(reason, "")

    def _use(self) -> None:
        if self.found is None:
            return
        self.chosen.emit(self.found)
        self.accept()


def open_member_lookup(screen: Any) -> MemberLookup:
    """F7 on the sell screen: the member found goes into the cart, which is priced again."""
    dialog = MemberLookup(screen.ctx, screen.runner, screen)

    def chosen(info: MemberInfo) -> None:
        screen.cart.member.setText(info.number)
        screen.member_info = info  # the payment dialog offers the member's points
        tier = info.tier_name_zh if screen.ctx.language == "zh" else info.tier_name_en
        screen.cart.member.setToolTip(f"{tier} · {info.phone_masked} · {info.points}")
        screen.requote()

    dialog.chosen.connect(chosen)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    dialog.query.setFocus()
    screen.member_lookup = dialog  # for tests, and so that it is not collected while open
    return dialog
