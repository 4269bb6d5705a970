"""The verdict's sound: two shipped tones a steward tells apart without looking, played for
each verdict; the system bell stands in where there is no audio output or no QtMultimedia."""

from __future__ import annotations

import itertools
import sys
import wave
from collections.abc import Iterator
from typing import Any

import pytest

from pos.door import DoorValidator
from resources.sounds.make import ADMITTED, RATE, REFUSED, samples
from tests.door.helpers import Clock, Door
from tests.needs import qtmultimedia
from ui.door.sound import FILES, VerdictSound, sound_file


def _read(kind: str) -> tuple[wave._wave_params, bytes]:
    with wave.open(str(sound_file(kind)), "rb") as w:
        return w.getparams(), w.readframes(w.getnframes())


def _crossings_per_second(frames: bytes, rate: int) -> float:
    values = [int.from_bytes(frames[i : i + 2], "little", signed=True) for i in range(0, len(frames), 2)]
    loud = [v for v in values if abs(v) > 2_000]  # the tones, not the gaps between them
    flips = sum(1 for a, b in itertools.pairwise(loud) if (a < 0) != (b < 0))
    return flips / (len(loud) / rate)


def test_the_shipped_sounds_are_what_make_makes_and_are_told_apart() -> None:
    admitted, refused = _read("admitted"), _read("refused")
    for params, frames in (admitted, refused):
        assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, RATE)
        assert frames
    # Committed files are up to date with their recipe.
    assert admitted[1] == samples(ADMITTED) and refused[1] == samples(REFUSED)
    # Refused is longer and much lower: heard as a different sound, not a louder one.
    assert refused[0].nframes > 2 * admitted[0].nframes
    assert _crossings_per_second(admitted[1], RATE) > 2 * _crossings_per_second(refused[1], RATE)


@pytest.fixture
def screen(qtbot: Any, door: Door) -> Iterator[Any]:
    from ui.screens.door import DoorScreen

    s = DoorScreen(  # scans a minute apart: each judged anew
        DoorValidator(door.store, performance_id="P-CONCERT", gate="G1", clock=Clock()),
        monotonic=itertools.count(0, 60).__next__,
    )
    qtbot.addWidget(s)
    s.show()
    yield s
    s.release_inputs()


@pytest.fixture
def media() -> Any:
    return qtmultimedia()  # skips without Debian's libpulse0 (the bell stands in: tested below)


def test_each_verdict_plays_its_sound(qtbot: Any, media: Any, screen: Any, door: Door) -> None:
    QMediaDevices = media.QMediaDevices  # noqa: N806 (Qt's name)

    assert set(screen.sound.effects) == set(FILES)  # both loaded from the shipped files
    assert all(e.source().toLocalFile() == str(sound_file(k)) for k, e in screen.sound.effects.items())
    # No audio output on this machine: the bell stands in (with one, the speaker plays).
    route = "speaker" if QMediaDevices.audioOutputs() else "bell"
    code, _ = door.ticket()
    with qtbot.waitSignal(screen.sound.played, timeout=3000) as ok:
        screen.scan(code)
    assert ok.args[0] == "admitted"
    if route == "bell":  # no audio output here: it cannot have gone to a speaker
        assert ok.args[1] == "bell"
    with qtbot.waitSignal(screen.sound.played, timeout=3000) as again:
        screen.scan(code)
    assert again.args[0] == "refused"
    with qtbot.waitSignal(screen.sound.played, timeout=3000) as junk:
        screen.scan("not a ticket")
    assert junk.args[0] == "refused"


def test_a_silent_door_plays_nothing(qtbot: Any, door: Door) -> None:
    from ui.screens.door import DoorScreen

    s = DoorScreen(
        DoorValidator(door.store, performance_id="P-CONCERT", gate="G1", clock=Clock()), sound=False
    )
    qtbot.addWidget(s)
    try:
        assert s.sound is None
        code, _ = door.ticket()
        assert s.scan(code).admitted  # the verdict still shows
    finally:
        s.release_inputs()


def test_without_qtmultimedia_the_bell_stands_in(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)  # as with Essentials alone
    sound = VerdictSound()
    assert sound.effects == {}
    with qtbot.waitSignal(sound.played, timeout=3000) as got:
        assert sound.play(green=False) == "bell"
    assert got.args == ["refused", "bell"]
