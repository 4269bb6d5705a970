"""Refunds of a wallet-paid order go back to the wallet charge, for the exact amount, once."""

from __future__ import annotations

import sqlite3

from pos.aftersales.reversal import refund, void_last_sale
from pos.money import Money
from pos.payments import refunds as wallet_refunds
from pos.payments.checkout import sell_by_wallet
from pos.sales import CartItem
from tests.factories import NOW
from tests.payments.flow_fake import FakeWallet

WECHAT = "134567890123456789"
SEATS = [CartItem("adult", seat_id="A-1-1"), CartItem("adult", seat_id="A-1-2")]
TOTAL = Money(2 * 38000 + 2 * 500)


def _paid(counter, wallets):  # type: ignore[no-untyped-def]
    return sell_by_wallet(
        counter.store, wallets=wallets, auth_code=WECHAT, amount=TOTAL, gateway=None,
        performance_id="P-CONCERT", items=SEATS, actor=counter.clerk, signer=counter.signer,
        clock=lambda: NOW, poll_seconds=0.0,
    )


def test_refund_of_one_ticket_refunds_its_price_once_also_after_a_lost_reply(counter) -> None:  # type: ignore[no-untyped-def]
    wechat = FakeWallet("wechat")
    wallets = {"wechat": wechat}
    sale = _paid(counter, wallets)
    one = sale.tickets[0].ticket_id
    back = refund(counter.store, order=sale.order_id, actor=counter.supervisor, ticket_ids=[one], now=NOW)
    assert back.refunds == (("mobile", Money(38000), wechat.charged()[next(iter(wechat.trades))].transaction_id),)
    wechat.offline = True  # the refund reply is lost: queued, the clerk is told
    out = wallet_refunds.send(counter.store, wallets=wallets, reversal_id=back.reversal_id)
    assert [(o.state, o.amount) for o in out] == [("queued", Money(38000))]
    assert [o.refund_no for o in wallet_refunds.queued(counter.store)] == [out[0].refund_no]
    wechat.offline = False
    again = wallet_refunds.send(counter.store, wallets=wallets)
    assert [(o.state, o.amount) for o in again] == [("success", Money(38000))]
    assert wallet_refunds.send(counter.store, wallets=wallets) == []  # nothing left to ask
    (trade,) = wechat.trades.values()
    assert trade.refunds == {out[0].refund_no: 38000}
    con = sqlite3.connect(counter.store.path)
    assert con.execute("SELECT state, attempts FROM wallet_refund").fetchall() == [("success", 2)]


def test_void_refunds_the_whole_charge(counter) -> None:  # type: ignore[no-untyped-def]
    wechat = FakeWallet("wechat")
    sale = _paid(counter, {"wechat": wechat})
    back = void_last_sale(counter.store, actor=counter.supervisor, now=NOW)
    out = wallet_refunds.send(counter.store, wallets={"wechat": wechat}, reversal_id=back.reversal_id)
    assert [(o.state, o.amount, o.order_id) for o in out] == [("success", TOTAL, sale.order_id)]
