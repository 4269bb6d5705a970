"""Issue 20, item 13: the Chinese UI uses full-width punctuation, in the shipped translations
and where the code puts a title and a message together ("请检查输入: " was shown)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

TS = Path(__file__).resolve().parents[2] / "resources" / "translations" / "outlet_pos_zh_CN.ts"
# Half-width , : ; ! ? right after Chinese (a key hint in parentheses, "收款 (F12)", is fine).
HALF_WIDTH_AFTER_CJK = re.compile(r"[\u4e00-\u9fff）][,:;!?](\s|$|%)")


@pytest.fixture
def zh() -> Iterator[None]:
    from ui.application import ensure_app, install_language

    app = ensure_app()
    install_language(app, "zh")
    yield
    install_language(app, "en")


def test_no_translation_uses_half_width_punctuation_after_chinese() -> None:
    bad = []
    for message in ET.parse(TS).getroot().iter("message"):
        translation = message.find("translation")
        assert translation is not None
        for text in [translation.text or ""] + [f.text or "" for f in translation.findall("numerusform")]:
            if HALF_WIDTH_AFTER_CJK.search(text):
                bad.append(text)
    assert bad == []


def test_a_title_and_its_message_are_joined_the_languages_way(zh: None) -> None:
    from ui.errors import headed

    assert headed("请检查输入", "金额无效。", "请更正后重试。") == "请检查输入：金额无效。请更正后重试。"
    assert headed("标题") == "标题" and headed("标题", "", " ") == "标题"


def test_in_english_a_colon_and_spaces(qtbot: Any) -> None:
    from ui.application import ensure_app, install_language
    from ui.errors import headed

    install_language(ensure_app(), "en")
    assert headed("Please check", "Not an amount.", "Correct it.") == "Please check: Not an amount. Correct it."


def test_the_shift_screens_refusal_reads_as_chinese(qtbot: Any, ctx: Any, counter: Any, zh: None) -> None:
    from ui.bridge import Bridge
    from ui.screens.shift import ShiftScreen

    bridge = Bridge(ctx)
    screen = ShiftScreen(bridge)
    qtbot.addWidget(screen)
    screen.set_session(counter.clerk)
    screen.amount_edit.setText("-5")
    screen.cash_out_button.click()
    text = screen.error_label.text()
    assert "：" in text and ": " not in text and "not an amount" not in text.lower()  # no English
    assert "not an amount" in screen.error_label.toolTip()  # kept for a supervisor
    bridge.runner.wait()
