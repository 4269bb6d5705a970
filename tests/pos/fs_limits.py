"""Real read-only folders and full disks for tests, also when the tests run as root.

As root, ``chmod`` does not stop writes, so a read-only folder is a read-only bind mount and
a full disk a small tmpfs; as another user, ``chmod`` and (for the disk) SQLite's
``max_page_count`` stand in. Each helper skips the test, saying why, only when neither works.
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _run(*cmd: str) -> bool:
    return subprocess.run(list(cmd), capture_output=True).returncode == 0


@contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """Make ``folder`` read-only for this process for the duration."""
    if os.geteuid() == 0:
        if not _run("mount", "--bind", "-o", "ro", str(folder), str(folder)):
            pytest.skip("running as root without permission to mount: cannot make a folder read-only")
        try:
            yield folder
        finally:
            _run("umount", str(folder))
        return
    mode = folder.stat().st_mode
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        yield folder
    finally:
        folder.chmod(mode)


@contextmanager
def small_disk(folder: Path, size_kb: int) -> Iterator[Path]:
    """Mount a ``size_kb`` tmpfs on ``folder`` (which must be empty)."""
    folder.mkdir(parents=True, exist_ok=True)
    if not _run("mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)):
        pytest.skip("cannot mount a small tmpfs here (needs root or CAP_SYS_ADMIN)")
    try:
        yield folder
    finally:
        _run("umount", "-l", str(folder))
