"""The big coloured panel of the door screen: green, red or idle, with the verdict's
headline, the line under it and the holder to check, and the colours the door uses."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPaintEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

GREEN, RED, IDLE = "#1b7f3b", "#b3261e", "#37474f"
AMBER = "#b26a00"  # admitted a moment ago at this gate: not a new admission, not a refusal
ALERT = f"color: {RED}; font-weight: bold;"  # small red lines: doubles, doors not reachable


class VerdictPanel(QFrame):
    """``painted`` fires after each paint (latency bench, tests)."""

    painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdictPanel")
        self.setAutoFillBackground(True)
        self.headline = QLabel()
        self.headline.setObjectName("verdictHeadline")
        big = QFont()
        big.setPointSize(56)
        big.setBold(True)
        self.headline.setFont(big)
        self.detail = QLabel()
        self.detail.setObjectName("verdictDetail")
        mid = QFont()
        mid.setPointSize(22)
        self.detail.setFont(mid)
        self.detail.setWordWrap(True)
        self.holder = QLabel()
        self.holder.setObjectName("verdictHolder")
        self.holder.setFont(mid)
        inner = QVBoxLayout(self)
        for w in (self.headline, self.detail, self.holder):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            w.setStyleSheet("color: white;")
            inner.addWidget(w)

    def set_verdict(self, colour: str, headline: str, detail: str, holder: str) -> None:
        self.setStyleSheet(f"#verdictPanel {{ background: {colour}; }}")
        self.setProperty("colour", colour)
        self.headline.setText(headline)
        self.detail.setText(detail)
        self.holder.setText(holder)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        self.painted.emit()
