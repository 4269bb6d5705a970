"""Issue 22 in the app: F7 finds the member by scanning the signed member code (offline too),
the cart is priced with the member's tier and shows the tier price's name; a forged code and
an unknown number are refused with the reason, and nothing is applied."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from PySide6.QtCore import Qt

from central.membercodes import encode
from pos.catalog.feed import import_catalog
from pos.members.service import keep_members
from pos.store import sql
from pos.tickets.keys import key_id_for
from tests.factories import validated
from tests.sync.member_helpers import GOLD, member_catalog
from tests.ui.helpers import sign_in
from tests.ui.test_sell import _choose_concert, _press


def _a_gold_member_and_central_key(store: Any) -> tuple[Ed25519PrivateKey, str]:
    import_catalog(store, validated(member_catalog()))
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    key_id = key_id_for(raw)
    with store.write() as s:
        keep_members(s, [SimpleNamespace(number=GOLD, tier="gold", phone_masked="138****1111", points=500,
                                         active=True, seq=1)])
        sql.run(s, "INSERT INTO known_key (key_id, public_key, owner, valid_from, valid_until) VALUES (?,?,?,?,NULL)",
                (key_id, raw, "central", "2020-01-01T00:00:00+00:00"))
    return private, key_id


def _lookup(qtbot: Any, sell: Any, text: str) -> Any:
    _press(qtbot, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: getattr(sell, "member_lookup", None) is not None and sell.member_lookup.isVisible(),
                    timeout=3000)
    dialog = sell.member_lookup
    dialog.query.setText(text)
    dialog.query.returnPressed.emit()
    qtbot.waitUntil(lambda: dialog.found is not None or bool(dialog.problem.text()), timeout=5000)
    return dialog


def test_f7_scans_the_member_code_and_the_tier_price_shows_in_the_cart(qtbot: Any, window: Any) -> None:
    private, key_id = _a_gold_member_and_central_key(window.ctx.store)
    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    sell = window.sell
    _press(qtbot, Qt.Key.Key_F4)  # one standing place: the floor's adult price has the gold discount
    _press(qtbot, Qt.Key.Key_1, "1")
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(sell.cart.pay.isEnabled, timeout=5000)
    model = sell.cart.model
    assert not model.index(0, model.DISCOUNT).data()
    # A forged code (signed by another key under central's key id) is refused, nothing applied.
    forged = encode(Ed25519PrivateKey.generate(), key_id, member_number=GOLD, issued_at=1)
    dialog = _lookup(qtbot, sell, forged)
    assert dialog.found is None and "forged" in dialog.problem.text()
    assert not dialog.use.isEnabled() and sell.cart.member.text() == ""
    # An unknown number: refused with the reason.
    dialog.query.setText("NOBODY1")
    dialog.query.returnPressed.emit()
    qtbot.waitUntil(lambda: "No member" in dialog.problem.text(), timeout=5000)
    # The real code: found, then Enter uses it for the sale.
    dialog.query.setText(encode(private, key_id, member_number=GOLD, issued_at=1_700_000_000))
    dialog.query.returnPressed.emit()
    qtbot.waitUntil(lambda: dialog.found is not None, timeout=5000)
    assert "Gold" in dialog.answer.text() and "500 points" in dialog.answer.text()
    with qtbot.waitSignal(sell.quote_changed, timeout=5000, check_params_cb=lambda q: q is not None):
        dialog.use.click()
    assert sell.cart.member.text() == GOLD
    name = model.index(0, model.DISCOUNT).data(Qt.ItemDataRole.ToolTipRole)
    assert name == "Gold 10% off" and name in sell.cart.totals.text()
    assert sell.quote is not None and sell.quote.breakdown.tickets[0].promotion_id == "GOLD10"


def test_the_payment_dialog_offers_the_members_points_and_pays_the_rest(qtbot: Any, window: Any) -> None:
    from pos.members.service import MemberInfo
    from pos.money import Money
    from ui.widgets.payment import PaymentDialog

    sell = window.sell
    total = Money(28_500, "CNY")
    plain = PaymentDialog(total, sell)  # no member: no points row
    qtbot.addWidget(plain)
    assert getattr(plain, "points", None) is None
    sell.cart.member.setText(GOLD)
    sell.member_info = MemberInfo(GOLD, "gold", "金卡会员", "Gold", "138****1111", 5_000)
    dialog = PaymentDialog(total, sell)
    qtbot.addWidget(dialog)
    dialog.points.setText("3000")
    dialog.points.textEdited.emit("3000")
    assert dialog.cash.text() == "255.00" and "Change: 0.00" in dialog.change.text()
    tenders = dialog.tenders()
    assert [(t.kind, t.amount.amount) for t in tenders] == [("points", 3_000), ("cash", 25_500)]
    dialog.points.setText("6000")  # more than the member has
    import pytest

    from pos.errors import InvalidInput

    with pytest.raises(InvalidInput):
        dialog.tenders()
    sell.member_info = None
