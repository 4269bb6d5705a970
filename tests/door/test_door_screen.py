"""The door screen (pytest-qt, offscreen): wedge input while another widget has focus, a
person typing is not a scan, the verdict screen's colours, texts and counts."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from pos.door import DoorValidator, Verdict
from pos.tickets import TicketSigner, generate_private_key
from tests.door.helpers import Clock, Door, revoke
from ui.door.verdict_panel import AMBER
from ui.door.wedge import WedgeFilter
from ui.screens.door import GREEN, RED, DoorScreen

# Scans a minute apart: each one is judged anew (the same ticket within REPEAT_SECONDS at the
# same door would show its first green again; test_a_ticket_read_again_at_once_stays_green).
APART = itertools.count(0, 60).__next__


class FakeTime:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def _shown_screen(qtbot, door: Door) -> DoorScreen:  # type: ignore[no-untyped-def]
    s = DoorScreen(
        DoorValidator(door.store, performance_id="P-CONCERT", gate="G1", clock=Clock()),
        sound=False,
        monotonic=APART,
    )
    qtbot.addWidget(s)
    s.show()
    qtbot.waitExposed(s)
    return s


@pytest.fixture
def screen(qtbot, door: Door) -> Iterator[DoorScreen]:  # type: ignore[no-untyped-def]
    s = _shown_screen(qtbot, door)
    yield s
    s.wedge.remove()


def test_wedge_burst_while_another_widget_has_focus(qtbot, screen: DoorScreen, door: Door) -> None:  # type: ignore[no-untyped-def]
    code, tid = door.ticket()
    other = QLineEdit()
    qtbot.addWidget(other)
    other.show()
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    with qtbot.waitSignal(screen.verdict_shown, timeout=5000) as got:
        qtbot.keyClicks(other, code)  # as fast as a scanner types
        qtbot.keyClick(other, Qt.Key.Key_Return)
    result = got.args[0]
    assert result.verdict is Verdict.VALID and result.ticket_id == tid
    assert other.text() == ""  # the scanner's keystrokes never reached the focused box
    assert screen.panel.property("colour") == GREEN and screen.headline.text() == "VALID"
    # The next scan is taken at once: the same ticket again, now red.
    with qtbot.waitSignal(screen.verdict_shown, timeout=5000) as again:
        qtbot.keyClicks(other, code.lower())
        qtbot.keyClick(other, Qt.Key.Key_Enter)
    assert again.args[0].verdict is Verdict.ALREADY_ADMITTED
    assert screen.panel.property("colour") == RED and screen.headline.text() == "ALREADY ADMITTED"
    assert screen.detail.text().startswith("Admitted at gate G1 at ")
    assert screen.counts_label.text() == "Admitted 1 / 119 · Refused 1"


def test_person_typing_is_not_a_scan(qtbot) -> None:  # type: ignore[no-untyped-def]
    clock = FakeTime()
    wedge = WedgeFilter(max_gap_ms=40, min_length=8, clock=clock)
    wedge.install()
    box = QLineEdit()
    host = QWidget()
    QVBoxLayout(host).addWidget(box)
    qtbot.addWidget(host)
    host.show()
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    scans: list[str] = []
    wedge.scanned.connect(scans.append)
    try:
        for ch in "order 12345678":
            qtbot.keyClick(box, ch)
            clock.t += 0.2  # 200 ms a key: a person
        qtbot.waitUntil(lambda: box.text() == "order 12345678")
        qtbot.keyClick(box, Qt.Key.Key_Return)
        assert scans == []
        # A short fast burst (fewer than min_length) is typed text too.
        box.clear()
        qtbot.keyClicks(box, "ab1")
        qtbot.keyClick(box, Qt.Key.Key_Return)
        assert box.text() == "ab1" and scans == []
        # Ctrl shortcuts pass through untouched.
        box.selectAll()
        qtbot.keyClick(box, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
        assert box.text() == ""
    finally:
        wedge.remove()


def test_revoked_and_manual_search(qtbot, screen: DoorScreen, door: Door) -> None:  # type: ignore[no-untyped-def]
    code, tid = door.ticket()
    revoke(door.store, tid, "reprint", replaced_by="NEWTICKETAAAAAAA")
    screen.search.setText(code)
    with qtbot.waitSignal(screen.verdict_shown, timeout=5000):
        screen.manual_search()
    assert screen.headline.text() == "REPLACED BY REPRINT" and "NEWTICKETAAAAAAA" in screen.detail.text()
    screen.search.setText("NO-SUCH-ORDER")
    screen.manual_search()
    assert screen.headline.text() == "NOT FOUND" and screen.panel.property("colour") == RED
    screen.search.setText("x" * 60)
    screen.manual_search()
    assert screen.headline.text() == "NOT FOUND"


def test_real_name_holder_and_exits(qtbot, screen: DoorScreen, door: Door) -> None:  # type: ignore[no-untyped-def]
    code, _ = door.ticket(holder="张*·1234")
    with qtbot.waitSignal(screen.verdict_shown, timeout=5000):
        screen.scan(code)
    assert "张*" in screen.holder.text() and "****1234" in screen.holder.text()
    screen.exit_button.setChecked(True)
    assert screen.headline.text() == "Scan an exit"
    screen.validator._clock.tick()  # type: ignore[attr-defined]
    with qtbot.waitSignal(screen.verdict_shown, timeout=5000) as got:
        screen.scan(code)
    assert got.args[0].green and screen.headline.text() == "EXIT OK"


def test_fast_typed_order_number_reaches_the_search_box(qtbot, screen: DoorScreen) -> None:  # type: ignore[no-untyped-def]
    screen.search.setFocus()
    qtbot.waitUntil(screen.search.hasFocus)
    qtbot.keyClicks(screen.search, "NO-ORDER-42")  # fast, but far shorter than any ticket code
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)  # goes on to the box: its search runs
    qtbot.waitUntil(lambda: screen.headline.text() == "NOT FOUND")
    assert "NO-ORDER-42" in screen.detail.text()


def test_double_admission_after_a_split_is_shown(qtbot, screen: DoorScreen, door: Door) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from pos.door.scanlog import ScanRecord, merge

    code, tid = door.ticket()
    with qtbot.waitSignal(screen.verdict_shown, timeout=5000):
        screen.scan(code)
    assert screen.doubles_label.text() == ""
    at = screen.validator._clock() - timedelta(seconds=30)  # type: ignore[attr-defined]
    merge(door.store, [ScanRecord("peer-1", tid, "P-CONCERT", "G2", "in", "valid", at, "D02")], origin="peer")
    screen.refresh_counts()
    assert screen.doubles_label.text() == "1 double admissions (split)"


def test_door_screen_in_chinese(qtbot, door: Door) -> None:  # type: ignore[no-untyped-def]
    from ui.app import ensure_app, install_language

    app = ensure_app()
    assert install_language(app, "zh")
    try:
        s = _shown_screen(qtbot, door)
        with qtbot.waitSignal(s.verdict_shown, timeout=5000):
            s.scan("garbage")
        assert s.headline.text() == "无法识别"
        assert s.counts_label.text().startswith("已入场 0 / 119")
        s.wedge.remove()
    finally:
        install_language(app, "en")


def test_door_mode_picks_performance_and_gate(qtbot, door: Door) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from pos.door.opened import open_doors
    from tests.door.helpers import DOORS_OPEN
    from ui.screens.door_mode import DoorMode

    class Info:
        zone = ZoneInfo("Asia/Shanghai")

    class Ctx:
        store = door.store
        language = "en"
        info = Info()

        @staticmethod
        def clock():  # type: ignore[no-untyped-def]
            return Clock()()

    mode = DoorMode(Ctx())
    qtbot.addWidget(mode)
    mode.show()
    ids = [mode.performances.itemData(i) for i in range(mode.performances.count())]
    # Still to come today or tomorrow, not over, not cancelled (issue 20, item 2).
    assert "P-CONCERT" in ids and "P-PAST" not in ids and "P-CANCELLED" not in ids
    label = mode.performances.itemText(ids.index("P-CONCERT"))
    local = (DOORS_OPEN + timedelta(hours=1)).astimezone(Info.zone)
    assert label.startswith(f"{local:%m-%d %H:%M}")  # the terminal's time, not UTC
    assert not mode.empty.isVisible()
    mode.performances.setCurrentIndex(ids.index("P-CONCERT"))
    assert [mode.gates.itemData(i) for i in range(mode.gates.count())] == ["G1", "G2"]
    mode.gates.setCurrentIndex(1)
    screen = mode.open_door()
    assert screen is not None and screen.validator.gate == "G2" and mode.stack.currentWidget() is screen
    assert open_doors(door.store, now=Clock()()) == ["P-CONCERT"]  # the background sync pulls its scans
    code, _ = door.ticket(gate="G2")
    assert screen.scan(code) is not None and screen.headline.text() == "VALID"
    again = mode.open_door()  # a new choice replaces the old screen
    assert again is not screen and mode.stack.count() == 2
    mode.close_door()  # camera, peers and validator released
    assert mode.door_screen is None and mode.stack.count() == 1


def test_every_verdict_is_worded_in_the_stewards_language(qtbot, door: Door) -> None:  # type: ignore[no-untyped-def]
    """The core's reasons are English (logs, CLI); a Chinese door shows Chinese words built
    from the scan's facts: gate and time, seat and concession with its check, the other
    performance, the replacing ticket."""
    import re
    from datetime import timedelta

    from tests.door.helpers import DOORS_OPEN, add_key, revoke
    from ui.app import ensure_app, install_language

    app = ensure_app()
    assert install_language(app, "zh")
    clock = Clock()
    try:
        s = DoorScreen(
            DoorValidator(door.store, performance_id="P-CONCERT", gate="G1", clock=clock),
            sound=False,
            monotonic=APART,
        )
        qtbot.addWidget(s)
        s.show()

        def line(code: str) -> str:
            clock.tick()
            with qtbot.waitSignal(s.verdict_shown, timeout=5000):
                s.scan(code)
            return s.detail.text()

        child, _ = door.ticket(concession="child", item="A-1-2")
        assert line(child) == "A区 1排 2座 · 儿童 · 核验：持票人证件"  # the seat as printed, not its id
        assert re.fullmatch(r"已于 G1 号门 \d\d:\d\d:\d\d 入场", line(child))
        adult, _ = door.ticket()
        assert line(adult) == "A区 1排 1座 · 成人"
        reprinted, tid = door.ticket()
        revoke(door.store, tid, "reprint", replaced_by="NEWTICKETAAAAAAA")
        assert line(reprinted) == "已重打，只有新票有效（新票 NEWTICKETAAAAAAA）"
        refunded, tid = door.ticket()
        revoke(door.store, tid, "refund")
        assert line(refunded) == "已退票：此票已失效"
        other, _ = door.ticket(performance="P-MATCH")
        assert line(other).startswith("此票属于 测试球赛 ")
        wrong_gate, _ = door.ticket(gate="G2")
        assert line(wrong_gate) == "请持票人前往 G2 号门"
        assert line("garbage") == "不是票码或已损坏：请重扫或按订单号查询"
        stranger = TicketSigner(generate_private_key())
        assert line(door.ticket(signer=stranger)[0]) == "非任何网点或平台签发：请联系主管"
        add_key(door.store, stranger, owner="terminal:T99")
        forged = door.ticket(signer=stranger)[0]
        forged = forged[:30] + ("A" if forged[30] != "A" else "B") + forged[31:]
        assert line(forged) in ("票码被篡改或伪造：请联系主管", "不是票码或已损坏：请重扫或按订单号查询")
        clock.at = DOORS_OPEN - timedelta(minutes=30)
        assert re.fullmatch(r"\d\d-\d\d \d\d:\d\d 开始入场", line(door.ticket()[0]))  # with the date
        # The title: the event in the steward's language, with its date (it was English).
        title = s.findChild(QLabel, "doorTitle")
        assert title is not None and title.text().startswith("测试音乐会 ")
        s.release_inputs()
    finally:
        install_language(app, "en")


def test_a_ticket_read_again_at_once_stays_green(qtbot, door: Door) -> None:  # type: ignore[no-untyped-def]
    """A scanner that sends twice, or camera and scanner both: the same green, counted once;
    after REPEAT_SECONDS, or another ticket in between, the scan is judged anew."""
    from pos.door import counts
    from tests.door.camera_frames import Ticker
    from ui.screens.door import REPEAT_SECONDS

    ticker = Ticker()
    s = DoorScreen(
        DoorValidator(door.store, performance_id="P-CONCERT", gate="G1", clock=Clock()),
        sound=False,
        monotonic=ticker,
    )
    qtbot.addWidget(s)
    code, _ = door.ticket()
    first = s.scan(code)
    assert first is not None and first.admitted
    ticker.advance(0.5)
    again = s.scan(" " + code.lower() + "\n")  # as a wedge or a camera may give it
    # Amber, counted once (issue 20, item 16: green let a ticket passed back over the barrier in).
    assert again is first and s.panel.property("colour") == AMBER
    assert s.headline.text() == "ADMITTED JUST NOW"
    assert s.detail.text() == "Block A, Row 1, Seat 1 · Adult: let in 1 s ago at this gate. One person per ticket."
    assert counts(door.store, "P-CONCERT").admitted == 1 and s.admitted == 1
    ticker.advance(REPEAT_SECONDS)
    late = s.scan(code)
    assert late is not None and late.verdict is Verdict.ALREADY_ADMITTED
    # A refusal is never repeated as green, and another ticket in between ends the window.
    other, _ = door.ticket()
    assert s.scan(other).admitted  # type: ignore[union-attr]
    assert s.scan(code).verdict is Verdict.ALREADY_ADMITTED  # type: ignore[union-attr]
    s.release_inputs()


def test_a_door_central_refuses_says_a_supervisor_must_bind_it(screen: DoorScreen, door: Door) -> None:
    """Issue 16: central takes scans only from terminals bound as doors of the venue. Until a
    supervisor binds this one, the Door tab says so (its scans are kept, verdicts go on)."""
    from pos.store import settings
    from sync.door.central import NOT_A_DOOR

    assert screen.unbound_label.isHidden()
    settings.put(door.store, NOT_A_DOOR, True)  # what the sync records on central's 403 not_a_door
    screen.refresh_counts()
    assert not screen.unbound_label.isHidden()
    text = screen.unbound_label.text()
    assert "supervisor" in text and f"pos central door bind {screen.validator.terminal_id}" in text
    settings.put(door.store, NOT_A_DOOR, False)  # bound, and the next upload was taken
    screen.refresh_counts()
    assert screen.unbound_label.isHidden()
