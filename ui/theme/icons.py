"""The app's icons: small SVGs in ``resources/icons`` (drawn for the project; see its
LICENCE.md), painted in a token colour at the sizes a button asks for."""

from __future__ import annotations

import logging
from functools import cache
from importlib import resources

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from ui.theme.tokens import COLOURS

log = logging.getLogger(__name__)
_SIZES = (16, 24, 32, 48, 64)


@cache
def _svg(name: str) -> str:
    return (resources.files("resources") / "icons" / f"{name}.svg").read_text(encoding="utf-8")


@cache
def icon(name: str, colour: str = "ink") -> QIcon:
    """The icon ``name`` (a file of resources/icons without ``.svg``) stroked in the token
    colour ``colour``; an empty icon (logged) when there is no such file."""
    try:
        text = _svg(name).replace("currentColor", COLOURS[colour])
    except (FileNotFoundError, KeyError):
        log.warning("no icon %r in %r", name, colour)
        return QIcon()
    renderer = QSvgRenderer(QByteArray(text.encode("utf-8")))
    out = QIcon()
    for size in _SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        out.addPixmap(pixmap)
    disabled = text.replace(COLOURS[colour], COLOURS["ink_disabled"])
    grey = QSvgRenderer(QByteArray(disabled.encode("utf-8")))
    for size in _SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        grey.render(painter, QRectF(0, 0, size, size))
        painter.end()
        out.addPixmap(pixmap, QIcon.Mode.Disabled)
    return out
