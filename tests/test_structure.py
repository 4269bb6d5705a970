"""The shape of the code (issue 15): no import cycle between modules, no file over 400 lines.

Both rules are cheap to keep and expensive to win back: a cycle makes two modules one room
with two doors, and a long file is where a screen or a service stops having seams."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pos", "sync", "printing", "ui", "central", "poscli", "resources")
MAX_LINES = 400


def strongly_connected(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative: the groups of modules that reach each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))
    return groups


def module_graph() -> dict[str, set[str]]:
    """Every import between the project's modules, function-level and TYPE_CHECKING ones too.

    A package's ``__init__`` re-exporting its own submodules is not a cycle of the design
    (``pos.sales`` → ``pos.sales.service`` → ``pos.sales.cart``), so an import of a module's
    own ancestor package is left out; everything else counts."""
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        targets = graph.find_modules_directly_imported_by(module)
        edges[module] = {t for t in targets if not module.startswith(t + ".")}
    return edges


def test_the_cycle_finder_finds_a_cycle() -> None:
    # The finder itself: a cycle of three and a self-contained tail.
    found = strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"a"}})
    assert found == [["a", "b", "c"]]
    assert strongly_connected({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_between_modules() -> None:
    cycles = strongly_connected(module_graph())
    assert cycles == [], "import cycles: " + "; ".join(" ↔ ".join(c) for c in cycles)


def _tracked_python_files() -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard", "*.py"],
            cwd=ROOT, check=True, capture_output=True, text=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the list of the project's files comes from git")
    return [ROOT / f for f in out if (ROOT / f).exists()]


def _exempt(path: Path) -> bool:
    # Alembic revisions are history, written once; .venv and build output are not ours.
    rel = path.relative_to(ROOT).as_posix()
    return "/migrations/versions/" in rel


def test_no_python_file_over_400_lines() -> None:
    files = _tracked_python_files()
    assert len(files) > 100  # the project's files, not an empty listing
    long = {
        path.relative_to(ROOT).as_posix(): n
        for path in files
        if not _exempt(path) and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"files over {MAX_LINES} lines: {long}"
