"""The Z-report printed (ESC/POS text and raster, as a recorded job) and exported (CSV, PDF)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from pos.aftersales.reversal import refund
from pos.cash import closeout, shifts
from pos.errors import InvalidInput
from pos.tickets import printjobs
from printing import fonts
from printing.layouts.reports import z_report_totals
from printing.render import render_text
from printing.zreport import csv_rows, export_csv, export_pdf, print_z_report, z_document
from tests.factories import NOW
from tests.printing.conftest import file_profile, sell_order, set_language


def _z(counter: Any) -> Any:
    sale = sell_order(counter)
    refund(
        counter.store,
        order=sale.order_id,
        actor=counter.supervisor,
        ticket_ids=[sale.tickets[0].ticket_id],
        now=NOW,  # the factory's catalog is dated from NOW: judged by today, its concert has started
    )
    st = shifts.status(counter.store, actor=counter.supervisor)
    assert st.cash is not None
    shifts.close_shift(counter.store, actor=counter.clerk, counted=st.cash.expected.amount - 100, now=NOW)
    return closeout.close_day(counter.store, actor=counter.supervisor, now=NOW)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_z_layout_carries_the_figures_in_the_outlet_language(counter: Any, lang: str) -> None:
    set_language(counter, lang)
    z = _z(counter)
    doc = z_document(z, now=NOW)
    texts = "\n".join(doc.texts())
    assert ("日结报表" in texts) == (lang == "zh") and ("Z-REPORT" in texts) == (lang == "en")
    assert "测试音乐会" in texts if lang == "zh" else "Test Concert" in texts
    assert "-¥1.00" in texts  # the cash variance
    assert f"#{z.first_seq}–#{z.last_seq}" in texts
    totals = z_report_totals(z, printed_at=NOW)
    assert totals.net.amount == z.net and totals.z_number == 1
    data = render_text([doc], paper=80, encoding="gb18030", qr_native=True, drawer_pin=2)
    assert data.count(b"\x1dV") == 1


def test_the_z_report_prints_as_a_recorded_job(counter: Any, tmp_path: Path) -> None:
    z = _z(counter)
    out = tmp_path / "printer.bin"
    profile = file_profile(out, mode="raster")
    outcome = print_z_report(counter.store, report=z, printer=profile, staff_id="S1", now=NOW)
    assert outcome.job.status == "unconfirmed" and outcome.job.kind == "report"  # a file cannot confirm
    assert out.stat().st_size == outcome.byte_count > 10_000  # a raster image
    assert any(j.kind == "report" for j in printjobs.jobs(counter.store, limit=10))


def test_csv_sums_to_the_fen(counter: Any, tmp_path: Path) -> None:
    z = _z(counter)
    path = export_csv(z, tmp_path / "z.csv")
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(list(csv_rows(z)))
    tenders = [r for r in rows if r["section"] == "tender"]
    assert sum(int(r["net_fen"]) for r in tenders) == z.net
    events = [r for r in rows if r["section"] == "event"]
    assert sum(int(r["amount_fen"]) for r in events) == z.gross
    assert {r["key"]: r["label"] for r in rows if r["section"] == "header"}["z_number"] == "1"
    assert any(r["section"] == "unsynced" for r in rows)


def test_pdf_embeds_the_cjk_font_and_reads_back(counter: Any, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    z = _z(counter)  # the test terminal prints in Chinese
    path = export_pdf(z, tmp_path / "z.pdf")
    reader = pypdf.PdfReader(str(path))
    text = "".join(p.extract_text() for p in reader.pages).replace("\x00", "")
    for expected in ("日结报表", "测试音乐会", "售票员", "现金", "T01-000001"):
        assert expected in text, expected
    fonts_used = {str(f) for p in reader.pages for f in p["/Resources"]["/Font"].values()}
    assert fonts_used
    # Every string of the report is drawable with the shipped subset (no 〓 placeholders).
    covered = fonts._coverage(fonts.check_font())
    strings = [str(v) for row in csv_rows(z) for v in row]
    assert all(ord(ch) in covered for s in strings for ch in s)


def test_export_to_a_missing_folder_is_a_clear_error(counter: Any, tmp_path: Path) -> None:
    z = _z(counter)
    with pytest.raises(InvalidInput, match="cannot write"):
        export_csv(z, tmp_path / "nope" / "z.csv")
    with pytest.raises(InvalidInput, match="cannot write"):
        export_pdf(z, tmp_path / "nope" / "z.pdf")


def test_the_shift_report_prints_with_its_count(counter: Any, tmp_path: Path) -> None:
    from printing.zreport import print_shift_report, shift_document

    _z(counter)
    report, shift = closeout.shift_report(counter.store, actor=counter.clerk)
    assert shift.status == "closed" and report.orders == 1 and report.first_seq == shift.open_seq
    doc = shift_document(report, shift, now=NOW)
    texts = "\n".join(doc.texts())
    assert "班次报表" in texts and "-¥1.00" in texts  # the variance
    outcome = print_shift_report(
        counter.store, report=report, shift=shift, printer=file_profile(tmp_path / "p.bin"), now=NOW
    )
    assert outcome.job.status == "unconfirmed"


def _z_with_exchanges(counter: Any) -> Any:
    """One exchange to dearer seats paid in cash, one to cheaper seats refunded to the card."""
    from pos.aftersales.exchange import exchange
    from pos.cash.tenders import Tender
    from pos.money import Money
    from pos.sales import CartItem

    cash = sell_order(counter, items=[CartItem("adult", seat_id="B-1-1")])
    card = sell_order(
        counter, items=[CartItem("adult", seat_id="A-1-3")], tenders=[Tender("card", Money(38500), "AP0001")]
    )
    for old, seat, tenders in (
        (cash, "A-2-1", [Tender("cash", Money(20500))]),
        (card, "B-1-2", []),
    ):
        exchange(
            counter.store,
            order=old.order_id,
            performance_id="P-CONCERT",
            items=[CartItem("adult", seat_id=seat)],
            tenders=tenders,
            actor=counter.supervisor,
            signer=counter.signer,
            now=NOW,
        )
    st = shifts.status(counter.store, actor=counter.supervisor)
    assert st.cash is not None
    shifts.close_shift(counter.store, actor=counter.clerk, counted=st.cash.expected.amount, now=NOW)
    return closeout.close_day(counter.store, actor=counter.supervisor, now=NOW)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_exchanges_print_apart_from_the_tenders(counter: Any, tmp_path: Path, lang: str) -> None:
    set_language(counter, lang)
    z = _z_with_exchanges(counter)
    assert z.exchange_count == 2 and z.exchange_collected == 20500 and z.exchange_refunded == 19500
    texts = "\n".join(z_document(z, now=NOW).texts())
    if lang == "zh":
        assert "换票 ×2" in texts and "抵扣金额(非收款)" in texts and "补差收款" in texts
    else:
        assert "Exchanges ×2" in texts and "Credit carried (not money)" in texts
        assert "Difference collected" in texts and "Difference refunded" in texts
    assert "exchange ×" not in texts.lower().replace("exchanges ×", "")  # no tender named exchange
    path = export_csv(z, tmp_path / "z.csv")
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    tenders = [r for r in rows if r["section"] == "tender"]
    assert [r["key"] for r in tenders] == ["cash", "card", "mobile"]
    assert sum(int(r["net_fen"]) for r in tenders) == z.net
    moved = {
        r["key"]: (int(r["amount_fen"]), int(r["refunds_fen"]))
        for r in rows
        if r["section"] == "tender_exchange"
    }
    assert moved == {"cash": (20500, 0), "card": (0, 19500)}
    events = [r for r in rows if r["section"] == "event"]
    assert sum(int(r["net_fen"]) for r in events) == z.gross - z.refunded - z.voided - z.exchanged


def test_the_pdf_reads_as_a_supervisor_expects(counter: Any, tmp_path: Path) -> None:
    """Issue 20, item 17: the period in local time to the minute (it was raw UTC with
    microseconds), column headings on every table, shift rows included, and no section heading
    left alone at a page's foot, with a long stadium name and enough lines for several pages."""
    import dataclasses
    import re

    from pos.cash.zreport import Line

    pypdf = pytest.importorskip("pypdf")
    z = _z(counter)
    stadium = "2026足协杯决赛 上海申城 vs 北京国安（上海体育场 东看台 上层 看台区 全场通票）"
    lines = tuple(
        Line(key=f"E{i}", label=f"{stadium} {i}", count=i, tickets=i, amount=10_000 * i) for i in range(1, 60)
    )
    z = dataclasses.replace(z, by_event=lines, by_performance=lines)
    path = export_pdf(z, tmp_path / "z.pdf")
    pages = [p.extract_text().replace("\x00", "") for p in pypdf.PdfReader(str(path)).pages]
    text = "\n".join(pages)
    period = re.search(r"时段\s*(\S+ \S+) – (\S+ \S+)", text)
    assert period is not None
    for part in period.groups():
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", part), part  # local, to the minute
    for heading in ("笔数", "销售", "退款", "净额", "备用金", "应有现金", "清点", "差额"):
        assert heading in text, heading
    assert len(pages) >= 3
    sections = {"按演出项目", "按场次", "按票种", "按售票员", "班次", "结算", "按支付方式"}
    for page in pages[:-1]:
        last = [ln.strip() for ln in page.splitlines() if ln.strip()][-1]
        assert last not in sections, f"a heading alone at a page's foot: {last}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pdf_lists_refunds_of_invoiced_orders_as_the_printout_does(
    counter: Any, tmp_path: Path, lang: str
) -> None:
    """Issue 22: a refund of an order whose invoice was requested is flagged on the thermal Z
    and in the CSV; the PDF carries the same heading, order numbers and amounts."""
    import dataclasses

    from pos.cash.zreport import Line
    from printing.i18n import label
    from printing.layout import Text

    pypdf = pytest.importorskip("pypdf")
    set_language(counter, lang)
    flagged = (
        Line(key="R-1", label="T01-000007", count=1, tickets=0, amount=12_300),
        Line(key="R-2", label="T01-000009", count=1, tickets=0, amount=4_500),
    )
    z = dataclasses.replace(_z(counter), invoiced_refunds=flagged)
    heading = f"{label('invoiced_refunds', lang)}: 2"
    assert heading in [e.text for e in z_document(z, now=NOW).elements if isinstance(e, Text)]
    path = export_pdf(z, tmp_path / "z.pdf")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(str(path)).pages).replace("\x00", "")
    flat = " ".join(text.split())
    assert heading in flat, flat[-400:]
    assert ("须冲红发票" in flat) == (lang == "zh") and ("reverse the invoice" in flat) == (lang == "en")
    for number, amount in (("T01-000007", "-¥123.00"), ("T01-000009", "-¥45.00")):
        assert f"{number} {amount}" in flat, number
    # Without any flagged refund the section is absent (nothing to reverse).
    plain = export_pdf(dataclasses.replace(z, invoiced_refunds=()), tmp_path / "plain.pdf")
    assert label("invoiced_refunds", lang) not in "".join(
        p.extract_text() for p in pypdf.PdfReader(str(plain)).pages).replace("\x00", "")
