"""The design system (ui/theme): one style sheet from named tokens, applied at start and
scaled once by the screen; no widget sets its own colours or sizes; the icons load."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "ui"


def test_the_scale_follows_the_screen_height() -> None:
    from ui.theme import scale_for

    assert scale_for(768) == 1.0 and scale_for(900) == 1.0  # 1366×768, 1600×900: the base
    assert scale_for(1080) == 1.25 and scale_for(1200) == 1.25  # 1920×1080: fonts grow
    assert scale_for(1440) == 1.5


def test_fonts_scale_when_the_app_starts_on_a_1920_by_1080_screen(qtbot: Any) -> None:
    """Issue 20, item 5: at 1920×1080 the fonts did not scale when maximised."""
    from PySide6.QtWidgets import QLabel

    from ui.application import ensure_app
    from ui.theme import TYPE, apply_theme, pt, scale_for

    app = ensure_app()
    try:
        apply_theme(app, scale_for(1080))
        assert app.font().pointSize() == round(TYPE["body"] * 1.25) == pt("body")
        label = QLabel("x")
        qtbot.addWidget(label)
        assert label.font().pointSize() == pt("body")
        assert pt("hero") == round(TYPE["hero"] * 1.25)
    finally:
        apply_theme(app, 1.0)
    assert app.font().pointSize() == TYPE["body"]


@pytest.mark.parametrize("factor", [1.0, 1.25, 1.5])
def test_the_style_sheet_parses_and_names_only_tokens(qtbot: Any, factor: float) -> None:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    from ui.theme import COLOURS, style_sheet

    sheet = style_sheet(factor)
    colours = set(re.findall(r"#[0-9a-fA-F]{6}\b", sheet))
    assert colours <= set(COLOURS.values()), colours - set(COLOURS.values())
    problems: list[str] = []
    previous = qInstallMessageHandler(
        lambda kind, _ctx, msg: problems.append(msg) if kind != QtMsgType.QtDebugMsg and "style" in msg.lower() else None
    )
    try:
        from PySide6.QtWidgets import QPushButton

        button = QPushButton("x")
        qtbot.addWidget(button)
        button.setStyleSheet(sheet)  # Qt parses it here, and complains if it cannot
        button.show()
        button.ensurePolished()
    finally:
        qInstallMessageHandler(previous)
    assert problems == []


def test_no_widget_sets_its_own_style_or_colour() -> None:
    """Colours, sizes and styles come from ui/theme: no setStyleSheet, no hex colour, no
    point size outside it (the seat map's zones bring their colours from the catalog)."""
    offenders = []
    for path in UI.rglob("*.py"):
        if path.parent.name == "theme":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0] if not re.search(r"[\"']#", line) else line
            if (
                "setStyleSheet(" in code
                or re.search(r"[\"']#[0-9a-fA-F]{3,6}[\"']", line)
                or re.search(r"setPointSize\(\d", code)
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_every_icon_loads(qtbot: Any) -> None:
    from ui.theme import icon
    from ui.theme.qss import icons_dir

    names = sorted(p.stem for p in icons_dir().glob("*.svg"))
    assert {"sell", "pickup", "door", "shift", "settings", "orders", "pay", "cash", "best", "add"} <= set(names)
    for name in names:
        assert not icon(name).isNull(), name
        assert not icon(name, "ink_inverse").pixmap(24, 24).isNull()
    used = set()
    for path in UI.rglob("*.py"):
        used |= set(re.findall(r"icon\(\"([a-z-]+)\"", path.read_text(encoding="utf-8")))
    assert used <= set(names), used - set(names)
    assert "LICENCE" in " ".join(p.name for p in icons_dir().iterdir())


def test_tones_and_variants_are_properties_the_style_sheet_reads(qtbot: Any) -> None:
    from PySide6.QtWidgets import QLabel, QPushButton

    from ui.application import ensure_app
    from ui.theme import colour, set_tone, set_variant

    ensure_app()
    label = QLabel("refused")
    qtbot.addWidget(label)
    set_tone(label, "error")
    label.show()
    assert label.property("tone") == "error"
    assert label.palette().windowText().color() == colour("error")
    set_tone(label, "")
    assert label.palette().windowText().color() == colour("ink")
    button = QPushButton("Pay")
    qtbot.addWidget(button)
    set_variant(button, "primary")
    button.show()
    assert button.property("variant") == "primary" and button.height() >= 44
