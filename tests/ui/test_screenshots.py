"""The review script renders every screen in both languages and both sizes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_every_screen_renders_in_both_languages_and_sizes(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "screenshots.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "failed" not in done.stderr  # no operation of the app failed while walking the screens
    shots = sorted(tmp_path.glob("*.png"))
    names = {p.name.split("-", 2)[2] for p in shots}
    for language in ("zh", "en"):
        for size in ("1366x768", "1920x1080"):
            mine = [p for p in shots if p.name.startswith(f"{language}-{size}-")]
            assert len(mine) == len(names), (language, size)
    assert {"01-sign-in.png", "03-sell-seats-in-cart.png", "05-sell-stadium.png", "04-payment.png"} <= names
    assert {  # the states the design review looks at (issue 20)
        "04a-payment-change.png", "04b-change-due.png", "05b-real-name-holders.png", "09a-approval.png",
        "09b-print-question.png", "10-lock.png", "15a-shift-confirm-close.png", "15c-orders-confirm-refund.png",
        "18-training.png", "19-offline-banner.png",
    } <= names
    window = QImage(str(tmp_path / "zh-1920x1080-03-sell-seats-in-cart.png"))
    assert (window.width(), window.height()) == (1920, 1080)
