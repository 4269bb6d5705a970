"""Cold start to a usable sell screen, from source and from the PyInstaller bundle.

Each round starts a fresh process on a set-up counter (store, catalog, staff) and times from
spawn to the app's ``ready`` line, printed once the main window (the sell screen behind its
sign-in) has been shown and painted (``POS_QUIT_WHEN_READY=1``, see ui/firstrun/launch.py).
Baselines in the same run: a bare ``import PySide6.QtWidgets``, and an empty QMainWindow
shown and painted. Target: under 2 s. Prints numbers; asserts nothing.

    python bench/bench_cold_start.py [--rounds 5] [--bundle dist/pos/pos]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE_IMPORT = "import PySide6.QtWidgets"
EMPTY_WINDOW = (
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([]); w = QMainWindow(); w.resize(1024, 768); w.show(); w.repaint()\n"
    "print('ready', flush=True)"
)


def _time_to_ready(argv: list[str], env: dict[str, str], timeout: float = 60) -> float:
    """Spawn to the ``ready`` line; the process is killed if it does not come in time."""
    import threading

    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    assert proc.stdout is not None
    seen = threading.Event()
    at: list[float] = []

    def watch() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == "ready" and not at:
                at.append(time.perf_counter() - started)
                seen.set()

    reader = threading.Thread(target=watch, daemon=True)
    reader.start()
    if not seen.wait(timeout):
        proc.kill()
        proc.wait()
        raise RuntimeError(f"{' '.join(argv)} did not print 'ready' within {timeout:.0f} s")
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    return at[0]


def _time_to_exit(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def _row(name: str, times: list[float]) -> None:
    print(f"{name:<44} median {statistics.median(times) * 1000:7.0f} ms   max {max(times) * 1000:7.0f} ms   (n={len(times)})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "pos" / "pos")
    args = parser.parse_args()

    from tests.factories import make_counter, small_catalog

    with tempfile.TemporaryDirectory(prefix="bench-cold-") as tmp:
        data_dir = Path(tmp) / "terminal"
        from datetime import UTC, datetime

        make_counter(data_dir, catalog=small_catalog(datetime.now(UTC))).store.close()
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "POS_DATA_DIR": str(data_dir),
            "POS_QUIT_WHEN_READY": "1",
            "PYTHONPATH": str(ROOT),
        }
        py = sys.executable
        # One warm-up of each, so that every round measures the same page-cache state.
        _time_to_ready([py, "-m", "poscli", "app"], env)
        runs: dict[str, list[float]] = {}
        for _ in range(args.rounds):
            runs.setdefault("baseline: python -c 'import PySide6.QtWidgets'", []).append(
                _time_to_exit([py, "-c", BARE_IMPORT], env)
            )
            runs.setdefault("baseline: empty QMainWindow shown", []).append(
                _time_to_ready([py, "-c", EMPTY_WINDOW], env)
            )
            runs.setdefault("from source: pos app to sell screen", []).append(
                _time_to_ready([py, "-m", "poscli", "app"], env)
            )
            if args.bundle.exists():
                runs.setdefault("from bundle: dist/pos/pos app to sell screen", []).append(
                    _time_to_ready([str(args.bundle), "app"], env)
                )
        sys.stdout.flush()
        print(f"cold start ({args.rounds} rounds, offscreen, {os.cpu_count()} cores); target < 2000 ms")
        for name, times in runs.items():
            _row(name, times)
        if not args.bundle.exists():
            print(f"no bundle at {args.bundle}: build it with `pyinstaller --noconfirm pos.spec` to measure it")


if __name__ == "__main__":
    main()
