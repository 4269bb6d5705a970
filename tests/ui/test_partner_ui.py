"""A city partner on screen (issue 24): the status bar shows the credit left (amber under 20%
of the limit, red when selling is stopped) and the contract's end; the Partner screen shows a
supervisor the statement from a real central on loopback, today's commission, the close-outs
central disagreed with and what to do, and exports it; a refused sale says how much is left."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.importorskip("pytestqt")

from pos.errors import NotSellable
from pos.partner import account as acct
from tests.sync.conftest import MemoryKeyring


def _account(credit_left: int | None, *, limit: int = 100_000, end: Any = None) -> acct.Account:
    return acct.Account(outlet_id="BO-1", outlet_kind="partner", commission_bps=800, rules=(), credit_limit=limit,
                        credit_left=credit_left, contract_start=None, contract_end=end,
                        asked_at=datetime.now(UTC), pending=())


def test_status_bar_shows_credit_left_amber_under_a_fifth(qtbot: Any, window: Any, counter: Any) -> None:
    bar = window.status_bar
    assert not bar.partner_label.isVisibleTo(window)  # an own box office: nothing shown…
    tab = window.modes.indexOf(window.partner)
    assert not window.modes.isTabVisible(tab)  # …and no partner account mode

    def shown(level: str) -> bool:
        return bar.partner_label.isVisibleTo(window) and bar.partner_label.property("level") == level

    acct.keep(counter.store, _account(50_000))
    window.bridge.refresh_status()
    qtbot.waitUntil(lambda: shown("ok"), timeout=5000)
    assert bar.partner_label.text() == "Credit left ¥500.00 of ¥1,000.00"
    assert window.modes.isTabVisible(tab)  # a city partner has its account
    acct.keep(counter.store, _account(15_000))  # under 20% of the limit
    window.bridge.refresh_status()
    qtbot.waitUntil(lambda: shown("low"), timeout=5000)
    assert "¥150.00" in bar.partner_label.text()
    assert bar.partner_label.property("tone") == "warning" and not bar.partner_label.property("banner")  # amber
    today = datetime.now(counter.info.zone).date()
    acct.keep(counter.store, _account(60_000, end=today + timedelta(days=6)))  # ends within 14 days
    window.bridge.refresh_status()
    qtbot.waitUntil(lambda: shown("low") and "Contract ends" in bar.partner_label.text(), timeout=5000)
    assert "6 day(s) left" in bar.partner_label.text()
    acct.keep(counter.store, _account(60_000, end=today - timedelta(days=1)))
    window.bridge.refresh_status()
    qtbot.waitUntil(lambda: shown("out"), timeout=5000)
    assert "no sales" in bar.partner_label.text()
    assert bar.partner_label.property("tone") == "error" and bar.partner_label.property("banner")  # a red band


def test_a_refused_sale_says_how_much_credit_is_left(qtbot: Any) -> None:
    from ui.errors import describe

    msg = describe(NotSellable("over", reason="credit_limit", credit_left=22_980, needed=34_040))
    assert "¥229.80 left" in msg.text and "¥340.40" in msg.text
    msg = describe(NotSellable("ended", reason="contract_ended", contract_end="2030-01-31"))
    assert "2030-01-31" in msg.text and "refunds" in msg.next_step


def test_partner_screen_statement_mismatches_and_export(
    qtbot: Any, tmp_path: Path, memory_ring: MemoryKeyring
) -> None:
    from pos.staff.access import Role, StaffSession
    from pos.terminal.identity import load_signer, terminal_info
    from sync.enrol import connect
    from tests.sync.partner_helpers import partner_central, sell_seats, terminal
    from ui.app import ensure_app, install_language
    from ui.bridge import Bridge
    from ui.context import AppContext
    from ui.screens.partner import PartnerScreen

    with partner_central(f"sqlite:///{tmp_path / 'central.sqlite'}", credit_limit=1_000_000) as live:
        store, client = terminal(live, tmp_path / "t")
        sell_seats(store, client, ["B-1-1"])
        # A close-out central disagrees with (the terminal says two orders).
        today = datetime.now(UTC)
        r = httpx.put(f"{live.base}/v1/closeouts/{uuid.uuid4()}", headers={"Authorization": f"Bearer {client.token}"}, json={
            "business_date": today.date().isoformat(), "period_start": (today - timedelta(hours=2)).isoformat(),
            "period_end": (today + timedelta(minutes=1)).isoformat(),
            "totals": {"orders": 2, "tickets": 1, "gross": 18_500, "refunds": 0}}, timeout=10)
        assert r.status_code == 201, r.text
        install_language(ensure_app(), "en")
        ctx = AppContext(store=store, info=terminal_info(store), signer=load_signer(store), language="en",
                         idle_lock_seconds=0)
        bridge = Bridge(ctx)
        screen = PartnerScreen(bridge, lambda: connect(store))
        qtbot.addWidget(screen)
        screen.show()
        screen.set_session(StaffSession("C1", "Clerk", Role.CLERK, today))
        assert screen.notice.isVisible() and not screen.body.isVisible()  # a clerk sees no account
        screen.set_session(StaffSession("S1", "Supervisor", Role.SUPERVISOR, today))
        assert screen.body.isVisible()
        screen.period.setCurrentIndex(screen.period.findData("week"))
        assert screen.date_from.date() <= screen.date_to.date()
        screen.load()
        qtbot.waitUntil(lambda: screen.view is not None, timeout=10_000)
        assert screen.figures["sales"].text() == "¥185.00"
        assert screen.figures["commission"].text() == "¥14.80"
        assert screen.today_label.text() == "Commission today: ¥14.80"
        assert screen.lines.rowCount() == 1
        first = screen.mismatches.item(0).text()
        assert "orders: this terminal 2, central 1" in first and "What to do" in first
        csv_path = screen.export("csv", tmp_path / "st.csv")
        pdf_path = screen.export("pdf", tmp_path / "st.pdf")
        assert csv_path is not None and "sales,18500" in csv_path.read_text(encoding="utf-8")
        assert pdf_path is not None and pdf_path.read_bytes()[:5] == b"%PDF-"
        assert screen.export("csv", tmp_path / "no" / "such" / "dir.csv") is None  # said, not raised
        assert "cannot write" in screen.message.toolTip() and screen.message.text()
        # A period the wrong way round: said on the screen, nothing asked of central.
        screen.set_period(today.date(), today.date() - timedelta(days=3))
        screen.view = None
        screen.load()
        qtbot.waitUntil(lambda: "first day is after" in screen.message.toolTip(), timeout=5000)
        assert screen.view is None
        bridge.stop()
        store.close()


def test_a_partner_out_of_contract_or_credit_takes_no_hold_for_its_picks(
    qtbot: Any, window: Any, counter: Any
) -> None:
    """The app holds seats as the clerk picks them: a partner out of contract, or with its
    credit used up, is refused before central is asked for the hold; with credit left, the
    hold goes to central as before (this terminal has none, so it is unreachable there)."""
    from ui.ops import central

    def hold_refusal() -> BaseException:
        got: list[BaseException] = []
        central.hold(window.ctx, "P-CONCERT", seat_ids=["A-1-1"]).failure(got.append).run(window.bridge.runner)
        qtbot.waitUntil(lambda: bool(got), timeout=5000)
        return got[0]

    today = datetime.now(counter.info.zone).date()
    acct.keep(counter.store, _account(60_000, end=today - timedelta(days=1)))
    refused = hold_refusal()
    assert isinstance(refused, NotSellable) and refused.details["reason"] == "contract_ended"
    acct.keep(counter.store, _account(0))
    refused = hold_refusal()
    assert isinstance(refused, NotSellable) and refused.details["reason"] == "credit_limit"
    acct.keep(counter.store, _account(60_000))
    assert not isinstance(hold_refusal(), NotSellable)  # checked, then asked of central
