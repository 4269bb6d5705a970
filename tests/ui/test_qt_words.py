"""Issue 20, item 13: Qt's own words in dialogs (OK, Cancel, Close, Show Details…) follow the
UI's language: Chinese from Qt's catalogue shipped with PySide6, English otherwise."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox


def _buttons() -> dict[str, str]:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok
        | QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Close
    )
    words = {
        name: box.button(which).text().replace("&", "")
        for name, which in (
            ("ok", QDialogButtonBox.StandardButton.Ok),
            ("cancel", QDialogButtonBox.StandardButton.Cancel),
            ("close", QDialogButtonBox.StandardButton.Close),
        )
    }
    box.deleteLater()
    return words


def test_dialog_buttons_speak_the_uis_language(qtbot: Any) -> None:
    from ui.application import ensure_app, install_language

    app = ensure_app()
    try:
        assert install_language(app, "zh")
        zh = _buttons()
        assert zh["ok"].startswith("确定") and zh["cancel"].startswith("取消") and zh["close"].startswith("关闭")
        box = QMessageBox(QMessageBox.Icon.Warning, "x", "y")
        box.setDetailedText("details")
        qtbot.addWidget(box)
        details = [b.text() for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.ActionRole]
        assert details and not any("Details" in t for t in details), details
        assert not install_language(app, "en")
        en = _buttons()
        assert en["ok"] == "OK" and en["cancel"] == "Cancel" and en["close"] == "Close"
    finally:
        install_language(app, "en")
