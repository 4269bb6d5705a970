"""The Z-report and the close-out give the mobile tender per provider (WeChat Pay, Alipay)."""

from __future__ import annotations

from paygate.democodes import ALIPAY, WECHAT, Scenario
from pos.aftersales.reversal import refund
from pos.cash.closeout import preview
from pos.money import Money
from pos.payments.checkout import sell_by_wallet
from pos.sales import CartItem
from printing.render.escpos_text import render_text
from printing.zreport import csv_rows, z_document
from tests.factories import NOW


def _paid(counter, wallets, code, seat):  # type: ignore[no-untyped-def]
    return sell_by_wallet(
        counter.store, wallets=wallets, auth_code=code, amount=Money(38500), gateway=None,
        performance_id="P-CONCERT", items=[CartItem("adult", seat_id=seat)], actor=counter.clerk,
        signer=counter.signer, clock=lambda: NOW, poll_seconds=0.0,
    )


def test_z_report_lists_each_wallet_under_mobile(counter, wechat_provider, alipay_provider) -> None:  # type: ignore[no-untyped-def]
    wallets = {"wechat": wechat_provider, "alipay": alipay_provider}
    w1 = _paid(counter, wallets, WECHAT[Scenario.SUCCESS], "A-1-1")
    _paid(counter, wallets, WECHAT[Scenario.CONFIRM_THEN_PAID], "A-1-2")
    _paid(counter, wallets, ALIPAY[Scenario.SUCCESS], "A-1-3")
    refund(counter.store, order=w1.order_id, actor=counter.supervisor, now=NOW)
    report = preview(counter.store, actor=counter.supervisor, now=NOW)
    lines = {t.kind: (t.sales_count, t.sales, t.refunds, t.net) for t in report.providers}
    assert lines == {"wechat": (2, 77000, 38000, 39000), "alipay": (1, 38500, 0, 38500)}
    (mobile,) = [t for t in report.tenders if t.kind == "mobile"]
    assert mobile.net == sum(t.net for t in report.providers)
    printed = render_text([z_document(report)], paper=80, encoding="gb18030").decode("gb18030", "replace")
    assert "微信支付 ×2" in printed and "支付宝 ×1" in printed  # the demo terminal prints in Chinese
    assert ("provider", "alipay") in {row[:2] for row in csv_rows(report)}
    assert type(report).from_dict(report.to_dict()) == report
