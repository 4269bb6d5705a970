"""Print job states (invariant 12): queued → sending → sent → confirmed, unconfirmed or
failed. A printer that cannot report leaves a job unconfirmed; a clerk confirms it (journaled)
or it is retried on the same printer; retry rules hold with the new states."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from pos.errors import NotFound, PermissionDenied, PrintRefused
from pos.journal.chain import entries
from pos.staff.access import Role, add_staff, authenticate
from pos.tickets import printjobs
from pos.tickets.printjobs import confirm_job, get_job, jobs
from printing.errors import PrinterUnreachable
from printing.jobs import print_order, retry_job
from printing.profiles import PrinterProfile
from tests.factories import NOW
from tests.printing.conftest import closed_port, file_profile


def _unconfirmed(counter: Any, sale: Any, fake_printer: Any) -> Any:
    printer = fake_printer("silent")  # never answers DLE EOT
    outcome = print_order(counter.store, order=sale.order_number, printer=printer.profile(timeout=0.3), now=NOW)
    printer.close()
    assert printer.received  # the job went out
    return outcome.job


def test_a_printer_that_never_answers_status_leaves_the_job_unconfirmed(
    counter: Any, sale: Any, fake_printer: Any
) -> None:
    job = _unconfirmed(counter, sale, fake_printer)
    assert (job.status, job.printed, job.printed_at, job.sent_at) == ("unconfirmed", False, None, NOW)
    assert job.byte_count > 0 and job.confirmed_by is None


def test_a_file_printer_cannot_confirm(counter: Any, sale: Any, tmp_path: Path) -> None:
    out = print_order(counter.store, order=sale.order_number, printer=file_profile(tmp_path / "p.bin"), now=NOW)
    assert out.job.status == "unconfirmed" and (tmp_path / "p.bin").stat().st_size == out.byte_count


def test_the_states_go_forward_one_step_at_a_time(counter: Any, sale: Any, capture: Any) -> None:
    seen: list[str] = []

    def transport(profile: PrinterProfile, data: bytes, *, on_sent: Any = None) -> bool:
        seen.append(_status(counter))  # while sending
        on_sent()
        seen.append(_status(counter))  # every byte left: not confirmed yet
        return True

    out = print_order(
        counter.store, order=sale.order_number, printer=file_profile("/dev/null"), transport=transport, now=NOW
    )
    assert seen == ["sending", "sent"] and out.job.status == "confirmed" and out.job.printed_at == NOW
    with pytest.raises(PrintRefused, match="cannot become"):
        printjobs.mark_sent(counter.store, job_id=out.job.job_id)  # a confirmed job is not sent again


def _status(counter: Any) -> str:
    con = sqlite3.connect(counter.store.path)
    try:
        return str(con.execute("SELECT status FROM print_job").fetchone()[0])
    finally:
        con.close()


def test_the_clerk_confirms_and_the_journal_says_who(counter: Any, sale: Any, fake_printer: Any) -> None:
    job = _unconfirmed(counter, sale, fake_printer)
    done = confirm_job(counter.store, job_id=job.job_id, actor=counter.clerk, now=NOW + timedelta(seconds=5))
    assert (done.status, done.confirmed_by, done.printed_at) == ("confirmed", "C1", NOW + timedelta(seconds=5))
    last = entries(counter.store, after=0, limit=1000)[-1]
    assert (last.kind, last.staff, last.ref) == ("print_confirmed", "C1", sale.order_id)
    assert sorted(last.data["tickets"]) == sorted(t.ticket_id for t in sale.tickets)
    # Now it counts as printed: no retry, no second print of the order.
    with pytest.raises(PrintRefused, match="reprint"):
        retry_job(counter.store, job_id=job.job_id, printer=file_profile("/dev/null"), now=NOW)
    with pytest.raises(PrintRefused, match="printed already"):
        print_order(counter.store, order=sale.order_number, printer=file_profile("/dev/null"), now=NOW)


def test_confirming_bad_cases(counter: Any, sale: Any, fake_printer: Any) -> None:
    with pytest.raises(NotFound, match="no print job"):
        confirm_job(counter.store, job_id="nope", actor=counter.clerk, now=NOW)
    job = _unconfirmed(counter, sale, fake_printer)
    add_staff(counter.store, staff_id="D1", name="Door", role=Role.DOOR, pin="2468", by=counter.supervisor)
    door = authenticate(counter.store, staff_id="D1", pin="2468", now=NOW)
    with pytest.raises(PermissionDenied):
        confirm_job(counter.store, job_id=job.job_id, actor=door, now=NOW)
    assert get_job(counter.store, job_id=job.job_id).status == "unconfirmed"
    confirm_job(counter.store, job_id=job.job_id, actor=counter.clerk, now=NOW)
    with pytest.raises(PrintRefused, match="confirmed already by C1"):
        confirm_job(counter.store, job_id=job.job_id, actor=counter.supervisor, now=NOW)


def test_a_failed_job_cannot_be_confirmed(counter: Any, sale: Any) -> None:
    dead = PrinterProfile(name="DEAD", connection="network", host="127.0.0.1", port=closed_port(), timeout=1)
    with pytest.raises(PrinterUnreachable) as err:
        print_order(counter.store, order=sale.order_number, printer=dead, now=NOW)
    with pytest.raises(PrintRefused, match="failed, so it did not print"):
        confirm_job(counter.store, job_id=str(err.value.details["job"]), actor=counter.clerk, now=NOW)


def test_a_job_still_in_flight_has_no_answer_yet(counter: Any, sale: Any) -> None:
    job = printjobs.start_job(counter.store, kind="order", printer="P1", mode="text", order_id=sale.order_id, now=NOW)
    printjobs.mark_sending(counter.store, job_id=job.job_id, now=NOW)  # then the terminal crashed
    with pytest.raises(PrintRefused, match="still sending"):
        confirm_job(counter.store, job_id=job.job_id, actor=counter.clerk, now=NOW)
    with pytest.raises(PrintRefused, match="still sending"):
        retry_job(counter.store, job_id=job.job_id, printer=file_profile("/dev/null"), now=NOW)
    # Long after, nobody knows whether it came out: it can be answered, or printed again.
    later = NOW + printjobs.STALE_IN_FLIGHT + timedelta(seconds=1)
    again = retry_job(counter.store, job_id=job.job_id, printer=file_profile("/dev/null"), now=later)
    assert (again.job.status, again.job.attempts) == ("unconfirmed", 2)


def test_reprint_means_retry_on_the_same_printer(counter: Any, sale: Any, fake_printer: Any) -> None:
    job = _unconfirmed(counter, sale, fake_printer)
    with pytest.raises(PrintRefused, match="could not confirm") as err:  # not a second job beside it
        print_order(counter.store, order=sale.order_number, printer=file_profile("/dev/null"), now=NOW)
    assert err.value.details["job"] == job.job_id
    good = fake_printer("ready")
    again = retry_job(counter.store, job_id=job.job_id, printer=good.profile(name=job.printer, mode="text"), now=NOW)
    good.close()
    assert (again.job.status, again.job.attempts, again.job.printer) == ("confirmed", 2, job.printer)
    assert again.job.codes == job.codes and all(t.code.encode() in good.received for t in sale.tickets)


def test_an_unconfirmed_job_blocks_a_sibling_retry_and_its_confirmation_closes_it(
    counter: Any, sale: Any, fake_printer: Any
) -> None:
    dead = PrinterProfile(name="DEAD", connection="network", host="127.0.0.1", port=closed_port(), timeout=1)
    failed = []
    for _ in range(2):
        with pytest.raises(PrinterUnreachable) as err:
            print_order(counter.store, order=sale.order_number, printer=dead, now=NOW)
        failed.append(str(err.value.details["job"]))
    silent = fake_printer("silent")
    first = retry_job(counter.store, job_id=failed[0], printer=silent.profile(timeout=0.3), now=NOW)
    silent.close()
    assert first.job.status == "unconfirmed"
    with pytest.raises(PrintRefused, match="not confirmed") as err:
        retry_job(counter.store, job_id=failed[1], printer=file_profile("/dev/null"), now=NOW)
    assert err.value.details["waiting_on"] == failed[0]
    confirm_job(counter.store, job_id=failed[0], actor=counter.clerk, now=NOW)
    with pytest.raises(PrintRefused, match="is closed") as err:  # superseded by the confirmed job
        retry_job(counter.store, job_id=failed[1], printer=file_profile("/dev/null"), now=NOW)
    assert err.value.details["superseded_by"] == failed[0]
    assert [j.status for j in jobs(counter.store, order_id=sale.order_id)].count("confirmed") == 1


def test_jobs_of_an_older_store_are_carried_over(counter: Any, sale: Any, tmp_path: Path) -> None:
    """Migration 0009: "printed" becomes confirmed; "pending" (cut short by a crash) unconfirmed."""
    from alembic import command

    from pos.store.db import _alembic_config, open_store

    done = print_order(counter.store, order=sale.order_number, printer=file_profile("/dev/null"), now=NOW)
    store = counter.store
    cfg = _alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008")
    store.close()
    con = sqlite3.connect(store.path)
    with con:
        assert con.execute("SELECT status FROM print_job").fetchone() == ("pending",)
        con.execute("UPDATE print_job SET status = 'printed', printed_at = created_at")
        con.execute(
            "INSERT INTO print_job SELECT 'old-pending', kind, order_id, '[]', '{}', printer, mode, staff_id, "
            "'pending', attempts, last_error, byte_count, created_at, updated_at, NULL FROM print_job"
        )
    con.close()
    reopened = open_store(store.data_dir)
    try:
        assert get_job(reopened, job_id=done.job.job_id).status == "confirmed"
        assert get_job(reopened, job_id="old-pending").status == "unconfirmed"
    finally:
        reopened.close()


def test_doctor_warns_of_jobs_nobody_confirmed(counter: Any, sale: Any, fake_printer: Any) -> None:
    from pos.field.doctor import OK, WARN
    from printing.doctor import unconfirmed_check

    assert unconfirmed_check(counter.store).status == OK
    job = _unconfirmed(counter, sale, fake_printer)
    check = unconfirmed_check(counter.store)
    assert check.status == WARN and job.job_id[:8] in check.detail and "pos print confirm" in check.fix
    confirm_job(counter.store, job_id=job.job_id, actor=counter.clerk, now=NOW)
    assert unconfirmed_check(counter.store).status == OK


def test_the_orders_view_tells_how_far_the_tickets_got(counter: Any, sale: Any, fake_printer: Any) -> None:
    from pos.aftersales.lookup import find_order_view

    def state() -> str:
        return find_order_view(counter.store, query=sale.order_number).printed

    assert state() == ""
    dead = PrinterProfile(name="DEAD", connection="network", host="127.0.0.1", port=closed_port(), timeout=1)
    with pytest.raises(PrinterUnreachable) as err:
        print_order(counter.store, order=sale.order_number, printer=dead, now=NOW)
    assert state() == "failed"
    silent = fake_printer("silent")
    job = retry_job(counter.store, job_id=str(err.value.details["job"]), printer=silent.profile(timeout=0.3), now=NOW)
    silent.close()
    assert state() == "unconfirmed"
    confirm_job(counter.store, job_id=job.job.job_id, actor=counter.clerk, now=NOW)
    assert state() == "confirmed"
