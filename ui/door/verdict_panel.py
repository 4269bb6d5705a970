"""The big coloured panel of the door screen: green, red or idle, with the verdict's
headline, the line under it and the holder to check, and the colours the door uses."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ui import theme
from ui.theme import COLOURS

GREEN, RED, IDLE = COLOURS["success"], COLOURS["error"], COLOURS["idle"]
AMBER = COLOURS["warning_strong"]  # admitted a moment ago at this gate: not a new admission, not a refusal


class VerdictPanel(QFrame):
    """``painted`` fires after each paint (latency bench, tests)."""

    painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdictPanel")
        self.setAutoFillBackground(True)
        self.headline = QLabel()
        self.headline.setObjectName("verdictHeadline")
        self.headline.setFont(theme.font("verdict", bold=True))
        self.detail = QLabel()
        self.detail.setObjectName("verdictDetail")
        mid = theme.font("display")
        self.detail.setFont(mid)
        self.detail.setWordWrap(True)
        self.holder = QLabel()
        self.holder.setObjectName("verdictHolder")
        self.holder.setFont(mid)
        inner = QVBoxLayout(self)
        for w in (self.headline, self.detail, self.holder):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            inner.addWidget(w)  # white on the verdict's colour: the style sheet's #verdictPanel QLabel

    def set_verdict(self, colour: str, headline: str, detail: str, holder: str) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(colour))
        self.setPalette(palette)
        self.setProperty("colour", colour)
        self.headline.setText(headline)
        self.detail.setText(detail)
        self.holder.setText(holder)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        self.painted.emit()
