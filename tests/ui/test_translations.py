from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from ui.app import ensure_app, install_language, register_cjk_font, translations_dir


@pytest.fixture
def chinese(qtbot: Any) -> Iterator[None]:
    app = ensure_app()
    assert install_language(app, "zh")
    yield
    install_language(app, "en")


def test_the_qm_is_shipped_and_at_least_as_new_as_the_ts() -> None:
    folder = translations_dir()
    ts, qm = folder / "outlet_pos_zh_CN.ts", folder / "outlet_pos_zh_CN.qm"
    assert ts.exists() and qm.exists()
    assert qm.stat().st_mtime >= ts.stat().st_mtime - 1, "run python -m resources.translations.build"
    assert QTranslator().load(str(qm))


def test_chinese_strings_translate(window: Any, chinese: None) -> None:
    assert QCoreApplication.translate("errors", "Sign-in failed") == "登录失败"
    from ui.main_window import MainWindow
    from ui.widgets.help import HelpDialog

    dialog = HelpDialog()
    assert dialog.windowTitle() == "快捷键"
    assert MainWindow.__name__  # the window built under zh:
    w = MainWindow(window.ctx)
    try:
        assert w.modes.tabText(0) == "售票"
    finally:
        w.shutdown()


def test_the_cjk_font_is_registered() -> None:
    app = ensure_app()
    family = register_cjk_font(app)
    assert family and family in app.font().families()
    assert Path(translations_dir()).is_dir()


def test_a_name_outside_the_shipped_font_shows_in_a_system_cjk_font() -> None:
    """The shipped font covers GB2312; a holder's name may not (喆, U+5586, is outside it).
    Qt then falls back to a CJK font of the system (Debian's fonts-wqy-microhei, say)."""
    from PySide6.QtGui import QFont, QFontDatabase, QRawFont, QTextLayout

    app = ensure_app()
    shipped = register_cjk_font(app)
    assert not QRawFont.fromFont(QFont(shipped)).supportsCharacter(ord("喆"))
    system = [
        f for f in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese) if f != shipped
    ]
    if not system:
        pytest.skip(
            "no CJK font on this system; Debian/Ubuntu: apt install fonts-wqy-microhei (or fonts-noto-cjk)"
        )
    layout = QTextLayout("王喆", app.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    drawn_by = [run.rawFont() for run in layout.glyphRuns()]
    assert any(f.supportsCharacter(ord("喆")) for f in drawn_by), [f.familyName() for f in drawn_by]
    assert any(f.familyName() == shipped for f in drawn_by)  # 王 still in the shipped font


def test_sync_and_printer_messages_translate(chinese: None) -> None:
    from printing.errors import PrinterUnreachable
    from ui.bridge import SyncNotPossible
    from ui.errors import describe

    printer = describe(PrinterUnreachable("printer P1: connection refused"))
    assert printer.title == "无法连接打印机" and "交易已保存" in printer.text and "重试" in printer.next_step
    sync = describe(SyncNotPossible("token missing"))
    assert sync.title == "无法同步" and "重新注册" in sync.next_step
    assert QCoreApplication.translate("StatusBar", "No printer") == "无打印机"
