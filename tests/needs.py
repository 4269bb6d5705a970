"""What a test needs from the operating system rather than from pip: a shared library of a
Debian package, a program, a font. Present, the test runs; absent, it skips and says which
package to install (``.ci/run`` installs them all, so CI runs every such test). A missing
Python dependency is not skipped: pip installs those, and a broken install should fail."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

# The shared libraries the tests' Qt modules and plugins load, by the Debian/Ubuntu package
# that has them (`ldd` names the library; `apt-file search` the package).
DEBIAN = {
    "libpulse.so.0": "libpulse0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def packages_for(message: str) -> str:
    """The Debian packages for the libraries a loader message or ``ldd`` output names."""
    libs = dict.fromkeys(re.findall(r"(lib[\w.+-]+\.so[\d.]*)", message))
    return " ".join(DEBIAN.get(lib, lib) for lib in libs) or "?"


def qtmultimedia() -> ModuleType:
    """PySide6.QtMultimedia (camera scanning, verdict sounds), or a skip when a system
    library it loads is missing (Debian's libpulse0 on a fresh machine)."""
    try:
        from PySide6 import QtMultimedia
    except ModuleNotFoundError:
        raise  # PySide6-Addons is a dependency of the project: not a reason to skip
    except (ImportError, OSError) as exc:
        pytest.skip(f"QtMultimedia cannot load ({exc}); Debian/Ubuntu: apt install {packages_for(str(exc))}")
    return QtMultimedia


def missing_libraries(binary: Path) -> list[str]:
    """The shared libraries ``binary`` needs that the loader does not find (as ``ldd`` says)."""
    out = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, check=False).stdout
    return list(dict.fromkeys(re.findall(r"^\s*(\S+) => not found", out, flags=re.MULTILINE)))


def qt_xcb() -> None:
    """Skip unless Qt's X11 platform plugin (xcb) can load and an X server (Xvfb) can start."""
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists():
        pytest.skip(f"no xcb platform plugin at {plugin} (not Linux?)")
    missing = missing_libraries(plugin)
    if missing:
        pytest.skip(
            f"Qt's xcb plugin needs {', '.join(missing)}; Debian/Ubuntu: apt install {packages_for(' '.join(missing))}"
        )
    if shutil.which("Xvfb") is None:
        pytest.skip("no X server to test on; Debian/Ubuntu: apt install xvfb")
