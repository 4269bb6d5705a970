"""Print jobs through a loopback "network printer": whole bytes, failures recorded, retries."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest

from pos.errors import NotFound
from pos.tickets.printjobs import PrintRefused, confirm_job, get_job, jobs, order_for_print
from printing import connections
from printing.connections import STATUS_OFFLINE_CAUSE, STATUS_PAPER, STATUS_PRINTER, status
from printing.errors import PrinterConnectionLost, PrinterNotReady, PrinterUnreachable
from printing.jobs import order_documents, print_order, print_test_page, render, retry_job
from printing.profiles import PrinterProfile
from tests.factories import NOW
from tests.printing.conftest import closed_port


def test_bytes_arrive_whole_and_the_job_is_recorded(counter: Any, sale: Any, loopback: Any) -> None:
    printer = loopback()
    profile = printer.profile(mode="raster", paper=80)
    outcome = print_order(counter.store, order=sale.order_number, printer=profile, staff_id="C1", now=NOW)
    received = printer.join()
    data = order_for_print(counter.store, order=sale.order_id)
    expected = render(order_documents(data, tickets=True, receipt=True, receipt_copy=False), profile)
    # Asked for its status first (DLE EOT 1); this printer does not answer, so only the job follows,
    # and the job cannot be confirmed: it was sent, nobody knows yet whether it printed.
    assert received == STATUS_PRINTER + expected and outcome.byte_count == len(expected) > 50_000
    job = get_job(counter.store, job_id=outcome.job.job_id)
    assert (job.status, job.kind, job.printer, job.attempts, job.staff_id) == (
        "unconfirmed",
        "order",
        "NET",
        1,
        "C1",
    )
    assert job.printed_at is None and job.sent_at == NOW and job.order_id == sale.order_id
    assert dict(job.codes) == {t.ticket_id: t.code for t in sale.tickets}


def test_text_mode_over_the_network(counter: Any, sale: Any, loopback: Any) -> None:
    printer = loopback()
    print_order(
        counter.store, order=sale.order_number, printer=printer.profile(mode="text", encoding="gbk"), now=NOW
    )
    received = printer.join()
    assert received.count(b"\x1dV") == 5 and "测试音乐会".encode("gbk") in received
    assert b"\x1bp\x00" in received  # paid in cash: the drawer opens with the receipt


def test_closed_port_is_a_failed_job_and_retry_sends_the_same_codes(
    counter: Any, sale: Any, loopback: Any
) -> None:
    dead = PrinterProfile(name="NET", connection="network", host="127.0.0.1", port=closed_port(), timeout=1)
    with pytest.raises(PrinterUnreachable, match="cannot be reached") as err:
        print_order(counter.store, order=sale.order_number, printer=dead, now=NOW)
    job_id = str(err.value.details["job"])
    failed = get_job(counter.store, job_id=job_id)
    assert (
        failed.status == "failed" and "cannot be reached" in failed.last_error and failed.printed_at is None
    )
    assert "pos print retry" in err.value.message
    # The sale is untouched by the failure.
    assert all(t.status == "valid" for t in order_for_print(counter.store, order=sale.order_id).tickets)

    printer = loopback()
    outcome = retry_job(counter.store, job_id=job_id, printer=printer.profile(), now=NOW)
    assert outcome.job.status == "unconfirmed" and outcome.job.attempts == 2
    assert outcome.job.codes == failed.codes  # raster codes are pixels: the job's record says which
    assert len(printer.join()) == len(STATUS_PRINTER) + outcome.byte_count  # the unanswered status query
    confirm_job(counter.store, job_id=job_id, actor=counter.clerk, now=NOW)  # the clerk saw it come out
    # A printed job is not retried: that would be a second valid copy.
    with pytest.raises(PrintRefused, match="reprint"):
        retry_job(counter.store, job_id=job_id, printer=printer.profile(), now=NOW)


def test_retry_in_text_mode_carries_the_same_codes(counter: Any, sale: Any, loopback: Any) -> None:
    dead = PrinterProfile(name="NET", connection="network", host="127.0.0.1", port=closed_port(), mode="text")
    with pytest.raises(PrinterUnreachable) as err:
        print_order(counter.store, order=sale.order_number, printer=dead, now=NOW)
    printer = loopback()
    retry_job(
        counter.store, job_id=str(err.value.details["job"]), printer=printer.profile(mode="text"), now=NOW
    )
    received = printer.join()
    for t in sale.tickets:
        assert b"1P0" + t.code.encode() in received


def test_dropped_connection_is_a_failed_job(
    counter: Any, sale: Any, loopback: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    printer = loopback("reset")
    real_open = connections._open

    def open_then_wait_for_the_reset(profile: PrinterProfile) -> Any:
        device = real_open(profile)
        printer.client_connected.set()
        assert printer.reset_done.wait(5)
        return device

    monkeypatch.setattr(connections, "_open", open_then_wait_for_the_reset)
    with pytest.raises(PrinterConnectionLost, match="broke while printing") as err:
        print_order(counter.store, order=sale.order_number, printer=printer.profile(), now=NOW)
    printer.join()
    job = get_job(counter.store, job_id=str(err.value.details["job"]))
    assert job.status == "failed" and "broke while printing" in job.last_error


def test_printed_tickets_are_not_printed_twice(counter: Any, sale: Any, capture: Any) -> None:
    profile = PrinterProfile(name="P1", connection="file", device="/dev/null")
    print_order(counter.store, order=sale.order_number, printer=profile, transport=capture, now=NOW)
    with pytest.raises(PrintRefused, match="reprint"):
        print_order(counter.store, order=sale.order_number, printer=profile, transport=capture, now=NOW)
    # A receipt copy is fine: it carries no codes, is marked REPRINT and does not open the drawer.
    copy = print_order(
        counter.store, order=sale.order_number, printer=profile, tickets=False, transport=capture, now=NOW
    )
    assert copy.job.kind == "receipt" and copy.job.codes == {}
    assert b"\x1bp" not in capture.sent[-1] and b"\x1bp" in capture.sent[0]
    assert len(jobs(counter.store, order_id=sale.order_id)) == 2


def test_unknown_order_and_unknown_job(counter: Any, capture: Any) -> None:
    profile = PrinterProfile(name="P1", connection="file", device="/dev/null")
    with pytest.raises(NotFound, match="no order"):
        print_order(counter.store, order="T01-999999", printer=profile, transport=capture)
    with pytest.raises(NotFound, match="no print job"):
        retry_job(counter.store, job_id="nope", printer=profile, transport=capture)
    assert capture.sent == []


def test_file_printer_and_test_page(counter: Any, tmp_path: Any) -> None:
    out = tmp_path / "lp0"
    outcome = print_test_page(
        counter.store, printer=PrinterProfile(name="F", connection="file", device=str(out)), now=NOW
    )
    assert out.read_bytes().startswith(b"\x1b@\x1dv0") and outcome.job.kind == "test"
    missing = PrinterProfile(
        name="F", connection="file", device=str(tmp_path / "no" / "such" / "dir" / "lp0")
    )
    with pytest.raises(PrinterUnreachable):
        print_test_page(counter.store, printer=missing, now=NOW)


def test_status_reports_paper_out_and_cover_open(loopback: Any) -> None:
    printer = loopback(
        "status", answers={STATUS_PRINTER: b"\x1a", STATUS_OFFLINE_CAUSE: b"\x16", STATUS_PAPER: b"\x72"}
    )
    st = status(printer.profile())
    printer.join()
    assert st.reported and st.online is False and st.cover_open and st.paper == "out" and not st.ready
    assert "close it" in st.message and "load a new roll" in st.message


def test_status_ready_and_check_ready(loopback: Any) -> None:
    printer = loopback(
        "status", answers={STATUS_PRINTER: b"\x12", STATUS_OFFLINE_CAUSE: b"\x12", STATUS_PAPER: b"\x12"}
    )
    st = status(printer.profile())
    printer.join()
    assert st.ready and st.message == "ready"
    low = loopback(
        "status", answers={STATUS_PRINTER: b"\x1a", STATUS_OFFLINE_CAUSE: b"\x32", STATUS_PAPER: b"\x72"}
    )
    with pytest.raises(PrinterNotReady, match="paper is out"):
        connections.check_ready(low.profile())
    low.join()


def test_silent_printer_reports_no_status(loopback: Any) -> None:
    printer = loopback("read")
    st = status(printer.profile(timeout=0.2))
    printer.join()
    assert not st.reported and "does not report" in st.message


def test_status_of_a_closed_port(counter: Any) -> None:
    with pytest.raises(PrinterUnreachable):
        status(
            PrinterProfile(name="N", connection="network", host="127.0.0.1", port=closed_port(), timeout=1)
        )


def test_job_rows_in_the_store(counter: Any, sale: Any, capture: Any) -> None:
    profile = PrinterProfile(name="P1", connection="file", device="/dev/null", mode="text")
    print_order(counter.store, order=sale.order_number, printer=profile, transport=capture, now=NOW)
    con = sqlite3.connect(counter.store.path)
    row = con.execute("SELECT kind, printer, mode, status, ticket_ids, byte_count FROM print_job").fetchone()
    con.close()
    assert row[:4] == ("order", "P1", "text", "confirmed")
    assert sorted(json.loads(row[4])) == sorted(t.ticket_id for t in sale.tickets) and row[5] == len(
        capture.sent[0]
    )
