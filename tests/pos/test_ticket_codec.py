"""Signed ticket codes: round trips, size budget against a real QR, and rejection of
everything that is not a genuine code (invariants 4 and 8)."""

from __future__ import annotations

import base64
import hashlib
import random
import re
import string

import pytest
import qrcode
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st
from qrcode.constants import ERROR_CORRECT_M

from pos.errors import TicketCodeError
from pos.tickets import (
    CODE_VERSION,
    MAX_CODE_CHARS,
    MAX_FIELD_BYTES,
    TicketClaims,
    TicketSigner,
    VerifiedTicket,
    generate_private_key,
    key_id_for,
    new_ticket_id,
    peek,
    private_key_from_pem,
    private_key_to_pem,
    verify,
)

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
# RFC 8032, section 7.1, test 1.
RFC8032_SECRET = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
RFC8032_PUBLIC = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")


# Module-level so that hypothesis tests can use them too; the key is kept for re-signing.
_SIGNER_KEY = generate_private_key()
_SIGNER = TicketSigner(_SIGNER_KEY)


@pytest.fixture(scope="module")
def signer() -> TicketSigner:
    return _SIGNER


@pytest.fixture(scope="module")
def keys(signer: TicketSigner) -> dict[str, bytes]:
    return {signer.key_id: signer.public_key}


def claims(**changes: object) -> TicketClaims:
    values: dict[str, object] = {
        "ticket_id": "ABCDEFGHIJKLMN23",
        "performance_id": "P20240815A",
        "item_id": "A-12-07",
        "gate_id": "N3",
        "concession": "adult",
        "issued_at": 1_723_700_000,
        "holder": "",
    }
    values.update(changes)
    return TicketClaims(**values)  # type: ignore[arg-type]


