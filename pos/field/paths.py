"""Where the terminal keeps its data: ``--data-dir``, else ``POS_DATA_DIR``, else the OS's
per-user data folder (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "outlet-pos"


def default_data_dir() -> Path:
    env = os.environ.get("POS_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return user_data_path(APP_NAME, appauthor=False)


def resolve_data_dir(explicit: str | os.PathLike[str] | None) -> Path:
    return Path(explicit).expanduser() if explicit else default_data_dir()
