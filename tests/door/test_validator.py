"""Every verdict of the door validator, in the order the checks run, plus bad input."""

from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta

import pytest

from pos.door import Direction, DoorValidator, Verdict, counts, double_admissions
from pos.door.rules import EntryRule
from pos.errors import InvalidInput, NotFound
from pos.tickets import TicketSigner, generate_private_key
from tests.door.helpers import DOORS_OPEN, START, Clock, Door, add_key, revoke
from tests.factories import NOW


def validator(
    door: Door, clock: Clock | None = None, gate: str = "G1", perf: str = "P-CONCERT"
) -> DoorValidator:
    return DoorValidator(door.store, performance_id=perf, gate=gate, clock=clock or Clock())


def scans(door: Door) -> list[tuple[str, str, str, str, int]]:
    con = sqlite3.connect(door.store.path)
    try:
        return con.execute(
            "SELECT ticket_id, direction, verdict, origin, uploaded FROM scan ORDER BY rowid"
        ).fetchall()
    finally:
        con.close()


def test_valid_then_already_admitted(door: Door) -> None:
    v = validator(door)
    code, tid = door.ticket()
    first = v.check(code)
    assert first.verdict is Verdict.VALID and first.admitted and first.ticket_id == tid
    again = v.check(code)
    assert again.verdict is Verdict.ALREADY_ADMITTED and not again.green
    assert again.first_gate == "G1" and again.first_at == first.scanned_at
    assert again.reason.startswith("already admitted at gate G1 at ")
    assert [s[2] for s in scans(door)] == ["valid", "already_admitted"]
    # The door's own scans are waiting for central.
    assert [s[3:] for s in scans(door)] == [("local", 0), ("local", 0)]


def test_lowercase_and_whitespace_are_the_same_ticket(door: Door) -> None:
    v = validator(door)
    code, _ = door.ticket()
    assert v.check(f"  {code.lower()}\r\n").verdict is Verdict.VALID
    assert v.check(code).verdict is Verdict.ALREADY_ADMITTED


@pytest.mark.parametrize(
    ("reason", "verdict", "words"),
    [
        ("refund", Verdict.REFUNDED, "refunded"),
        ("exchange", Verdict.EXCHANGED, "exchanged"),
        ("reprint", Verdict.REPRINTED, "replaced by a reprint"),
        ("void", Verdict.CANCELLED, "cancelled"),
        ("cancelled", Verdict.CANCELLED, "cancelled"),
    ],
)
def test_revoked_says_which(door: Door, reason: str, verdict: Verdict, words: str) -> None:
    code, tid = door.ticket()
    revoke(door.store, tid, reason, replaced_by="NEWTICKETAAAAAAA" if reason == "reprint" else None)
    result = validator(door).check(code)
    assert result.verdict is verdict and result.reason.startswith(words)
    if reason == "reprint":
        assert "NEWTICKETAAAAAAA" in result.reason


def test_wrong_performance_names_the_right_one(door: Door) -> None:
    code, _ = door.ticket(performance="P-MATCH")
    result = validator(door).check(code)
    assert result.verdict is Verdict.WRONG_PERFORMANCE
    assert "Test Match" in result.reason and "P-MATCH" in result.reason
    code, _ = door.ticket(performance="P-ELSEWHERE")
    assert validator(door).check(code).verdict is Verdict.WRONG_PERFORMANCE


def test_wrong_gate_and_no_gate(door: Door) -> None:
    code, _ = door.ticket(gate="G2")
    result = validator(door).check(code)
    assert result.verdict is Verdict.WRONG_GATE and "G2" in result.reason
    code, _ = door.ticket(gate="")  # a ticket without a gate enters anywhere
    assert validator(door, gate="G2").check(code).verdict is Verdict.VALID


def test_window(door: Door) -> None:
    code, _ = door.ticket()
    early = validator(door, Clock(DOORS_OPEN - timedelta(seconds=1))).check(code)
    assert early.verdict is Verdict.NOT_YET_OPEN and "doors open at" in early.reason
    late = validator(door, Clock(START + timedelta(hours=2))).check(code)
    assert late.verdict is Verdict.CLOSED
    assert validator(door, Clock(DOORS_OPEN)).check(code).verdict is Verdict.VALID


def test_cancelled_performance_is_closed(door: Door) -> None:
    code, _ = door.ticket(performance="P-CANCELLED")
    clock = Clock(START + timedelta(days=1) - timedelta(minutes=30))
    result = validator(door, clock, perf="P-CANCELLED").check(code)
    assert result.verdict is Verdict.CLOSED and "cancelled" in result.reason


