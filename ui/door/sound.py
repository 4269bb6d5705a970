"""The verdict's sound: a bright double tone for admitted, three low buzzes for refused, so a
steward knows without looking (resources/sounds, made by ``resources.sounds.make``).

Played through QtMultimedia's ``QSoundEffect`` (low latency, preloaded). Where it cannot play
(no QtMultimedia, no audio output, as on a headless test machine) the system bell stands in:
once for admitted, twice for refused. ``played`` says which sound went out and how.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QSoundEffect

log = logging.getLogger(__name__)

FILES = {"admitted": "admitted.wav", "refused": "refused.wav"}


def sound_file(kind: str) -> Path:
    return Path(str(resources.files("resources") / "sounds" / FILES[kind]))


class VerdictSound(QObject):
    played = Signal(str, str)  # "admitted" | "refused", "speaker" | "bell"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.effects: dict[str, QSoundEffect] = {}
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except (ImportError, OSError) as exc:  # Essentials only, or no libpulse
            log.info("verdict sounds through the system bell: %s", exc)
            return
        for kind in FILES:
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(sound_file(kind))))  # loads in the background
            effect.setVolume(1.0)  # doors are loud places
            self.effects[kind] = effect

    def play(self, *, green: bool) -> str:
        """Play the verdict's sound now; returns how it went out ("speaker" or "bell")."""
        kind = "admitted" if green else "refused"  # an exit let through sounds as admitted
        effect = self.effects.get(kind)
        if effect is not None and effect.isLoaded():
            effect.play()
            route = "speaker"
        else:
            QApplication.beep()
            if not green:  # two beeps for a refusal: heard without looking
                QTimer.singleShot(180, QApplication.beep)
            route = "bell"
        self.played.emit(kind, route)
        return route
