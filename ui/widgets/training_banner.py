"""The training banner: across the top of every screen (and of the customer display) while
the app runs on the training store, so no one mistakes practice for real selling."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class TrainingBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        # Both languages whatever the app's: the customer may read either.
        super().__init__("培训模式 / TRAINING  ·  " + self.tr("practice only: nothing here is real"), parent)
        self.setObjectName("trainingBanner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        # Its look (purple band, white, title size) is the style sheet's #trainingBanner.
