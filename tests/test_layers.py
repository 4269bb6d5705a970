"""Layer rules of DESIGN.md that import-linter's contracts cannot say on their own."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports(package: str) -> list[tuple[Path, str]]:
    found = []
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found += [(path, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((path, node.module))
    return found


def test_central_uses_only_the_shared_protocol_of_this_project() -> None:
    ours = ("pos", "sync", "printing", "ui", "poscli")
    bad = [
        f"{p.relative_to(ROOT)}: {m}"
        for p, m in _imports("central")
        if m.split(".")[0] in ours and not (m == "sync.protocol" or m.startswith("sync.protocol."))
    ]
    assert bad == []


def test_pyside6_only_under_ui() -> None:
    for package in ("pos", "sync", "printing", "central", "poscli"):
        assert [m for _, m in _imports(package) if m.startswith("PySide6")] == [], package
