"""Reprint: a supervisor's action that revokes the old code and issues a new one."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from typing import Any

import pytest

from pos.errors import NotFound, PermissionDenied
from pos.journal.chain import entries
from pos.journal.chain import verify as verify_journal
from pos.staff.access import Override, Permission
from pos.terminal.identity import known_keys
from pos.tickets import verify
from pos.tickets.printjobs import PrintRefused, order_for_print, reprint_ticket
from printing.errors import PrinterUnreachable
from printing.jobs import reprint, retry_job
from printing.profiles import PrinterProfile
from tests.factories import NOW, table_counts
from tests.printing.conftest import closed_port

PROFILE = PrinterProfile(name="P1", connection="file", device="/dev/null")


def _override(counter: Any) -> Override:
    """A real approval: the supervisor's PIN checked, the grant issued by the store."""
    from pos.staff.access import override
    from tests.factories import SUPERVISOR

    return override(
        counter.store, supervisor_id=SUPERVISOR[0], pin=SUPERVISOR[1], permission=Permission.REPRINT, now=NOW
    )


def test_clerk_without_override_changes_nothing(counter: Any, sale: Any, capture: Any) -> None:
    before = table_counts(counter.store)
    with pytest.raises(PermissionDenied, match="supervisor"):
        reprint(
            counter.store,
            ticket_id=sale.tickets[0].ticket_id,
            actor=counter.clerk,
            signer=counter.signer,
            printer=PROFILE,
            transport=capture,
            now=NOW,
        )
    assert table_counts(counter.store) == before and capture.sent == []
    wrong = Override("S1", "x", Permission.REFUND, NOW)  # an approval for something else
    with pytest.raises(PermissionDenied):
        reprint_ticket(
            counter.store,
            ticket_id=sale.tickets[0].ticket_id,
            actor=counter.clerk,
            signer=counter.signer,
            override=wrong,
            now=NOW,
        )
    assert table_counts(counter.store) == before


def test_reprint_revokes_the_old_code_and_issues_a_new_one(counter: Any, sale: Any, capture: Any) -> None:
    old = sale.tickets[0]
    before = table_counts(counter.store)
    result, outcome = reprint(
        counter.store,
        ticket_id=old.ticket_id,
        actor=counter.clerk,
        signer=counter.signer,
        override=_override(counter),
        printer=PROFILE,
        reason="paper jam",
        transport=capture,
        now=NOW + timedelta(minutes=1),
    )
    after = table_counts(counter.store)
    assert after["revocation"] == before["revocation"] + 1 and after["ticket"] == before["ticket"] + 1
    assert after["valid_tickets"] == before["valid_tickets"] and after["journal"] == before["journal"] + 2  # the approval, then the reprint
    assert after["outbox"] == before["outbox"] + 1
    assert not isinstance(outcome, Exception) and outcome.job.kind == "reprint"
    assert outcome.job.codes == {result.new_ticket_id: result.new_code}

    con = sqlite3.connect(counter.store.path)
    assert con.execute("SELECT status FROM ticket WHERE id = ?", (old.ticket_id,)).fetchone() == ("revoked",)
    rev = con.execute(
        "SELECT reason, replaced_by FROM revocation WHERE ticket_id = ?", (old.ticket_id,)
    ).fetchone()
    assert rev == ("reprint", result.new_ticket_id)
    seat, line = con.execute(
        "SELECT seat_id, line_no FROM ticket WHERE id = ?", (result.new_ticket_id,)
    ).fetchone()
    kind, payload = con.execute("SELECT kind, payload FROM outbox ORDER BY seq DESC LIMIT 1").fetchone()
    con.close()
    assert (seat, line) == (old.seat_id, 1)
    message = json.loads(payload)
    assert kind == "reprint" and message["revoked_ticket_id"] == old.ticket_id
    assert message["ticket"]["id"] == result.new_ticket_id and message["approver_id"] == "S1"

    new = verify(result.new_code, keys=known_keys(counter.store))
    assert new.claims.ticket_id == result.new_ticket_id and new.claims.item_id == old.seat_id
    entry = entries(counter.store, after=0, limit=1000)[-1]
    assert (entry.kind, entry.staff, entry.approver) == ("reprint", "C1", "S1")
    assert entry.data["revoked"] == old.ticket_id and entry.data["replaced_by"] == result.new_ticket_id
    verify_journal(counter.store)
    # The order's printable view now carries the new ticket on line 1.
    order = order_for_print(counter.store, order=sale.order_id)
    assert order.tickets[0].ticket_id == result.new_ticket_id and len(order.tickets) == 4
    assert "补打".encode("gb18030") in _reprint_text(order)


def _reprint_text(order: Any) -> bytes:
    from printing.layouts import ticket_layout
    from printing.render import render_text

    return render_text([ticket_layout(order, order.tickets[0], reprint=True)], paper=58)


def test_supervisor_reprints_alone_and_revoked_tickets_cannot_be_reprinted(counter: Any, sale: Any) -> None:
    first = reprint_ticket(
        counter.store,
        ticket_id=sale.tickets[1].ticket_id,
        actor=counter.supervisor,
        signer=counter.signer,
        now=NOW,
    )
    with pytest.raises(PrintRefused, match="revoked"):
        reprint_ticket(
            counter.store,
            ticket_id=sale.tickets[1].ticket_id,
            actor=counter.supervisor,
            signer=counter.signer,
            now=NOW,
        )
    again = reprint_ticket(
        counter.store,
        ticket_id=first.new_ticket_id.lower(),
        actor=counter.supervisor,
        signer=counter.signer,
        now=NOW,
    )
    assert again.old_ticket_id == first.new_ticket_id
    with pytest.raises(NotFound):
        reprint_ticket(
            counter.store,
            ticket_id="AAAAAAAAAAAAAAAA",
            actor=counter.supervisor,
            signer=counter.signer,
            now=NOW,
        )


def test_reprint_whose_printing_fails_is_retried_without_the_supervisor(
    counter: Any, sale: Any, loopback: Any
) -> None:
    dead = PrinterProfile(name="NET", connection="network", host="127.0.0.1", port=closed_port(), timeout=1)
    result, outcome = reprint(
        counter.store,
        ticket_id=sale.tickets[2].ticket_id,
        actor=counter.supervisor,
        signer=counter.signer,
        printer=dead,
        now=NOW,
    )
    assert isinstance(outcome, PrinterUnreachable)
    job_id = str(outcome.details["job"])
    printer = loopback()
    done = retry_job(counter.store, job_id=job_id, printer=printer.profile(mode="text"), now=NOW)
    received = printer.join()
    assert done.job.status == "unconfirmed" and b"1P0" + result.new_code.encode() in received
    assert "补打".encode("gb18030") in received
