"""The Qt part of ``pos --self-test``: start the application (offscreen is fine) with the
shipped CJK font, show and paint a widget with Chinese text."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QLabel

from ui.app import ensure_app


def qt_check() -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = ensure_app([])
    label = QLabel("售票 self-test")
    label.show()
    label.repaint()
    app.processEvents()
    label.close()
    return f"Qt {app.platformName()}, font {app.property('cjkFamily') or 'system'}"
