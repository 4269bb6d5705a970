"""Member codes (issue 22): central's encoder and the counter's reader agree to the byte; a
member code is never read as a ticket, nor a ticket as a member code; forgeries are refused."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from central.membercodes import encode as central_encode
from pos.errors import TicketCodeError
from pos.members.code import MemberCodeError, encode, is_member_code, verify
from pos.tickets.codec import TicketClaims, TicketSigner, new_ticket_id
from pos.tickets.codec import verify as verify_ticket
from pos.tickets.keys import _raw_public_bytes, key_id_for


def _key() -> tuple[Ed25519PrivateKey, str, bytes]:
    private = Ed25519PrivateKey.generate()
    raw = _raw_public_bytes(private.public_key())
    return private, key_id_for(raw), raw


def test_central_and_counter_encode_the_same_code_and_it_verifies() -> None:
    private, key_id, raw = _key()
    code = central_encode(private, key_id, member_number="M30001", issued_at=1_700_000_000)
    assert code == encode(private, member_number="M30001", issued_at=1_700_000_000)
    assert code.startswith("MB1") and is_member_code(code) and is_member_code(code.lower())
    claims = verify(code, {key_id: raw})
    assert (claims.member_number, claims.issued_at, claims.key_id) == ("M30001", 1_700_000_000, key_id)
    assert verify(f"  {code.lower()}\n", {key_id: raw}).member_number == "M30001"


def test_forged_altered_unknown_key_and_wrong_version_are_refused_with_the_reason() -> None:
    private, key_id, raw = _key()
    other, _, _ = _key()
    with pytest.raises(MemberCodeError) as forged:
        verify(central_encode(other, key_id, member_number="M30001", issued_at=1), {key_id: raw})
    assert forged.value.reason == "forged"
    code = encode(private, member_number="M30001", issued_at=1)
    payload = bytearray(base64.b32decode(code[3:] + "=" * (-len(code[3:]) % 8)))
    payload[-70] ^= 0x01  # a byte of the member number: "M30001" becomes another number
    altered = "MB1" + base64.b32encode(bytes(payload)).decode().rstrip("=")
    with pytest.raises(MemberCodeError) as bad:
        verify(altered, {key_id: raw})
    assert bad.value.reason in ("forged", "unreadable")
    with pytest.raises(MemberCodeError) as unknown:
        verify(code, {})
    assert unknown.value.reason == "unknown_key"
    payload = bytearray(base64.b32decode(code[3:] + "=" * (-len(code[3:]) % 8)))
    payload[0] = 0x01  # a ticket's version byte
    with pytest.raises(MemberCodeError) as version:
        verify("MB1" + base64.b32encode(bytes(payload)).decode().rstrip("="), {key_id: raw})
    assert version.value.reason == "wrong_version"
    for junk in ("", "MB1", "MB1!!!!", "MB1" + "A" * 300, "HELLO"):
        with pytest.raises(MemberCodeError) as unreadable:
            verify(junk, {key_id: raw})
        assert unreadable.value.reason == "unreadable"


def test_a_member_code_is_never_a_ticket_and_a_ticket_never_a_member_code() -> None:
    private, key_id, raw = _key()
    member_code = encode(private, member_number="M30001", issued_at=1)
    with pytest.raises(TicketCodeError) as as_ticket:  # what a door answers: never admitted
        verify_ticket(member_code, keys={key_id: raw})
    assert as_ticket.value.reason == "unreadable"
    ticket = TicketSigner(private).sign(TicketClaims(new_ticket_id(), "P1", "A-1-1", "G1", "adult", 1))
    assert not is_member_code(ticket)
    with pytest.raises(MemberCodeError) as as_member:
        verify(ticket, {key_id: raw})
    assert as_member.value.reason == "unreadable"
    with pytest.raises(ValueError):
        encode(private, member_number="m1", issued_at=1)
