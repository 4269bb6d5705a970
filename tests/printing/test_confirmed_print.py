"""Finding 1 (the part done): a network printer that answers status is asked before and
after a job; paper out or cover open gets nothing, and a job the printer does not confirm
is failed, not "confirmed"."""

from __future__ import annotations

from typing import Any

import pytest

from pos.tickets.printjobs import get_job, order_for_print
from printing.errors import PrinterConnectionLost, PrinterNotReady
from printing.jobs import order_documents, print_order, render, retry_job
from tests.factories import NOW


def _fails(counter: Any, sale: Any, profile: Any, error: type[Exception], match: str) -> Any:
    with pytest.raises(error, match=match) as err:
        print_order(counter.store, order=sale.order_number, printer=profile, now=NOW)
    job = get_job(counter.store, job_id=str(err.value.details["job"]))
    assert job.status == "failed" and job.printed_at is None
    return job


@pytest.mark.parametrize(("state", "words"), [("paper_out", "load a new roll"), ("cover_open", "close it")])
def test_a_printer_that_cannot_print_gets_nothing(
    counter: Any, sale: Any, fake_printer: Any, state: str, words: str
) -> None:
    printer = fake_printer(state)
    job = _fails(counter, sale, printer.profile(), PrinterNotReady, f"{words}; nothing was sent")
    printer.close()
    assert printer.received == b"" and "pos print retry" not in job.last_error


def test_a_ready_printer_that_confirms_prints(counter: Any, sale: Any, fake_printer: Any) -> None:
    printer = fake_printer("paper_low")  # low is not out: it prints
    profile = printer.profile(mode="text", encoding="gbk")
    outcome = print_order(counter.store, order=sale.order_number, printer=profile, now=NOW)
    conns = printer.close()
    data = order_for_print(counter.store, order=sale.order_id)
    assert printer.received == render(
        order_documents(data, tickets=True, receipt=True, receipt_copy=False), profile
    )
    assert outcome.job.status == "confirmed" and conns[0].queries == [1, 2, 4, 1, 2, 4]


def test_a_printer_that_stops_reading_is_a_failed_job_then_retried(
    counter: Any, sale: Any, fake_printer: Any
) -> None:
    """Paper out in a small text job: the printer's buffer took it all, then it went quiet."""
    printer = fake_printer(stop_reading_at=2000)
    job = _fails(counter, sale, printer.profile(mode="text"), PrinterConnectionLost, "did not confirm")
    printer.close()
    good = fake_printer()
    again = retry_job(counter.store, job_id=job.job_id, printer=good.profile(mode="text"), now=NOW)
    good.close()
    assert again.job.status == "confirmed" and all(t.code.encode() in good.received for t in sale.tickets)


def test_paper_running_out_during_the_job_fails_it(counter: Any, sale: Any, fake_printer: Any) -> None:
    printer = fake_printer(status_after=(1000, "paper_out"))
    job = _fails(
        counter, sale, printer.profile(mode="text"), PrinterNotReady, "after the job: the paper is out"
    )
    printer.close()
    assert "check what came out" in job.last_error


def test_a_connection_dropped_late_in_a_raster_job_fails_it(
    counter: Any, sale: Any, fake_printer: Any
) -> None:
    printer = fake_printer(drop_at=140_000)
    _fails(
        counter,
        sale,
        printer.profile(mode="raster"),
        PrinterConnectionLost,
        "broke while printing|did not confirm",
    )
    printer.close()
    assert len(printer.received) < 140_000
