"""Refund policy: the event's window, supervisor approval of late refunds, door scans,
idempotent reversal ids, and the void window."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import timedelta

import pytest

from pos.aftersales.reversal import RefundWindowClosed, ReversalRefused, TicketScanned, refund, void_last_sale
from pos.errors import InvalidInput, NotFound, PermissionDenied
from pos.staff.access import Permission
from pos.store import settings
from tests.factories import CLERK, NOW, SUPERVISOR, table_counts
from tests.pos.aftersales_helpers import approval, sale, scan_at_door

# P-CONCERT starts two days after NOW with the default 24-hour refund cut-off.
LATE = NOW + timedelta(days=1, hours=1)
AFTER_START = NOW + timedelta(days=2, minutes=1)


def _journal(counter, kind):  # type: ignore[no-untyped-def]
    con = sqlite3.connect(counter.store.path)
    rows = [json.loads(r[0]) for r in con.execute("SELECT record FROM journal ORDER BY seq")]
    return [r for r in rows if r["kind"] == kind]


def test_refund_outside_the_window_without_approval_is_refused_and_changes_nothing(counter) -> None:  # type: ignore[no-untyped-def]
    s = sale(counter)
    plain = approval(counter, Permission.REFUND, LATE)  # an ordinary refund approval is not enough
    before = table_counts(counter.store)
    with pytest.raises(RefundWindowClosed, match="supervisor must approve this late refund") as err:
        refund(counter.store, order=s.order_number, actor=counter.clerk, override=plain, now=LATE)
    assert err.value.code == "refund_window_closed" and err.value.details["performance_id"] == "P-CONCERT"
    with pytest.raises(PermissionDenied):
        refund(counter.store, order=s.order_number, actor=counter.clerk, now=LATE)
    assert table_counts(counter.store) == before
    # The refused refund did not use up the approval: an in-window refund can still spend it.
    refund(
        counter.store,
        order=s.order_number,
        actor=counter.clerk,
        override=plain,
        now=LATE - timedelta(hours=2),
    )


def test_refund_outside_the_window_with_a_supervisors_approval_names_both(counter) -> None:  # type: ignore[no-untyped-def]
    s = sale(counter)
    r = refund(
        counter.store,
        order=s.order_number,
        actor=counter.clerk,
        override=approval(counter, Permission.REFUND_LATE, LATE),
        reason="family emergency",
        now=LATE,
    )
    assert r.late and r.approver_id == SUPERVISOR[0]
    entry = _journal(counter, "refund")[-1]
    assert (entry["staff"], entry["approver"], entry["data"]["late"]) == (CLERK[0], SUPERVISOR[0], True)
    con = sqlite3.connect(counter.store.path)
    payload = json.loads(con.execute("SELECT payload FROM outbox WHERE kind = 'refund'").fetchone()[0])
    assert payload["approver_id"] == SUPERVISOR[0]  # central opens the window only with it


def test_a_supervisor_refunding_late_is_the_approver(counter) -> None:  # type: ignore[no-untyped-def]
    s = sale(counter)
    r = refund(counter.store, order=s.order_id, actor=counter.supervisor, now=LATE)
    assert r.late and r.approver_id == SUPERVISOR[0]
    entry = _journal(counter, "refund")[-1]
    assert entry["staff"] == entry["approver"] == SUPERVISOR[0]


def test_no_refund_after_the_show_started_even_approved(counter) -> None:  # type: ignore[no-untyped-def]
    s = sale(counter)
    before = table_counts(counter.store)
    with pytest.raises(RefundWindowClosed, match="started"):
        refund(counter.store, order=s.order_id, actor=counter.supervisor, now=AFTER_START)
    assert table_counts(counter.store) == before


def test_refund_after_the_door_scan_is_refused_with_when_and_where(counter) -> None:  # type: ignore[no-untyped-def]
    s = sale(counter)
    scanned = s.tickets[0].ticket_id
    scan_at_door(counter, scanned, NOW + timedelta(minutes=30))
    before = table_counts(counter.store)
    with pytest.raises(TicketScanned, match=f"ticket {scanned} was already scanned at the door.*gate G1"):
        refund(counter.store, order=s.order_id, actor=counter.supervisor, now=NOW + timedelta(hours=1))
    with pytest.raises(TicketScanned):
        refund(counter.store, order=s.order_id, actor=counter.supervisor, ticket_ids=[scanned], now=NOW)
    assert table_counts(counter.store) == before
    # The ticket nobody scanned can still be refunded; a rejected scan admits nobody.
    other = s.tickets[1].ticket_id
    scan_at_door(counter, other, NOW, verdict="rejected")
    r = refund(counter.store, order=s.order_id, actor=counter.supervisor, ticket_ids=[other], now=NOW)
    assert r.ticket_ids == (other,)


def test_void_after_the_door_scan_is_refused(counter) -> None:  # type: ignore[no-untyped-def]
    s = sale(counter)
    scan_at_door(counter, s.tickets[0].ticket_id, NOW)
    with pytest.raises(TicketScanned):
        void_last_sale(counter.store, actor=counter.supervisor, now=NOW + timedelta(minutes=1))


def test_the_same_reversal_id_gives_the_same_result_once(counter) -> None:  # type: ignore[no-untyped-def]
    s = sale(counter)
    rid = str(uuid.uuid4())
    first = refund(counter.store, order=s.order_id, actor=counter.supervisor, reversal_id=rid, now=NOW)
    after = table_counts(counter.store)
    again = refund(counter.store, order=s.order_id, actor=counter.supervisor, reversal_id=rid, now=NOW)
    assert again == first and table_counts(counter.store) == after
    other = sale(counter, seats=("A-2-1",))
    with pytest.raises(InvalidInput, match="another action"):
        refund(counter.store, order=other.order_id, actor=counter.supervisor, reversal_id=rid, now=NOW)
    with pytest.raises(InvalidInput, match="UUID"):
        refund(counter.store, order=other.order_id, actor=counter.supervisor, reversal_id="nope", now=NOW)


def test_refund_bad_inputs(counter) -> None:  # type: ignore[no-untyped-def]
    s = sale(counter)
    before = table_counts(counter.store)
    for order in ("", " ", "X" * 200):
        with pytest.raises(InvalidInput):
            refund(counter.store, order=order, actor=counter.supervisor, now=NOW)
    with pytest.raises(NotFound):
        refund(counter.store, order="no-such-order", actor=counter.supervisor, now=NOW)
    with pytest.raises(InvalidInput, match="not in order"):
        refund(counter.store, order=s.order_id, actor=counter.supervisor, ticket_ids=["T" * 16], now=NOW)
    assert table_counts(counter.store) == before
    refund(counter.store, order=s.order_number.lower(), actor=counter.supervisor, now=NOW)  # number, any case
    with pytest.raises(ReversalRefused, match="already refunded"):
        refund(counter.store, order=s.order_id, actor=counter.supervisor, now=NOW)


def test_void_window_is_a_setting_and_voids_are_for_supervisors(counter) -> None:  # type: ignore[no-untyped-def]
    sale(counter)
    with pytest.raises(PermissionDenied, match="supervisor must approve"):
        void_last_sale(counter.store, actor=counter.clerk, now=NOW)
    settings.put(counter.store, "void_window_minutes", 3)
    with pytest.raises(ReversalRefused, match="older than 3 minutes"):
        void_last_sale(counter.store, actor=counter.supervisor, now=NOW + timedelta(minutes=4))
    vid = str(uuid.uuid4())
    v = void_last_sale(
        counter.store, actor=counter.supervisor, reversal_id=vid, now=NOW + timedelta(minutes=2)
    )
    assert v.kind == "void" and v.approver_id is None
    # Retrying the same void answers the same; a new void finds the sale already voided.
    assert void_last_sale(counter.store, actor=counter.supervisor, reversal_id=vid, now=NOW) == v
    with pytest.raises(ReversalRefused, match="voided"):
        void_last_sale(counter.store, actor=counter.supervisor, now=NOW + timedelta(minutes=2))


def test_a_partly_refunded_sale_cannot_be_voided(counter) -> None:  # type: ignore[no-untyped-def]
    s = sale(counter)
    refund(
        counter.store,
        order=s.order_id,
        actor=counter.supervisor,
        ticket_ids=[s.tickets[0].ticket_id],
        now=NOW,
    )
    with pytest.raises(ReversalRefused, match="part_refunded"):
        void_last_sale(counter.store, actor=counter.supervisor, now=NOW)
