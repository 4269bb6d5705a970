"""One app per data folder: a second start hands over and the first comes to the front."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pos.errors import StoreReadOnly
from tests.pos.fs_limits import read_only
from ui.single_instance import LOCK_FILE, SingleInstance


def test_a_second_claim_on_the_same_folder_raises_the_first(qtbot: Any, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path / "a")
    assert first.claim()
    second = SingleInstance(tmp_path / "a")
    with qtbot.waitSignal(first.raise_requested, timeout=5000):
        assert not second.claim()
    assert second.holder_pid() == os.getpid()
    other = SingleInstance(tmp_path / "b")  # another data folder is another terminal
    assert other.claim()
    first.release()
    assert SingleInstance(tmp_path / "a").claim()  # released: free again
    other.release()


def test_a_lock_left_by_a_crashed_app_does_not_block_the_next_start(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / LOCK_FILE).write_text(f"{dead.pid}\npython\n{os.uname().nodename}\n")
    instance = SingleInstance(folder)
    assert instance.claim()
    instance.release()


def test_a_read_only_folder_is_an_error_not_another_instance(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    with read_only(folder), pytest.raises(StoreReadOnly):
        SingleInstance(folder).claim()


def test_pos_app_started_twice_says_so_and_raises_the_running_one(qtbot: Any, counter: Any) -> None:
    data_dir = counter.store.data_dir
    running = SingleInstance(data_dir)
    assert running.claim()
    env = {**os.environ, "POS_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    with qtbot.waitSignal(running.raise_requested, timeout=60_000):
        proc = subprocess.Popen(
            [sys.executable, "-m", "poscli", "app"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        # The hand-over needs this process's event loop to accept, so wait here, not on proc.
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, out + err
    assert "already running" in err and str(os.getpid()) in err
    running.release()
