"""A page that scrolls inside its screen rather than grow the window past 1366x768."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget


def scrolling(content: QWidget) -> QScrollArea:
    """``content`` in a frameless scroll area that follows its width."""
    scroll = QScrollArea()
    scroll.setWidget(content)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    return scroll


def fill_with_scrolling(screen: QWidget, page: QWidget) -> None:
    """Make ``page`` the whole of ``screen``, scrolling when the screen is shorter."""
    outer = QVBoxLayout(screen)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scrolling(page))
