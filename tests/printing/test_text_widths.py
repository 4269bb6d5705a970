"""Text mode as the printer prints it (finding 2): every layout, at every paper width and in
both languages, rendered to ESC/POS text mode and read back byte by byte by
:mod:`tests.printing.escpos_emulator` (cells counted in dots from the bytes, as a printer
with a Chinese ROM font lays them out): no line is wider than the paper's printable dots,
no price comes out as ``?``, and a GBK-only printer gets nothing it cannot print."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import Any

import pytest

from pos.aftersales.reversal import refund
from pos.cash.tenders import Tender
from pos.money import Money
from pos.pickup.printout import pickup_print
from pos.pickup.service import PickupOrder, PickupTicket
from pos.sales import CartItem, sell, standing
from pos.tickets.printjobs import order_for_print
from printing.jobs import order_documents, render
from printing.layout import PAPER_DOTS, Document, Pair, Text
from printing.layouts import receipt_layout, selftest_layout, shift_layout, ticket_layout, z_report_layout
from printing.profiles import PrinterProfile
from tests.factories import NOW
from tests.printing.conftest import set_language
from tests.printing.escpos_emulator import EmulatorError, read
from tests.printing.test_escpos_bytes import _shift, _z


def _sale_with_everything(counter: Any) -> Any:
    """A coupon (negative lines), a booking fee, a seat and standing, one ticket refunded."""
    sale = sell(
        counter.store,
        performance_id="P-CONCERT",
        items=[CartItem("adult", seat_id="A-1-1"), CartItem("child", seat_id="A-1-2"), *standing("FLOOR", 1, "adult")],
        tenders=[Tender(kind="cash", amount=Money(500000))],
        actor=counter.clerk,
        signer=counter.signer,
        coupon_code="WELCOME30",
        now=NOW,
    )
    refund(counter.store, order=sale.order_id, actor=counter.supervisor, ticket_ids=[sale.tickets[1].ticket_id], now=NOW)
    return sale


def _pickup(counter: Any, lang: str) -> list[Document]:
    order = PickupOrder(
        order_id=str(uuid.uuid4()),
        order_number="W000000001",
        pickup_code="12345678",
        performance_id="P-CONCERT",
        buyer_name="王小明",
        buyer_phone_last4="1234",
        pickup_outlet_id=None,
        total=2 * 38000,
        created_at=NOW - timedelta(days=1),
        tickets=(
            PickupTicket("WAAAAAAAAAAAAAAA", "P-CONCERT", "A-2-3", None, "adult", 38000, "NOTAREALCODE1"),
            PickupTicket("WBBBBBBBBBBBBBBB", "P-CONCERT", None, "FLOOR", "adult", 38000, "NOTAREALCODE2"),
        ),
    )
    return order_documents(pickup_print(counter.store, order, language=lang), tickets=True, receipt=False, receipt_copy=False)


def _layouts(counter: Any, sale: Any, lang: str) -> dict[str, list[Document]]:
    set_language(counter, lang)
    order = order_for_print(counter.store, order=sale.order_number)
    return {
        "ticket": [ticket_layout(order, order.valid_tickets[0])],
        "standing ticket, reprint": [ticket_layout(order, order.valid_tickets[-1], reprint=True)],
        "receipt": [receipt_layout(order, kick_drawer=True)],
        "receipt copy": [receipt_layout(order, reprint=True)],
        "pickup": _pickup(counter, lang),
        "shift": [shift_layout(_shift(lang), language=lang)],
        "z_report": [z_report_layout(_z(), language=lang)],
        "test page": [selftest_layout(printer="P1", settings="network 10.0.0.9:9100, 58 mm, text gbk, QR native, drawer pin 2", language=lang, now=NOW, timezone="Asia/Shanghai")],
        # Prices at their widest, beside a long label, in both writings of the sign.
        "stress": [Document("x", lang, (
            Pair("合计 Total · 含服务费 incl. service fee", "-¥123,456.78", bold=True),
            Text("测试音乐会 · 测试大厅 · 一区 · ¥380.00 · 儿童票，（含服务费）。", large=True),
            Text("A 票价已含增值税。如需发票请凭本凭证于演出后30日内申请，逾期不予受理。", small=True),
        ))],
    }  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_line_of_any_layout_is_wider_than_the_paper(counter: Any, lang: str) -> None:
    sale = _sale_with_everything(counter)
    checked = 0
    for name, docs in _layouts(counter, sale, lang).items():
        for paper in (58, 80):
            for encoding in ("gbk", "gb18030"):
                for yuan in ("fullwidth", "cny", "yuan"):
                    profile = PrinterProfile(
                        name="P", connection="file", device="/dev/null", mode="text", paper=paper,
                        encoding=encoding, yuan_sign=yuan,
                    )  # fmt: skip
                    lines = read(render(docs, profile), encoding)
                    assert lines, name
                    for line in lines:
                        assert line.dots <= PAPER_DOTS[paper], (name, paper, encoding, yuan, line.text, line.dots)
                        assert "¥" not in line.text and "?" not in line.text, (name, encoding, line.text)
                    checked += len(lines)
    assert checked > 1000


def test_the_emulator_counts_what_the_printer_prints() -> None:
    """Its own check: a double-byte character is a 24-dot cell (· and ￥ too), ASCII 12 dots."""
    profile = PrinterProfile(name="P", connection="file", device="/dev/null", mode="text", paper=80, encoding="gbk")
    doc = Document("x", "zh", (Text("票·￥1 ab"), Text("大", large=True), Text("ab", small=True)))
    lines = [line for line in read(render([doc], profile), "gbk") if line.cells]
    assert [(line.text, line.cells) for line in lines] == [
        ("票·￥1 ab", [24, 24, 24, 12, 12, 12, 12]),
        ("大", [48]),
        ("ab", [9, 9]),
    ]
    with pytest.raises(EmulatorError, match="cannot print"):
        read(b"\x1c&" + "¥".encode("gb18030") + b"\n", "gbk")  # ¥ in GB18030: four bytes


def test_a_long_price_line_wraps_by_dots_not_characters() -> None:
    """12 hanzi and a price: 12 characters would fit 58 mm counted as characters; in dots they do not."""
    profile = PrinterProfile(name="P", connection="file", device="/dev/null", mode="text", paper=58, encoding="gbk")
    doc = Document("x", "zh", (Pair("成人票·一区·二排·三号座位", "¥1,380.00"),))
    lines = [line for line in read(render([doc], profile), "gbk") if line.cells]
    assert all(line.dots <= PAPER_DOTS[58] for line in lines) and len(lines) == 2
    assert lines[-1].text.endswith("￥1,380.00")


@pytest.mark.parametrize(("yuan", "price", "negative"), [
    ("fullwidth", "￥380.00", "-￥30.00"),
    ("cny", "CNY 380.00", "CNY -30.00"),
    ("yuan", "380.00元", "-30.00元"),
])  # fmt: skip
def test_a_gbk_only_printer_prints_prices_without_question_marks(
    counter: Any, caplog: Any, yuan: str, price: str, negative: str
) -> None:
    sale = _sale_with_everything(counter)
    set_language(counter, "zh")
    order = order_for_print(counter.store, order=sale.order_number)
    profile = PrinterProfile(name="P", connection="file", device="/dev/null", mode="text", encoding="gbk", yuan_sign=yuan)
    with caplog.at_level(logging.WARNING, logger="printing"):
        data = render(order_documents(order, tickets=True, receipt=True, receipt_copy=False), profile)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text
    text = "\n".join(line.text for line in read(data, "gbk"))
    assert b"?" not in data.replace(b"\x1d(k", b"")  # not one replacement character
    assert price in text and negative in text  # the coupon's discount, minus first
    assert "¥" not in text and "￥-" not in text


def test_the_yuan_sign_is_a_profile_setting(counter: Any) -> None:
    from printing.errors import PrinterProfileError
    from tests.printing.test_cli_profiles import _pos as run_pos_json

    with pytest.raises(PrinterProfileError, match="yuan_sign"):
        PrinterProfile(name="P", connection="file", device="/dev/null", yuan_sign="dollar")
    with pytest.raises(PrinterProfileError, match="yuan_sign"):
        PrinterProfile.from_settings("P", {"connection": "file", "device": "/dev/null", "yuan_sign": "¥"})
    code, data = run_pos_json(counter, "printer", "add", "P", "--connection", "file", "--device", "/dev/null",
                              "--mode", "text", "--encoding", "gbk", "--yuan-sign", "yuan")  # fmt: skip
    assert code == 0 and data["yuan_sign"] == "yuan"
    code, _ = run_pos_json(counter, "printer", "add", "P", "--connection", "file", "--device", "/dev/null",
                           "--yuan-sign", "dollar")  # fmt: skip
    assert code == 2
