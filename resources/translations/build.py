"""Refresh the .ts sources from ui/ and build the .qm files: the project's own tooling.

    .venv/bin/python -m resources.translations.build            # lupdate + lrelease
    .venv/bin/python -m resources.translations.build --release  # lrelease only (packaging)

Uses ``pyside6-lupdate`` / ``pyside6-lrelease``, which come with PySide6-Essentials.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LANGUAGES = ("zh_CN",)


def _tool(name: str) -> str:
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6-Essentials")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--release", action="store_true", help="only build the .qm files")
    args = parser.parse_args(argv)
    for lang in LANGUAGES:
        ts = HERE / f"outlet_pos_{lang}.ts"
        if not args.release:
            subprocess.run(
                [
                    _tool("pyside6-lupdate"),
                    "-no-obsolete",
                    "-source-language",
                    "en",
                    "-target-language",
                    lang,
                    *sources(),
                    "-ts",
                    str(ts.relative_to(ROOT)),
                ],
                cwd=ROOT,
                check=True,
            )
        subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
