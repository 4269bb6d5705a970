"""Issue 20, item 5: the app fits a 1366x768 screen with its status bar, on every screen, in
both languages, offline banner shown (its minimum height was about 765 px: the status bar
with online state and queue fell off the screen)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.helpers import sign_in

# What a window manager leaves of 768 px (a title bar, a panel): the window must fit in it.
USABLE = (1366, 768 - 60)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_screen_fits_1366_by_768(qtbot: Any, ctx: Any, language: str) -> None:
    from dataclasses import replace

    from ui.application import ensure_app, install_language
    from ui.main_window import MainWindow

    install_language(ensure_app(), language)
    try:
        window = MainWindow(replace(ctx, language=language))
        qtbot.addWidget(window)
        window.show()
        sign_in(qtbot, window)
        window.offline_banner.setText("x " * 80)
        window.offline_banner.setVisible(True)
        for i in range(window.modes.count()):
            window.modes.setCurrentIndex(i)
            hint = window.minimumSizeHint()
            name = window.modes.currentWidget().objectName()
            assert hint.width() <= USABLE[0] and hint.height() <= USABLE[1], (name, hint.toTuple())
        window.resize(*USABLE)
        qtbot.waitUntil(lambda: window.height() <= USABLE[1], timeout=3000)
        assert window.statusBar().isVisible()
        assert window.statusBar().geometry().bottom() <= window.height()
        window.shutdown()
    finally:
        install_language(ensure_app(), "en")
