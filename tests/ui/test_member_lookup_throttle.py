"""Issue 22: when central refuses this terminal's member look-ups by phone (too many), F7 says
so in the clerk's words and points to the code or the number; nothing is applied to the cart."""

from __future__ import annotations

from typing import Any

import pytest

from sync.members import MemberLookupRefused
from tests.ui.helpers import sign_in
from tests.ui.test_member_lookup import _lookup
from tests.ui.test_sell import _choose_concert


def test_f7_shows_the_phone_look_up_throttle(qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*_a: Any, **_kw: Any) -> Any:
        raise MemberLookupRefused("too many member look-ups by phone at this terminal: try again later",
                                  reason="member_lookup_throttled", retry_after=42)

    monkeypatch.setattr("sync.members.find_member", refused)
    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    sell = window.sell
    dialog = _lookup(qtbot, sell, "13800001111")
    qtbot.waitUntil(lambda: "Too many look-ups by phone" in dialog.problem.text(), timeout=10_000)
    assert "member code" in dialog.problem.text()
    assert dialog.found is None and not dialog.use.isEnabled()
    assert sell.cart.member.text() == ""
    dialog.reject()
