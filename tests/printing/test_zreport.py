"""The Z-report printed (ESC/POS text and raster, as a recorded job) and exported (CSV, PDF)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from pos import closeout, printjobs, shifts
from pos.aftersales import refund
from pos.errors import InvalidInput
from printing import fonts
from printing.layouts.reports import z_report_totals
from printing.render import render_text
from printing.zreport import csv_rows, export_csv, export_pdf, print_z_report, z_document
from tests.factories import NOW
from tests.printing.conftest import file_profile, sell_order, set_language


def _z(counter: Any) -> Any:
    sale = sell_order(counter)
    refund(
        counter.store, order=sale.order_id, actor=counter.supervisor, ticket_ids=[sale.tickets[0].ticket_id]
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
    assert "¥-1.00" in texts  # the cash variance
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
    assert outcome.job.status == "printed" and outcome.job.kind == "report"
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
    assert "班次报表" in texts and "¥-1.00" in texts  # the variance
    outcome = print_shift_report(
        counter.store, report=report, shift=shift, printer=file_profile(tmp_path / "p.bin"), now=NOW
    )
    assert outcome.job.status == "printed"
