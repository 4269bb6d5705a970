"""The app on a real X server, as on a counter PC's desktop: Qt's xcb platform plugin loads
with the Debian packages the README lists, and the self-test paints Chinese in a real window
(on Xvfb). Skips, naming the packages, where they are missing (the other Qt tests run
offscreen and need none of them)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.needs import qt_xcb


@pytest.fixture
def x_display() -> Iterator[str]:
    qt_xcb()  # skips without the xcb libraries or Xvfb
    ready, tell = os.pipe()
    server = subprocess.Popen(  # -displayfd: Xvfb picks a free display and writes its number when ready
        ["Xvfb", "-displayfd", str(tell), "-nolisten", "tcp", "-screen", "0", "1366x768x24"],
        pass_fds=(tell,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    os.close(tell)
    try:
        with os.fdopen(ready) as answer:
            number = answer.readline().strip()  # "" when Xvfb exited instead
        assert number, f"Xvfb did not start: {server.communicate(timeout=10)[1][-2000:]}"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_self_test_paints_on_a_real_x_server(x_display: str) -> None:
    env = {**os.environ, "DISPLAY": x_display, "QT_QPA_PLATFORM": "xcb"}
    done = subprocess.run(
        [sys.executable, "-m", "poscli", "--self-test"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert "OK    user interface: Qt xcb, font Noto Sans CJK SC" in done.stdout, done.stdout
