"""One pending action, said in words, to confirm (F10) or cancel (Esc), inside the screen: a
refund, closing a shift, closing the day. Nothing irreversible happens on one click."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ui import theme

TOUCH = 44


class ConfirmBar(QWidget):
    def __init__(self, name: str = "orders", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}ConfirmBar")
        self.text = QLabel()
        self.text.setObjectName(f"{name}ConfirmText")
        self.text.setWordWrap(True)
        self.confirm_button = QPushButton(self.tr("Confirm (F10)"))
        self.confirm_button.setObjectName(f"{name}Confirm")
        self.cancel_button = QPushButton(self.tr("Cancel (Esc)"))
        self.cancel_button.setObjectName(f"{name}Cancel")
        for b in (self.confirm_button, self.cancel_button):
            b.setMinimumHeight(TOUCH)
        theme.set_variant(self.confirm_button, "primary")  # the step the bar is asking about
        self._then: Callable[[], None] | None = None
        row = QHBoxLayout(self)
        row.addWidget(self.text, 1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.confirm_button)
        self.confirm_button.clicked.connect(self.confirm)
        self.cancel_button.clicked.connect(self.cancel)
        self.hide()

    @property
    def pending(self) -> bool:
        return self._then is not None

    def ask(self, text: str, then: Callable[[], None]) -> None:
        self.text.setText(text)
        self._then = then
        self.show()
        self.confirm_button.setFocus()

    def confirm(self) -> None:
        then, self._then = self._then, None
        self.hide()
        if then is not None:
            then()

    def cancel(self) -> None:
        self._then = None
        self.hide()
