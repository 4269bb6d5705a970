"""Logging of the ``pos`` command and the app: the console, and rotating files in the data folder.

``<data folder>/logs/pos.log`` keeps the last few megabytes (1 MB x 5 files) at INFO, so an
outlet's IT person can send it to support. When the folder cannot be written (read-only,
not created yet), file logging is skipped: a log must never stop a sale.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
from pathlib import Path

from pos.store.private import make_private_dir, open_private_append

LOG_FOLDER = "logs"
LOG_FILE = "pos.log"
MAX_BYTES = 1024 * 1024
BACKUPS = 5
_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Opens each log file 0600 (logs name staff and orders); rotation renames, keeping it."""

    def _open(self) -> io.TextIOWrapper:
        return open(open_private_append(Path(self.baseFilename)), "a", encoding=self.encoding)


def setup_logging(data_dir: Path, *, verbose: bool = False) -> Path | None:
    """Configure the root logger; return the log file, or None when it cannot be written."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_pos_handler", False):
            root.removeHandler(handler)
            handler.close()
    # Like logging.basicConfig: a console handler only when nobody (a test runner, an
    # embedding program) configured logging already.
    if not root.handlers:
        console = logging.StreamHandler()
        console.setLevel(logging.INFO if verbose else logging.WARNING)
        console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        console._pos_handler = True  # type: ignore[attr-defined]
        root.addHandler(console)
    root.setLevel(logging.INFO)
    path = Path(data_dir) / LOG_FOLDER / LOG_FILE
    if not Path(data_dir).is_dir():
        return None  # `pos init`/`pos setup` have not made the folder yet
    try:
        make_private_dir(path.parent, parents=False)
        handler = _PrivateRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
        # Open now, so a read-only folder is found here and not in the middle of a sale.
        handler.stream = handler._open()
    except OSError:
        return None
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._pos_handler = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return path
