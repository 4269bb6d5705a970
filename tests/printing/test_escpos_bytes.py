"""The ESC/POS byte streams of every layout in both modes: structure, encoding, cut, drawer."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from pos.money import Money
from pos.tickets.printjobs import order_for_print
from printing.layout import PAPER_DOTS, Document, Pair, Text, cell_width
from printing.layouts import (
    ShiftTotals,
    TenderTotal,
    ZReportTotals,
    receipt_layout,
    selftest_layout,
    shift_layout,
    ticket_layout,
    z_report_layout,
)
from printing.render import render_raster, render_text
from printing.render.escpos_text import CHINESE_MODE_OFF, CHINESE_MODE_ON
from tests.factories import NOW
from tests.printing.conftest import set_language

INIT = b"\x1b@"
CUT = b"\x1dV"  # GS V (full or partial cut)
QR_STORE = b"\x1d(k"  # GS ( k, function 180: store the data
RASTER = b"\x1dv0"  # GS v 0
KICK_2 = b"\x1bp\x00"  # ESC p 0: pulse on pin 2
KICK_5 = b"\x1bp\x01"


def _shift(lang: str = "zh") -> ShiftTotals:
    return ShiftTotals(
        terminal_id="T01",
        outlet="测试售票处",
        shift_id="S-7",
        staff_id="C1",
        staff_name="售票员",
        opened_at=NOW,
        closed_at=NOW + timedelta(hours=8),
        timezone="Asia/Shanghai",
        sales=12,
        tickets_sold=30,
        refunds=1,
        voids=0,
        reprints=2,
        gross=Money(1_200_000),
        discounts=Money(3000),
        refunded=Money(38000),
        net=Money(1_159_000),
        tenders=(TenderTotal("cash", 7, Money(700_000)), TenderTotal("mobile", 5, Money(459_000))),
        cash_expected=Money(700_000),
        cash_counted=Money(699_500),
        supervisor_id="S1",
    )


def _z() -> ZReportTotals:
    s = _shift()
    return ZReportTotals(
        terminal_id="T01",
        outlet="测试售票处",
        z_number=42,
        business_day="2026-12-01",
        timezone="Asia/Shanghai",
        printed_at=NOW,
        sales=s.sales,
        tickets_sold=s.tickets_sold,
        refunds=1,
        voids=0,
        reprints=2,
        gross=s.gross,
        discounts=s.discounts,
        refunded=s.refunded,
        net=s.net,
        tenders=s.tenders,
        first_order="T01-000001",
        last_order="T01-000012",
        journal_head="ab" * 32,
        supervisor_id="S1",
    )


def _documents(counter: Any, sale: Any, lang: str) -> dict[str, Document]:
    set_language(counter, lang)
    order = order_for_print(counter.store, order=sale.order_number)
    return {
        "ticket": ticket_layout(order, order.tickets[0]),
        "standing_ticket": ticket_layout(order, order.tickets[3]),
        "receipt": receipt_layout(order, kick_drawer=True),
        "shift": shift_layout(_shift(), language=lang),
        "z_report": z_report_layout(_z(), language=lang),
        "test": selftest_layout(
            printer="P1", settings="file", language=lang, now=NOW, timezone="Asia/Shanghai"
        ),
    }


@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
@pytest.mark.parametrize("paper", [58, 80])
def test_text_mode_streams(counter: Any, sale: Any, paper: int, encoding: str) -> None:
    for name, doc in _documents(counter, sale, "zh").items():
        data = render_text([doc], paper=paper, encoding=encoding, qr_native=True, drawer_pin=2)
        assert data.startswith(INIT + CHINESE_MODE_ON), name
        assert CHINESE_MODE_OFF in data and data.rindex(CHINESE_MODE_OFF) < data.rindex(CUT), name
        assert data.count(CUT) == 1, name
        assert (KICK_2 in data) == (name == "receipt"), name
        assert (data.rindex(KICK_2) > data.rindex(CUT)) if name == "receipt" else True
        assert (QR_STORE in data) == (name in ("ticket", "standing_ticket", "test")), name
        # Every Chinese text of the layout is in the stream, in the printer's encoding.
        for text in doc.texts():
            for piece in text.split():
                if any("\u4e00" <= ch <= "\u9fff" for ch in piece) and cell_width(piece) <= 16:
                    assert piece.encode(encoding) in data, (name, piece)
        assert "售".encode() not in data  # no UTF-8 leaks through


def test_chinese_bytes_decode_back_to_the_original(counter: Any, sale: Any) -> None:
    doc = Document("x", "zh", (Text("测试音乐会 · 测试大厅 一区 ¥380.00"), Pair("票种", "儿童")))
    data = render_text([doc], paper=80, encoding="gb18030")
    body = data[data.index(CHINESE_MODE_ON) + 2 : data.rindex(CHINESE_MODE_OFF)]
    lines = [line for line in body.split(b"\n") if line]
    # Strip the ESC/FS/GS style commands before each line, then decode.
    decoded = [line.split(b"\x1ba\x00")[-1].decode("gb18030") for line in lines]
    assert decoded[0].endswith("测试音乐会 · 测试大厅 一区 ￥380.00")  # the full-width sign: in GBK too
    assert decoded[1].startswith("票种") and decoded[1].endswith("儿童")
    assert cell_width(decoded[1]) == PAPER_DOTS[80] // 12  # the value sits at the right edge


def test_text_mode_lines_fit_the_paper(counter: Any, sale: Any) -> None:
    doc = _documents(counter, sale, "en")["ticket"]
    for paper in (58, 80):
        data = render_text([doc], paper=paper, qr_native=True)
        for raw in data.split(b"\n"):
            text = raw.rsplit(b"\x1ba\x00", 1)[-1].rsplit(b"\x1ba\x01", 1)[-1]
            if (
                text
                and text.isascii()
                and b"\x1b" not in text
                and b"\x1d" not in text
                and b"\x1c" not in text
            ):
                assert len(text) * 9 <= PAPER_DOTS[paper], text  # Font B at worst: 9 dots a character


def test_qr_as_image_in_text_mode(counter: Any, sale: Any) -> None:
    doc = _documents(counter, sale, "zh")["ticket"]
    native = render_text([doc], paper=80, qr_native=True)
    image = render_text([doc], paper=80, qr_native=False)
    assert QR_STORE not in image and RASTER in image
    assert len(image) - len(native) > 1000  # an image QR costs kilobytes, a native one ~140 bytes


@pytest.mark.parametrize("paper", [58, 80])
def test_raster_mode_streams(counter: Any, sale: Any, paper: int) -> None:
    for name, doc in _documents(counter, sale, "zh").items():
        data = render_raster([doc], paper=paper, drawer_pin=5)
        assert data.startswith(INIT + RASTER), name
        header = data.index(RASTER) + 4
        width_bytes = data[header] + 256 * data[header + 1]
        assert width_bytes * 8 == PAPER_DOTS[paper], name
        assert CHINESE_MODE_ON not in data[:4] and QR_STORE not in data
        assert data.count(CUT) == 1 and (KICK_5 in data) == (name == "receipt"), name


def test_several_documents_each_end_with_a_cut(counter: Any, sale: Any) -> None:
    order = order_for_print(counter.store, order=sale.order_id)
    docs = [ticket_layout(order, t) for t in order.tickets] + [receipt_layout(order, kick_drawer=True)]
    text = render_text(docs, paper=58, drawer_pin=None)
    assert text.count(CUT) == 5 and text.count(INIT) == 5 and KICK_2 not in text  # no drawer on this printer
    for t in order.tickets:  # GS ( k <len> 1 P 0 <data>: each code stored in its own QR symbol
        assert text.count(b"1P0" + t.code.encode()) == 1
