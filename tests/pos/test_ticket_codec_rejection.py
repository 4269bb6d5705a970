"""Signed ticket codes: rejection of everything that is not a genuine code, tampered,
forged, unknown or garbage (invariants 4 and 8)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos.errors import TicketCodeError
from pos.tickets import (
    CODE_VERSION,
    TicketSigner,
    generate_private_key,
    peek,
    verify,
)
from tests.pos.codec_helpers import (
    B32,
    SIGNER,
    SIGNER_KEY,
    b32decode,
    b32encode,
    claims,
    reason,
    resign,
)

# --- rejection --------------------------------------------------------------------------


def test_every_single_character_tamper_is_rejected(signer: TicketSigner, keys: dict[str, bytes]) -> None:
    code = signer.sign(claims(holder="张*·1234"))
    assert (len(b32decode(code)) * 8) % 5  # the last character has unused bits
    for position, original in enumerate(code):
        for replacement in B32.replace(original, ""):
            tampered = code[:position] + replacement + code[position + 1 :]
            got = reason(tampered, keys)
            # Characters 0-7 hold the version byte and the key id (bits 0-39).
            allowed = {"bad_signature", "unreadable"}
            if position < 8:
                allowed |= {"wrong_version", "unknown_key"}
            assert got in allowed, (position, replacement, got)


def test_non_canonical_last_character_is_unreadable(signer: TicketSigner, keys: dict[str, bytes]) -> None:
    code = signer.sign(claims())
    unused_bits = 5 - (len(b32decode(code)) * 8) % 5
    assert unused_bits < 5
    last = B32.index(code[-1])
    spelled_differently = code[:-1] + B32[last | 1]  # same bytes to a lenient decoder
    assert b32decode(spelled_differently) == b32decode(code)
    assert reason(spelled_differently, keys) == "unreadable"


@given(data=st.data())
@settings(max_examples=200, deadline=None)
def test_random_edits_are_never_accepted(data: st.DataObject) -> None:
    code = SIGNER.sign(claims())
    keys = {SIGNER.key_id: SIGNER.public_key}
    positions = data.draw(st.sets(st.integers(0, len(code) - 1), min_size=1, max_size=6))
    edited = list(code)
    for p in positions:
        edited[p] = data.draw(st.sampled_from(B32.replace(code[p], "")))
    with pytest.raises(TicketCodeError):
        verify("".join(edited), keys=keys)


def test_forged_with_claimed_key_id_is_bad_signature(signer: TicketSigner, keys: dict[str, bytes]) -> None:
    forger = generate_private_key()
    raw = bytearray(b32decode(TicketSigner(forger).sign(claims(concession="vip"))))
    raw[1:5] = bytes.fromhex(signer.key_id)
    forged = resign(bytes(raw), forger)
    assert peek(forged)[0] == signer.key_id
    assert reason(forged, keys) == "bad_signature"


def test_unknown_key(signer: TicketSigner) -> None:
    other = TicketSigner(generate_private_key())
    code = other.sign(claims())
    with pytest.raises(TicketCodeError, match=f"unknown key {other.key_id}") as info:
        verify(code, keys={signer.key_id: signer.public_key})
    assert info.value.reason == "unknown_key"
    assert peek(code) == (other.key_id, claims())  # still displayable


def test_invalid_key_in_key_list_rejects_without_crashing(signer: TicketSigner) -> None:
    code = signer.sign(claims())
    assert reason(code, {signer.key_id: b"\x01" * 31}) == "unknown_key"


def test_wrong_version(keys: dict[str, bytes]) -> None:
    key = generate_private_key()
    signer = TicketSigner(key)
    raw = bytearray(b32decode(signer.sign(claims())))
    assert raw[0] == CODE_VERSION
    raw[0] = CODE_VERSION + 1
    code = resign(bytes(raw), key)  # correctly signed: only the version is wrong
    with pytest.raises(TicketCodeError, match="version 2") as info:
        verify(code, keys={signer.key_id: signer.public_key})
    assert info.value.reason == "wrong_version"
    with pytest.raises(TicketCodeError) as info:
        peek(code)
    assert info.value.reason == "wrong_version"


def test_check_order_unreadable_before_version_before_key(keys: dict[str, bytes]) -> None:
    key = generate_private_key()
    raw = bytearray(b32decode(TicketSigner(key).sign(claims())))
    raw[0] = 9
    assert reason(resign(bytes(raw), key), keys) == "wrong_version"  # before unknown_key
    raw[-65] = 0xFF  # the empty holder's length byte now points past the end
    assert reason(resign(bytes(raw), key), keys) == "unreadable"  # before wrong_version


def _random_b32(seed: int, size: int) -> str:
    return b32encode(random.Random(seed).randbytes(size))


GARBAGE = [
    "",
    " ",
    "hello",
    "HELLO",
    "\x00",
    "A" * 141,
    "A" * 221,
    "A" * 222,
    "A" * 100_000,
    "票" * 200,
    "ＡＢＣ" * 60,
    "ı" * 180,  # dotless i: upper() would turn it into 'I'
    "https://example.com/t/ABCDEF",
    *[_random_b32(seed, size) for seed, size in enumerate(range(0, 200, 7))],
]


@pytest.mark.parametrize("garbage", GARBAGE, ids=lambda g: f"{g[:12]!r}..{len(g)}")
def test_garbage_is_unreadable(garbage: str, keys: dict[str, bytes]) -> None:
    assert reason(garbage, keys) == "unreadable"
    with pytest.raises(TicketCodeError) as info:
        peek(garbage)
    assert info.value.reason == "unreadable"


def test_damage_to_a_real_code_is_unreadable(signer: TicketSigner, keys: dict[str, bytes]) -> None:
    code = signer.sign(claims())
    for damaged in (
        code[:-1],  # truncated by one character
        code[:-8],  # truncated by five bytes: still valid base32
        code + "A",
        code + "AAAAAAAA",  # five zero bytes more: valid base32, extra bytes
        code[:50] + " " + code[50:],
        code[:50] + "\u00a0" + code[50:],
        code[:50] + "0" + code[51:],
        code[:50] + "1" + code[51:],
        code + "=" * (-len(code) % 8),
        f"\u3000{code}",  # ideographic space is not ASCII whitespace
        code.replace("A", "Ａ", 1),
    ):
        assert reason(damaged, keys) == "unreadable", damaged


def _body_with_fields(*fields: bytes, extra: bytes = b"") -> bytes:
    header = bytes([CODE_VERSION]) + b"\0" * 4 + b"\0" * 10 + b"\0" * 4
    return header + b"".join(fields) + extra


@pytest.mark.parametrize(
    "body",
    [
        _body_with_fields(b"\x01P", b"\x01I", b"\x00", b"\x01a"),  # holder length missing
        _body_with_fields(b"\x01P", b"\x01I", b"\x00", b"\x01a", b"\x40"),  # points past end
        _body_with_fields(b"\x01P", b"\x01I", b"\x00", b"\x01a", b"\x00", extra=b"\x00"),
        _body_with_fields(b"\x01P", b"\x01I", b"\x00", b"\x01a", b"\x02\xff\xfe"),  # bad UTF-8
        _body_with_fields(b"\x01P", b"\x01I", b"\x00", b"\x01a", b"\x01\x07"),  # control char
        _body_with_fields(b"\x01P", b"\x01I", b"\x00", b"\x02\xc3\xa9", b"\x00"),  # é in an id
        _body_with_fields(b"\x00", b"\x01I", b"\x00", b"\x01a", b"\x00"),  # empty performance
        _body_with_fields(b"\x0dPPPPPPPPPPPPP", b"\x01I", b"\x00", b"\x01a", b"\x00"),  # > 12
        _body_with_fields(b"\xffP", b"\x01I", b"\x00", b"\x01a", b"\x00"),
    ],
)
def test_structural_damage_is_unreadable(body: bytes) -> None:
    key = generate_private_key()
    signer = TicketSigner(key)
    body = body[:1] + bytes.fromhex(signer.key_id) + body[5:]
    code = b32encode(body + key.sign(body))  # validly signed, so only structure can fail
    assert reason(code, {signer.key_id: signer.public_key}) == "unreadable"


def test_structurally_valid_hand_made_body_verifies() -> None:
    # The counterpart of the test above: the same construction with good fields works.
    key = generate_private_key()
    signer = TicketSigner(key)
    body = _body_with_fields(b"\x01P", b"\x01I", b"\x00", b"\x01a", b"\x00")
    body = body[:1] + bytes.fromhex(signer.key_id) + body[5:]
    got = verify(b32encode(body + key.sign(body)), keys={signer.key_id: signer.public_key})
    assert got.claims == claims(
        ticket_id="A" * 16,
        performance_id="P",
        item_id="I",
        gate_id="",
        concession="a",
        issued_at=0,
    )


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_any_text_is_unreadable(text: str) -> None:
    with pytest.raises(TicketCodeError) as info:
        verify(text, keys={})
    assert info.value.reason == "unreadable"


@given(st.binary(max_size=200))
@settings(max_examples=300, deadline=None)
def test_any_bytes_as_base32_raise_only_ticket_code_error(raw: bytes) -> None:
    for code in (b32encode(raw), b32encode(raw).lower()):
        with pytest.raises(TicketCodeError) as info:
            peek(code)
        assert info.value.reason in {"unreadable", "wrong_version"}


@given(st.binary(min_size=24, max_size=80))
@settings(max_examples=300, deadline=None)
def test_any_signed_body_is_read_or_rejected_cleanly(body: bytes) -> None:
    # Past the signature check, only the structure stands between bytes and claims.
    body = bytes([CODE_VERSION]) + bytes.fromhex(SIGNER.key_id) + body[5:]
    code = b32encode(body + SIGNER_KEY.sign(body))
    try:
        got = verify(code, keys={SIGNER.key_id: SIGNER.public_key})
    except TicketCodeError as exc:
        assert exc.reason == "unreadable"
    else:
        assert b32decode(SIGNER.sign(got.claims))[:-64] == body  # canonical: one spelling


def test_non_string_input_is_unreadable() -> None:
    for value in (None, b"ABC", 123):
        with pytest.raises(TicketCodeError) as info:
            verify(value, keys={})  # type: ignore[arg-type]
        assert info.value.reason == "unreadable"
