"""The door screen's camera corner: a small preview to aim the ticket with, a note when there
is no camera (or it failed), and the steward's toggle. Small on purpose: the steward only
needs to aim; the verdict is what must be big."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ui import theme
from ui.door.camera import CameraScanner


class CameraCorner(QWidget):
    def __init__(self, camera: CameraScanner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.camera = camera
        self.wanted = True  # the steward's toggle; the camera runs while the door is shown
        self.note = QLabel()
        self.note.setObjectName("doorCameraNote")
        self.note.setWordWrap(True)
        self.note.setMaximumWidth(240)
        theme.set_tone(self.note, "muted")
        self.button = QPushButton(self.tr("Camera"))
        self.button.setObjectName("doorCameraToggle")
        self.button.setCheckable(True)
        corner = QVBoxLayout(self)
        corner.setContentsMargins(0, 0, 0, 0)
        preview = camera.preview
        if preview is not None:
            preview.setObjectName("doorCameraPreview")
            preview.setFixedSize(240, 135)
            corner.addWidget(preview)
        corner.addWidget(self.note)
        corner.addWidget(self.button)
        if camera.has_camera:
            self.button.setChecked(True)
            self.button.setToolTip(camera.camera_name)
            self.note.hide()
        else:
            self.failed(camera.problem)
        self.button.toggled.connect(self._toggle)
        camera.failed.connect(self.failed)

    def _toggle(self, on: bool) -> None:
        self.wanted = on
        if self.camera.preview is not None:
            self.camera.preview.setVisible(on)
        if on and self.isVisible():
            self.camera.start()
        elif not on:
            self.camera.stop()

    def failed(self, problem: str) -> None:
        self.note.setText(self.tr("%1: use the scanner or the search box").replace("%1", problem))
        self.note.show()
        if self.camera.preview is not None:
            self.camera.preview.hide()
        self.button.blockSignals(True)  # the toggle shows the steward's choice only
        self.button.setChecked(False)
        self.button.blockSignals(False)
        self.button.setEnabled(False)
