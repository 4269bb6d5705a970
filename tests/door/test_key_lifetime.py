"""A key's codes are valid only inside its lifetime (issue 17), at the door: a code signed
before its key was registered, or after it was withdrawn, is ``key_not_valid_then``."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pos.door import Verdict
from pos.door.keylife import CLOCK_GRACE, outside
from pos.store import sql
from pos.tickets import TicketSigner, generate_private_key
from tests.door.helpers import NOW, Clock, Door
from tests.door.test_validator import validator


def _key(door: Door, signer: TicketSigner, *, valid_from, valid_until=None) -> None:  # type: ignore[no-untyped-def]
    with door.store.write() as s:
        sql.run(
            s,
            "INSERT OR REPLACE INTO known_key (key_id, public_key, owner, valid_from, valid_until) VALUES (?,?,?,?,?)",
            (signer.key_id, signer.public_key, "terminal:T05", sql.time_in(valid_from),
             sql.time_in(valid_until) if valid_until else None),
        )


def test_code_signed_before_registration_or_after_withdrawal_is_refused(door: Door) -> None:
    key = TicketSigner(generate_private_key())
    registered, withdrawn = NOW - timedelta(days=2), NOW - timedelta(hours=1)
    _key(door, key, valid_from=registered, valid_until=withdrawn)
    v = validator(door)
    early, _ = door.ticket(signer=key, issued=registered - timedelta(days=1))
    late, _ = door.ticket(signer=key, issued=withdrawn + timedelta(minutes=1))
    inside, tid = door.ticket(signer=key, issued=withdrawn - timedelta(minutes=1))
    first = v.check(early)
    assert first.verdict is Verdict.KEY_NOT_VALID_THEN and "before its key was registered" in first.reason
    assert not first.green and first.ticket_id is None
    second = v.check(late)
    assert second.verdict is Verdict.KEY_NOT_VALID_THEN and "after its key was withdrawn" in second.reason
    assert v.check(inside).admitted and v.evaluate(inside).ticket_id == tid
    # Exactly at the withdrawal instant: already withdrawn. Just inside the clock grace
    # before registration: valid (signer's and central's clocks differ a little).
    assert v.check(door.ticket(signer=key, issued=withdrawn)[0]).verdict is Verdict.KEY_NOT_VALID_THEN
    edge = door.ticket(signer=key, issued=registered - CLOCK_GRACE + timedelta(seconds=1))[0]
    assert v.check(edge).verdict is Verdict.VALID


def test_a_key_registered_later_makes_older_codes_invalid(door: Door) -> None:
    """The keys feed may move a key's registration (a store made offline, enrolled later):
    the very next scan uses the new lifetime."""
    key = TicketSigner(generate_private_key())
    _key(door, key, valid_from=NOW - timedelta(days=30))
    v = validator(door, Clock())
    code, _ = door.ticket(signer=key, issued=NOW - timedelta(days=1))
    assert v.evaluate(code).verdict is Verdict.VALID
    _key(door, key, valid_from=NOW)
    assert v.evaluate(code).verdict is Verdict.KEY_NOT_VALID_THEN


def test_bad_input_never_passes_as_a_lifetime_verdict(door: Door) -> None:
    key = TicketSigner(generate_private_key())
    _key(door, key, valid_from=NOW - timedelta(days=1), valid_until=NOW)
    v = validator(door)
    late, _ = door.ticket(signer=key, issued=NOW + timedelta(days=1))
    for junk in [late[:-3], late + "A" * 8, "", None, 7, late.replace(late[30], "1")]:
        assert v.check(junk).verdict in (Verdict.UNREADABLE, Verdict.KEY_NOT_VALID_THEN, Verdict.FORGED)  # type: ignore[arg-type]
    unknown = TicketSigner(generate_private_key())
    assert v.check(door.ticket(signer=unknown)[0]).verdict is Verdict.UNKNOWN_KEY


@pytest.mark.parametrize(
    ("issued_h", "until_h", "expected"),
    [(-100, None, "registered"), (0, None, None), (5, 4, "withdrawn"), (3, 4, None)],
)
def test_outside(issued_h: int, until_h: int | None, expected: str | None) -> None:
    start = NOW - timedelta(hours=1)
    found = outside(
        NOW + timedelta(hours=issued_h),
        valid_from=start,
        valid_until=None if until_h is None else NOW + timedelta(hours=until_h),
    )
    assert (found is None) if expected is None else (expected in (found or ""))


def test_issued_at_read_from_the_text_matches_the_decoder(door: Door) -> None:
    from pos.tickets import peek
    from pos.tickets.codec import issued_at_of

    for seconds in (0, 1, 2**31, 2**32 - 1, int(NOW.timestamp())):
        code, _ = door.ticket(holder="欧阳*·1234", issued=NOW.fromtimestamp(seconds, NOW.tzinfo))
        for spelling in (code, f"  {code.lower()}\n"):
            assert issued_at_of(spelling) == peek(spelling)[1].issued_at == seconds
