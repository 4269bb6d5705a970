"""A city partner's statement on the receipt printer (issue 24): the ESC/POS bytes read back as
a Chinese-font printer would (GB18030), both widths and both languages, labels taken from the
PDF's table; a long period by day; the job to a network printer on loopback, and a printer
that cannot be reached failing the recorded job."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from pos.tickets.printjobs import get_job, jobs
from printing.errors import PrinterUnreachable
from printing.layout import PAPER_DOTS
from printing.layouts.partner import MAX_ENTRIES
from printing.partner_slip import print_statement, statement_document
from printing.partner_statement import label
from printing.profiles import PrinterProfile
from printing.render import render_raster, render_text
from printing.render.escpos_text import CHINESE_MODE_ON
from tests.factories import NOW
from tests.printing.conftest import closed_port, set_language
from tests.printing.escpos_emulator import read

CUT = b"\x1dV"
MISMATCH = {"closeout_id": "c0ffee12-3456", "terminal_id": "T-9", "business_date": "2030-05-01",
            "period_start": "2030-04-30T16:00:00+00:00", "period_end": "2030-05-01T16:00:00+00:00",
            "fields": {"orders": [2, 1], "gross": [37_000, 18_500]}, "recorded_at": "2030-05-01T16:05:00+00:00"}


def statement(lines: int, *, days: int = 1) -> dict[str, Any]:
    """Central's JSON for BO-1: ``lines`` entries spread over ``days`` days (the PDF test's shape)."""
    kinds = ["sale", "sale", "refund", "payment", "void"]
    return {
        "outlet_id": "BO-1", "date_from": "2030-05-01", "date_to": f"2030-05-{days:02d}",
        "period_start": "2030-04-30T16:00:00+00:00", "period_end": f"2030-05-{days:02d}T16:00:00+00:00",
        "timezone": "Asia/Shanghai", "opening_balance": 1000, "orders": lines, "tickets": 2 * lines,
        "sales": 1_234_500, "refunds": 18_500, "fees_returned": 300, "commission_earned": 98_760,
        "commission_returned": 1_480, "commission": 97_280, "net_owed": 1_118_420, "payments": 50_000,
        "closing_balance": 1_069_420, "credit_limit": 2_000_000, "credit_left": 930_580,
        "terminals": [{"terminal_id": "T-9", "orders": lines, "tickets": 2 * lines, "gross": 1_234_500,
                       "refunds": 18_500}],
        "lines": [{"at": f"2030-05-{1 + i * days // lines:02d}T02:{i % 60:02d}:00+00:00", "kind": kinds[i % 5],
                   "ref": f"r{i}", "terminal_id": None if kinds[i % 5] == "payment" else "T-9", "tickets": 1,
                   "amount": 18_500 + i, "commission": 1_480, "owed": 17_020, "balance": 17_020 * (i + 1)}
                  for i in range(lines)],
    }


def _printed(lang: str, paper: int, st: dict[str, Any], encoding: str = "gb18030") -> tuple[bytes, list[str]]:
    doc = statement_document(st, language=lang, currency="CNY", outlet_name="测试售票处" if lang == "zh" else "Box",
                             mismatches=[MISMATCH], printed_by="S1", now=datetime(2030, 6, 1, 2, 0, tzinfo=UTC))
    data = render_text([doc], paper=paper, encoding=encoding)
    lines = read(data, encoding)  # fails on a command or a byte a Chinese printer would not take
    assert all(ln.dots <= PAPER_DOTS[paper] for ln in lines), [ln.text for ln in lines if ln.dots > PAPER_DOTS[paper]]
    return data, [ln.text for ln in lines]


@pytest.mark.parametrize("paper", [58, 80])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_slip_reads_back_in_the_outlet_language(lang: str, paper: int) -> None:
    data, lines = _printed(lang, paper, statement(10))
    text = "\n".join(lines)
    assert data.startswith(b"\x1b@" + CHINESE_MODE_ON) and data.count(CUT) == 1 and data.rindex(CUT) > len(data) - 10
    assert "对账单".encode() not in data  # no UTF-8 leaks through: GB18030 only
    # The PDF's labels (imported, not copied) in the outlet's language, each on its own line
    # with its amount at the right edge (fen shown as yuan, the printer's full-width sign).
    def row(key: str) -> str:
        name = label(key, lang)
        found = [ln for ln in lines if ln.startswith(name)]
        assert found, (key, name)
        return found[0]

    assert label("title", lang).split()[0] in text and ("合伙人对账单" in text) == (lang == "zh")
    assert row("sales").endswith("￥12345.00") and row("refunds").endswith("￥185.00")
    assert row("commission").endswith("￥972.80") and row("fees_returned").endswith("￥3.00")
    assert row("payments").endswith("￥500.00") and row("closing_balance").endswith("￥10694.20")
    assert row("credit_left").endswith("￥9305.80") and row("opening_balance").endswith("￥10.00")
    assert "2030-05-01 – 2030-05-01" in text and "Asia/Shanghai" in text and "2030-06-01 10:00" in text
    assert ("测试售票处" in text) == (lang == "zh")
    # The entries under their local day, the day's balance, the mismatch both ways round.
    assert any(ln.startswith("10:00 ") and ln.endswith("￥185.00") for ln in lines)
    assert any(ln and label("mismatches", lang).startswith(ln) for ln in lines)  # wrapped on 58 mm in English
    assert any("T-9 #c0ffee12" in ln for ln in lines)
    assert any(ln.endswith("￥370.00 / ￥185.00") for ln in lines) and any(ln.endswith("2 / 1") for ln in lines)
    assert [ln for ln in lines if ln.strip().startswith(label("day_balance", lang))][-1].endswith("￥1702.00")


def test_chinese_prints_on_a_gbk_printer_too() -> None:
    data, lines = _printed("zh", 58, statement(5), encoding="gbk")
    assert "期末应付".encode("gbk") in data and any(ln.startswith("本期应付") for ln in lines)


def test_a_long_period_prints_a_line_a_day() -> None:
    st = statement(MAX_ENTRIES + 30, days=30)
    _, lines = _printed("zh", 58, st)
    assert any(f"明细共 {MAX_ENTRIES + 30} 条" in ln for ln in lines)
    days = [ln for ln in lines if ln.startswith("2030-05-") and "×" in ln]
    assert len(days) == 30 and days[-1].endswith(f"￥{17_020 * (MAX_ENTRIES + 30) // 100}.{17_020 * 150 % 100:02d}")
    assert not any(ln.startswith("10:00 ") for ln in lines)  # no single entries


def test_raster_mode_draws_the_slip() -> None:
    doc = statement_document(statement(5), language="zh", currency="CNY", now=NOW)
    for paper in (58, 80):
        data = render_raster([doc], paper=paper)
        assert data.count(CUT) == 1 and len(data) > 10_000


def test_the_job_reaches_a_network_printer(counter: Any, loopback: Any) -> None:
    set_language(counter, "zh")
    printer = loopback()
    outcome = print_statement(counter.store, statement=statement(10), mismatches=[MISMATCH],
                              printer=printer.profile(mode="text", encoding="gb18030", paper=58), staff_id="S1",
                              now=NOW)
    received = printer.join()
    for words in ("合伙人对账单", "期末应付", "测试售票处", "与中心不一致的日结", "￥10694.20"):
        assert words.encode("gb18030") in received, words
    assert received.count(CUT) == 1
    job = get_job(counter.store, job_id=outcome.job.job_id)
    # The loopback printer does not answer status: sent, not claimed as printed.
    assert (job.kind, job.status, job.staff_id, job.printer) == ("report", "unconfirmed", "S1", "NET")
    assert not job.printed and job.byte_count == outcome.byte_count


def test_an_unreachable_printer_fails_the_job(counter: Any) -> None:
    dead = PrinterProfile(name="NET", connection="network", host="127.0.0.1", port=closed_port(), timeout=1)
    with pytest.raises(PrinterUnreachable, match="cannot be reached") as err:
        print_statement(counter.store, statement=statement(3), printer=dead, staff_id="S1", now=NOW)
    job = get_job(counter.store, job_id=str(err.value.details["job"]))
    assert job.status == "failed" and not job.printed and job.printed_at is None
    assert [j.status for j in jobs(counter.store, limit=10)] == ["failed"]
