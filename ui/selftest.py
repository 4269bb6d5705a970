"""The Qt part of ``pos --self-test``: start the application (offscreen is fine) with the
shipped CJK font, show and paint a widget with Chinese text; say whether the door camera
can scan (not a failure when it cannot: the door works without it)."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QLabel

from ui.application import ensure_app


def qt_check() -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = ensure_app([])
    label = QLabel("售票 self-test")
    label.show()
    label.repaint()
    app.processEvents()
    label.close()
    from ui.door.camera import CameraScanner

    camera = CameraScanner(preview=False)
    status = camera.camera_name or camera.problem
    camera.close()
    camera.deleteLater()
    return f"Qt {app.platformName()}, font {app.property('cjkFamily') or 'system'}, camera: {status}"
