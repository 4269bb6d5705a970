"""Signed ticket codes: round trips, the size budget against a real QR, and keys
(rejection of everything not a genuine code: test_ticket_codec_rejection; invariant 4)."""

from __future__ import annotations

import hashlib
import re
import string

import pytest
import qrcode
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from qrcode.constants import ERROR_CORRECT_M

from pos.tickets import (
    MAX_CODE_CHARS,
    MAX_FIELD_BYTES,
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
from tests.pos.codec_helpers import (
    RFC8032_PUBLIC,
    RFC8032_SECRET,
    claims,
    worst_case,
)

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
