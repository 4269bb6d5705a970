"""Make the door's two verdict sounds: run once, the .wav files are committed.

    .venv/bin/python -m resources.sounds.make

Admitted: two short rising tones, bright. Refused: three low buzzes, long enough to be
heard outdoors and told apart without looking at the screen (as turnstile readers do).
Plain 16-bit mono PCM at 22,050 Hz, which every audio back end of QtMultimedia plays.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

HERE = Path(__file__).resolve().parent
RATE = 22_050
FADE = 120  # samples of fade in and out: no click at the edges of a tone

# (frequency in Hz or 0 for silence, milliseconds, volume 0..1, harmonics)
ADMITTED = [(988, 80, 0.55, 1), (0, 25, 0, 1), (1319, 120, 0.55, 1)]
REFUSED = [(247, 150, 0.6, 5), (0, 60, 0, 1), (247, 150, 0.6, 5), (0, 60, 0, 1), (247, 220, 0.6, 5)]


def samples(parts: list[tuple[int, int, float, int]]) -> bytes:
    out = bytearray()
    for freq, ms, volume, harmonics in parts:
        n = RATE * ms // 1000
        for i in range(n):
            envelope = min(1.0, i / FADE, (n - i) / FADE)
            # Odd harmonics make the refusal a buzz, which carries better than a pure low tone.
            wave_ = sum(math.sin(2 * math.pi * freq * k * i / RATE) / k for k in range(1, harmonics + 1, 2))
            out += struct.pack("<h", int(32_000 * volume * envelope * wave_ / 1.3) if freq else 0)
    return bytes(out)


def write(name: str, parts: list[tuple[int, int, float, int]]) -> Path:
    path = HERE / name
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(samples(parts))
    return path


if __name__ == "__main__":
    for name, parts in (("admitted.wav", ADMITTED), ("refused.wav", REFUSED)):
        print(write(name, parts))
