"""Real-name entry (实名制): the holder's name and ID document for each ticket.

The core checks every document (:func:`pos.realname.make_holder`: the resident ID's check
digit, the other documents' form); a row that fails says why, next to it, and the dialog
stays open. Enter moves to the next field, and on the last one accepts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pos.errors import InvalidInput
from pos.sales import CartItem
from pos.tickets.realname import ID_TYPES, Holder, make_holder
from ui import theme

TOUCH = 44
_ID_TYPE_NAMES: dict[str, str] = {  # QT_TRANSLATE_NOOP gives back the source text
    "resident_id": str(QT_TRANSLATE_NOOP("HolderDialog", "Resident ID card")),
    "passport": str(QT_TRANSLATE_NOOP("HolderDialog", "Passport")),
    "hk_macau_permit": str(QT_TRANSLATE_NOOP("HolderDialog", "HK/Macau permit")),
    "taiwan_permit": str(QT_TRANSLATE_NOOP("HolderDialog", "Taiwan permit")),
}


_PROBLEMS: dict[str, str] = {  # the core's reason → what the clerk reads next to the row
    "name_unprintable": str(QT_TRANSLATE_NOOP("HolderDialog", "The name has characters that cannot be printed.")),
    "name_missing": str(QT_TRANSLATE_NOOP("HolderDialog", "Type the holder's name as on the document.")),
    "name_too_long": str(QT_TRANSLATE_NOOP("HolderDialog", "The name is too long (at most 50 characters).")),
    "id_missing": str(QT_TRANSLATE_NOOP("HolderDialog", "Type the document's number.")),
    "id_form": str(QT_TRANSLATE_NOOP(
        "HolderDialog", "The number has the wrong form: a resident ID is 18 characters (17 digits, then a digit "
        "or X); other documents 5 to 20 letters or digits.")),
    "id_check_digit": str(QT_TRANSLATE_NOOP(
        "HolderDialog", "The resident ID's check digit does not match: compare each digit with the card.")),
}


class HolderDialog(QDialog):
    holders_entered = Signal(object)  # tuple[CartItem, ...] with every holder set

    def __init__(
        self, items: Sequence[CartItem], describe: Callable[[CartItem], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("holderDialog")
        self.setWindowTitle(self.tr("Ticket holders (real-name event)"))
        self.items = tuple(items)
        self.names: list[QLineEdit] = []
        self.types: list[QComboBox] = []
        self.numbers: list[QLineEdit] = []
        self.problems: list[QLabel] = []
        self._wrong: dict[int, QLineEdit] = {}
        grid = QGridLayout()
        for col, title in enumerate(
            (self.tr("Ticket"), self.tr("Name"), self.tr("Document"), self.tr("Number"))
        ):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, col)
        for row, item in enumerate(self.items, start=1):
            name, kind, number, problem = QLineEdit(), QComboBox(), QLineEdit(), QLabel()
            for code in ID_TYPES:
                kind.addItem(QCoreApplication.translate("HolderDialog", _ID_TYPE_NAMES[code]), code)
            if item.holder is not None:
                name.setText(item.holder.name)
                kind.setCurrentIndex(max(0, kind.findData(item.holder.id_type)))
                number.setText(item.holder.id_number)
            name.setObjectName(f"holderName{row}")
            number.setObjectName(f"holderNumber{row}")
            problem.setObjectName(f"holderProblem{row}")
            theme.set_tone(problem, "error")
            for w in (name, kind, number):
                w.setMinimumHeight(TOUCH)
            # 18 digits of a resident ID (20 for other documents) shown whole, never scrolled.
            number.setMinimumWidth(number.fontMetrics().horizontalAdvance("0" * 21) + 16)
            number.setMaxLength(24)
            grid.addWidget(QLabel(describe(item)), 2 * row - 1, 0)
            grid.addWidget(name, 2 * row - 1, 1)
            grid.addWidget(kind, 2 * row - 1, 2)
            grid.addWidget(number, 2 * row - 1, 3)
            grid.addWidget(problem, 2 * row, 1, 1, 3)
            self.names.append(name)
            self.types.append(kind)
            self.numbers.append(number)
            self.problems.append(problem)
        for i, (name, number) in enumerate(zip(self.names, self.numbers, strict=True)):
            name.returnPressed.connect(number.setFocus)
            last = i + 1 == len(self.names)
            number.returnPressed.connect(self.accept if last else self.names[i + 1].setFocus)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Compare each name with the ID document before selling.")))
        layout.addLayout(grid)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if self.names:
            QTimer.singleShot(0, self._focus_first)

    def _focus_first(self) -> None:
        self.activateWindow()
        self.names[0].setFocus()

    def holders(self) -> tuple[Holder, ...] | None:
        """Every row checked by the core; None (and the reasons shown) if any row fails."""
        out: list[Holder] = []
        ok = True
        seen: dict[str, int] = {}
        self._wrong = dict(enumerate(self.numbers))  # the field to correct, row by row
        for i, (name, kind, number) in enumerate(zip(self.names, self.types, self.numbers, strict=True)):
            self.problems[i].clear()
            try:
                holder = make_holder(name.text(), number.text(), str(kind.currentData()))
            except InvalidInput as exc:
                reason = str(exc.details.get("reason", ""))
                self._wrong[i] = number if reason.startswith("id_") else name
                self.problems[i].setText(
                    QCoreApplication.translate("HolderDialog", _PROBLEMS[reason]) if reason in _PROBLEMS
                    else self.tr("Not valid: check the name, the document and its number.")
                )
                self.problems[i].setToolTip(exc.message)  # the core's words, for support
                ok = False
                continue
            if holder.id_number in seen:
                self.problems[i].setText(
                    self.tr("The same document is on ticket %1.").replace(
                        "%1", str(seen[holder.id_number] + 1)
                    )
                )
                ok = False
                continue
            seen[holder.id_number] = i
            out.append(holder)
        if not ok:
            first = next(i for i, p in enumerate(self.problems) if p.text())
            self._wrong[first].setFocus()
            return None
        return tuple(out)

    def accept(self) -> None:
        if self.names and not any(w.text().strip() for w in (*self.names, *self.numbers)):
            self.names[0].setFocus()  # nothing typed yet (a stray Enter): no red before typing
            return
        holders = self.holders()
        if holders is None:
            return
        items = tuple(
            CartItem(
                i.concession, seat_id=i.seat_id, area_id=i.area_id, holder=h, override_price=i.override_price
            )
            for i, h in zip(self.items, holders, strict=True)
        )
        self.holders_entered.emit(items)
        super().accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        # Enter is handled by the fields (next field, then accept): never the default button.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)