def test_forged_unknown_and_unreadable(door: Door) -> None:
    v = validator(door)
    code, _ = door.ticket()
    # Change the ticket id (characters 8-23): still readable, but the signature no longer holds.
    i = 10
    tampered = code[:i] + ("A" if code[i] != "A" else "B") + code[i + 1 :]
    assert v.check(tampered).verdict is Verdict.FORGED
    stranger = TicketSigner(generate_private_key())
    code, _ = door.ticket(signer=stranger)
    result = v.check(code)
    assert result.verdict is Verdict.UNKNOWN_KEY and result.ticket_id is None
    for junk in ["", "hello", "1" * 150, code[:-10], None, 12345, "Ａ" * 160]:
        assert v.check(junk).verdict is Verdict.UNREADABLE  # type: ignore[arg-type]
    # Untrusted codes are logged, but marked as nothing to upload.
    assert all(s[4] == 1 for s in scans(door) if s[0] == "")


def test_withdrawn_key(door: Door) -> None:
    stolen = TicketSigner(generate_private_key())
    add_key(door.store, stolen, owner="terminal:T99", valid_until=NOW)
    before, _ = door.ticket(signer=stolen, issued=NOW - timedelta(hours=1))
    after, _ = door.ticket(signer=stolen, issued=NOW + timedelta(seconds=1))
    v = validator(door)
    assert v.check(before).verdict is Verdict.VALID
    result = v.check(after)
    assert result.verdict is Verdict.KEY_NOT_VALID_THEN and "withdrawn" in result.reason
    assert result.ticket_id is None  # nothing the code says is trusted
    # The key is checked before the signature: a tampered code of a withdrawn key says so.
    tampered = after[:10] + ("A" if after[10] != "A" else "B") + after[11:]
    assert v.check(tampered).verdict is Verdict.KEY_NOT_VALID_THEN


def test_key_pulled_after_start_counts_immediately(door: Door) -> None:
    v = validator(door)
    other_outlet = TicketSigner(generate_private_key())
    code, _ = door.ticket(signer=other_outlet)
    assert v.check(code).verdict is Verdict.UNKNOWN_KEY
    add_key(door.store, other_outlet, owner="terminal:T02")  # the keys feed brings it
    assert v.check(code).verdict is Verdict.VALID


def test_real_name_shows_masked_holder(door: Door) -> None:
    code, _ = door.ticket(performance="P-MATCH", holder="张*·1234")
    clock = Clock(START + timedelta(days=3) - timedelta(minutes=30))
    result = validator(door, clock, perf="P-MATCH").check(code)
    assert result.verdict is Verdict.VALID
    assert (result.holder_name, result.holder_id) == ("张*", "****1234")
    assert result.to_dict()["holder_name"] == "张*"


def test_single_entry_exit_does_not_allow_return(door: Door) -> None:
    v, clock = validator(door), Clock()
    v._clock = clock
    code, _ = door.ticket()
    assert v.check(code, direction="out").verdict is Verdict.NOT_INSIDE
    assert v.check(code).admitted
    clock.tick()
    out = v.check(code, direction=Direction.OUT)
    assert out.verdict is Verdict.VALID and not out.admitted
    clock.tick()
    again = v.check(code)
    assert again.verdict is Verdict.ALREADY_ADMITTED and "no re-entry" in again.reason


def test_reentry_after_exit(door: Door) -> None:
    with door.store.write() as s:
        from pos.store import sql

        sql.run(s, "UPDATE event SET entry_rule = 'reentry' WHERE id = 'EV-CONCERT'")
    clock = Clock()
    v = validator(door, clock)
    assert v.door.rule is EntryRule.REENTRY
    code, _ = door.ticket()
    assert v.check(code).admitted
    clock.tick()
    assert v.check(code).verdict is Verdict.ALREADY_ADMITTED  # inside: no second admission
    clock.tick()
    assert v.check(code, direction="out").green
    clock.tick()
    back = v.check(code)
    assert back.admitted and "re-entry" in back.reason
    # Exits are accepted after the show ends, admissions are not.
    clock.at = START + timedelta(hours=3)
    assert v.check(code, direction="out").green
    assert v.check(code).verdict is Verdict.CLOSED


def test_two_threads_one_ticket_one_admission(door: Door) -> None:
    code, _ = door.ticket()
    validators = [validator(door) for _ in range(8)]
    results = []
    barrier = threading.Barrier(len(validators))

    def go(v: DoorValidator) -> None:
        barrier.wait()
        results.append(v.check(code))

    threads = [threading.Thread(target=go, args=(v,)) for v in validators]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.verdict.value for r in results) == ["already_admitted"] * 7 + ["valid"]


def test_counts_and_capacity(door: Door) -> None:
    v = validator(door)
    for _ in range(3):
        v.check(door.ticket()[0])
    v.check("garbage")
    c = counts(door.store, "P-CONCERT")
    assert (c.admitted, c.rejected, c.exited) == (3, 1, 0)
    assert c.capacity == 19 + 100  # 20 seats less one blocked, and the standing floor
    assert double_admissions(door.store) == []


def test_bad_setup_is_refused(door: Door) -> None:
    with pytest.raises(NotFound):
        validator(door, perf="P-NOPE")
    with pytest.raises(InvalidInput, match="not a gate"):
        validator(door, gate="G9")
    with pytest.raises(InvalidInput, match="direction"):
        validator(door).check(door.ticket()[0], direction="sideways")
    assert scans(door) == []
