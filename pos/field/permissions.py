"""``pos doctor``'s permission check: is the data folder private to the POS user?

The folder and every folder in it should be 0700, every file 0600 (:mod:`pos.store.private`
creates them so). A data folder copied in by hand, restored by an archiver, or made before
this version can be looser: the check names what is, and with ``repair`` tightens it and
says so in the log. Symbolic links are neither followed nor changed. Not checked on Windows,
where POSIX modes mean nothing.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pos.store.private import POSIX, PRIVATE_DIR, PRIVATE_FILE

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Loose:
    path: Path
    mode: int  # the permission bits found
    wanted: int


def _walk(root: Path) -> Iterable[Path]:
    yield root
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in (*dirs, *files):
            yield Path(folder) / name


def find_loose(data_dir: Path, extra_files: Iterable[Path] = ()) -> list[Loose]:
    """Folders and files under ``data_dir`` (and ``extra_files``, e.g. backups kept elsewhere)
    that other users could read or write."""
    if not POSIX or not Path(data_dir).is_dir():
        return []
    found: list[Loose] = []
    for path in (*_walk(Path(data_dir)), *extra_files):
        try:
            st = path.lstat()
        except OSError:
            continue  # gone while we looked (a WAL checkpoint, a rotated log)
        if stat.S_ISDIR(st.st_mode):
            wanted = PRIVATE_DIR
        elif stat.S_ISREG(st.st_mode):
            wanted = PRIVATE_FILE
        else:
            continue
        mode = stat.S_IMODE(st.st_mode)
        if mode & 0o077:
            found.append(Loose(path, mode, wanted))
    return found


def repair(loose: Iterable[Loose]) -> list[Loose]:
    """Take group and other access away from each; returns the ones that could not be changed."""
    failed: list[Loose] = []
    for item in loose:
        try:
            os.chmod(item.path, item.wanted, follow_symlinks=False)
        except (OSError, NotImplementedError):
            failed.append(item)
            continue
        log.warning(
            "tightened %s from %o to %o: it was open to other users", item.path, item.mode, item.wanted
        )
    return failed
