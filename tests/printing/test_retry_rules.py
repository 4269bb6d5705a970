"""Findings 3 and 4: a retry records the printer it used; a failed job whose tickets
printed since (through another job) is closed, so no ticket comes out twice unapproved."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from pos.tickets.printjobs import PrintRefused, get_job, jobs, save_printer_profile
from poscli.main import cli
from printing.errors import PrinterUnreachable
from printing.jobs import print_order, retry_job
from printing.profiles import PrinterProfile
from tests.factories import NOW
from tests.printing.conftest import closed_port


def _dead(name: str = "DEAD", **kw: Any) -> PrinterProfile:
    return PrinterProfile(
        name=name, connection="network", host="127.0.0.1", port=closed_port(), timeout=1, **kw
    )


def _failed_job(counter: Any, sale: Any, **kw: Any) -> str:
    with pytest.raises(PrinterUnreachable) as err:
        print_order(counter.store, order=sale.order_number, printer=_dead(), now=NOW, **kw)
    return str(err.value.details["job"])


def _pos(counter: Any, *args: str) -> tuple[int, Any]:
    result = CliRunner().invoke(cli, ["--data-dir", str(counter.store.data_dir), "--json", *args])
    return result.exit_code, json.loads(result.output)


def test_cli_retry_on_another_printer_records_and_reports_it(
    counter: Any, sale: Any, fake_printer: Any
) -> None:
    job_id = _failed_job(counter, sale)
    printer = fake_printer()
    save_printer_profile(counter.store, name="FAKE", settings=printer.profile(mode="text").to_settings())
    code, data = _pos(counter, "print", "retry", job_id, "--printer", "FAKE")
    printer.close()
    assert code == 0 and data["printer"] == "FAKE" and data["status"] == "confirmed"
    job = get_job(counter.store, job_id=job_id)
    assert (job.printer, job.mode, job.attempts) == ("FAKE", "text", 2)
    assert all(t.code.encode() in printer.received for t in sale.tickets)


def test_a_failed_retry_records_the_printer_it_failed_on(counter: Any, sale: Any) -> None:
    job_id = _failed_job(counter, sale)
    with pytest.raises(PrinterUnreachable):
        retry_job(counter.store, job_id=job_id, printer=_dead("OTHER"), now=NOW)
    job = get_job(counter.store, job_id=job_id)
    assert (job.printer, job.status, job.attempts) == ("OTHER", "failed", 2)


def test_a_failed_job_superseded_by_a_printed_one_is_closed(
    counter: Any, sale: Any, fake_printer: Any
) -> None:
    failed = _failed_job(counter, sale)
    printer = fake_printer()
    printed = print_order(counter.store, order=sale.order_number, printer=printer.profile(), now=NOW)
    assert printed.job.status == "confirmed"
    sent = len(printer.received)
    with pytest.raises(PrintRefused, match=f"closed: its tickets were printed by job {printed.job.job_id}"):
        retry_job(counter.store, job_id=failed, printer=printer.profile(), now=NOW)
    save_printer_profile(counter.store, name="FAKE", settings=printer.profile().to_settings())
    code, data = _pos(counter, "print", "retry", failed, "--printer", "FAKE")
    printer.close()
    assert code == 2 and data["error"] == "print_refused" and data["superseded_by"] == printed.job.job_id
    assert "pos print reprint" in data["message"]
    assert len(printer.received) == sent  # nothing more came out
    job = get_job(counter.store, job_id=failed)
    assert (job.status, job.attempts, job.printer) == ("failed", 1, "DEAD")  # untouched by the refusal


def test_of_two_failed_jobs_only_one_retry_prints(counter: Any, sale: Any, fake_printer: Any) -> None:
    first, second = _failed_job(counter, sale), _failed_job(counter, sale)
    printer = fake_printer()
    assert retry_job(counter.store, job_id=second, printer=printer.profile(), now=NOW).job.status == "confirmed"
    with pytest.raises(PrintRefused, match=f"printed by job {second}"):
        retry_job(counter.store, job_id=first, printer=printer.profile(), now=NOW)
    printer.close()
    # raster codes are pixels: count the jobs that printed instead
    assert [j.status for j in jobs(counter.store, order_id=sale.order_id)].count("confirmed") == 1


def test_a_failed_receipt_copy_stays_retryable(counter: Any, sale: Any, fake_printer: Any) -> None:
    """A job without ticket codes prints no ticket twice: the rule does not close it."""
    receipt = _failed_job(counter, sale, tickets=False)
    printer = fake_printer()
    print_order(counter.store, order=sale.order_number, printer=printer.profile(), now=NOW)
    again = retry_job(counter.store, job_id=receipt, printer=printer.profile(), now=NOW)
    printer.close()
    assert again.job.status == "confirmed" and again.job.codes == {}