def worst_case() -> TicketClaims:
    holder = "欧阳*·1234"
    assert len(holder.encode()) == MAX_FIELD_BYTES["holder"]
    return claims(
        performance_id="P" * MAX_FIELD_BYTES["performance_id"],
        item_id="S:-." * (MAX_FIELD_BYTES["item_id"] // 4),
        gate_id="G" * MAX_FIELD_BYTES["gate_id"],
        concession="c" * MAX_FIELD_BYTES["concession"],
        issued_at=2**32 - 1,
        holder=holder,
    )


def b32decode(code: str) -> bytes:
    return base64.b32decode(code + "=" * (-len(code) % 8))


def b32encode(raw: bytes) -> str:
    return base64.b32encode(raw).decode().rstrip("=")


def resign(raw: bytes, key: Ed25519PrivateKey) -> str:
    """Replace the signature of a decoded code with one made by ``key``."""
    body = raw[:-64]
    return b32encode(body + key.sign(body))


def reason(code: str, keys: dict[str, bytes]) -> str:
    with pytest.raises(TicketCodeError) as info:
        verify(code, keys=keys)
    return info.value.reason


# --- round trips ------------------------------------------------------------------------


def test_round_trip(signer: TicketSigner, keys: dict[str, bytes]) -> None:
    c = claims()
    code = signer.sign(c)
    assert re.fullmatch("[A-Z2-7]+", code)
    assert verify(code, keys=keys) == VerifiedTicket(claims=c, key_id=signer.key_id, code=code)
    assert peek(code) == (signer.key_id, c)


def test_chinese_holder_and_empty_gate(signer: TicketSigner, keys: dict[str, bytes]) -> None:
    c = claims(holder="张*·1234", gate_id="")
    assert verify(signer.sign(c), keys=keys).claims == c


def test_minimal_claims(signer: TicketSigner, keys: dict[str, bytes]) -> None:
    c = claims(performance_id="P", item_id="1", gate_id="", concession="a", issued_at=0)
    assert verify(signer.sign(c), keys=keys).claims == c


def test_scanner_noise_is_normalised(signer: TicketSigner, keys: dict[str, bytes]) -> None:
    code = signer.sign(claims())
    for typed in (code.lower(), f"  {code}\r\n", f"\t{code.lower()}\n"):
        assert verify(typed, keys=keys).code == code


def test_new_ticket_id() -> None:
    ids = {new_ticket_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(re.fullmatch("[A-Z2-7]{16}", i) for i in ids)


# --- size budget ------------------------------------------------------------------------


def test_field_limits_fill_the_budget_exactly() -> None:
    fixed = 1 + 4 + 10 + 4 + len(MAX_FIELD_BYTES) + 64
    payload = fixed + sum(MAX_FIELD_BYTES.values())
    assert -(-payload * 8 // 5) <= MAX_CODE_CHARS
    assert -(-(payload + 1) * 8 // 5) > MAX_CODE_CHARS  # no byte left unused


def test_worst_case_fits_qr_8m_and_scans_back(signer: TicketSigner, keys: dict[str, bytes]) -> None:
    c = worst_case()
    code = signer.sign(c)
    assert len(code) <= MAX_CODE_CHARS == 221

    qr = qrcode.QRCode(version=None, error_correction=ERROR_CORRECT_M)
    qr.add_data(code)
    qr.make(fit=True)
    assert qr.version <= 8
    assert qr.data_list[0].mode == qrcode.util.MODE_ALPHA_NUM

    image = qr.make_image().get_image().convert("L")
    scanned = [b.text for b in zxingcpp.read_barcodes(image)]
    assert scanned == [code]
    assert verify(scanned[0], keys=keys).claims == c


def test_qr_8m_really_holds_no_more_than_221() -> None:
    # Guards MAX_CODE_CHARS itself: one more character needs version 9.
    for length, version in ((221, 8), (222, 9)):
        qr = qrcode.QRCode(version=None, error_correction=ERROR_CORRECT_M)
        qr.add_data("A" * length)
        qr.make(fit=True)
        assert qr.version == version


@pytest.mark.parametrize("field", sorted(MAX_FIELD_BYTES))
def test_field_too_long_is_refused_at_sign_time(signer: TicketSigner, field: str) -> None:
    too_long = "x" * (MAX_FIELD_BYTES[field] + 1)
    with pytest.raises(ValueError, match=field):
        signer.sign(claims(**{field: too_long}))


def test_holder_limit_counts_utf8_bytes(signer: TicketSigner) -> None:
    with pytest.raises(ValueError, match="holder"):
        signer.sign(claims(holder="欧阳娜*·1234"))  # 10 characters, 16 bytes


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ticket_id": "abcdefghijklmn23"}, "ticket_id"),
        ({"ticket_id": "ABCDEFGHIJKLMN2"}, "ticket_id"),
        ({"ticket_id": "ABCDEFGHIJKLMN01"}, "ticket_id"),
        ({"performance_id": ""}, "performance_id"),
        ({"item_id": "A 12"}, "item_id"),
        ({"gate_id": "北门"}, "gate_id"),
        ({"concession": ""}, "concession"),
        ({"holder": "张*\n1234"}, "holder"),
        ({"issued_at": -1}, "issued_at"),
        ({"issued_at": 2**32}, "issued_at"),
        ({"issued_at": 1.5}, "issued_at"),
    ],
)
def test_invalid_claims_are_refused(signer: TicketSigner, change: dict[str, object], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        signer.sign(claims(**change))


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
    code = _SIGNER.sign(claims())
    keys = {_SIGNER.key_id: _SIGNER.public_key}
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
    body = bytes([CODE_VERSION]) + bytes.fromhex(_SIGNER.key_id) + body[5:]
    code = b32encode(body + _SIGNER_KEY.sign(body))
    try:
        got = verify(code, keys={_SIGNER.key_id: _SIGNER.public_key})
    except TicketCodeError as exc:
        assert exc.reason == "unreadable"
    else:
        assert b32decode(_SIGNER.sign(got.claims))[:-64] == body  # canonical: one spelling


def test_non_string_input_is_unreadable() -> None:
    for value in (None, b"ABC", 123):
        with pytest.raises(TicketCodeError) as info:
            verify(value, keys={})  # type: ignore[arg-type]
        assert info.value.reason == "unreadable"


# --- keys -------------------------------------------------------------------------------


def test_key_id_derivation_is_stable() -> None:
    assert key_id_for(RFC8032_PUBLIC) == hashlib.sha256(RFC8032_PUBLIC).hexdigest()[:8].upper()
    assert key_id_for(RFC8032_PUBLIC) == "21FE31DF"
    signer = TicketSigner(Ed25519PrivateKey.from_private_bytes(RFC8032_SECRET))
    assert signer.public_key == RFC8032_PUBLIC
    assert signer.key_id == "21FE31DF"


def test_pem_round_trip() -> None:
    key = generate_private_key()
    pem = private_key_to_pem(key)
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    loaded = private_key_from_pem(pem)
    assert TicketSigner(loaded).public_key == TicketSigner(key).public_key
    original = TicketSigner(key)
    code = TicketSigner(loaded).sign(claims())
    assert verify(code, keys={original.key_id: original.public_key}).key_id == original.key_id


def test_pem_of_something_else_is_refused() -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    ec_pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    encrypted = generate_private_key().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"secret"),
    )
    for data in (ec_pem, encrypted, b"", b"not a key", string.ascii_letters.encode()):
        with pytest.raises(ValueError):
            private_key_from_pem(data)
