"""A customer's phone kept for a sale that is not written yet (issue 22): a wallet-paid
sale's payment intent holds it until the sale commits or the payment is reversed, so that a
sale a recovery finishes after a crash goes up with the phone like the live one.

Never in clear there (invariant 11): sealed with ChaCha20-Poly1305 under a key derived from
the terminal's signing key (kept wherever that key is, never in the store), bound to the
order, and dropped from the intent once it is settled (:func:`pos.payments.intents.move`)."""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from pos.customers.phone import mobile_number
from pos.errors import InvalidInput

VERSION = b"\x01"


def seal_phone(key: bytes, *, order_id: str, phone: str) -> str:
    """The phone (11 digits) sealed for this order, as base64 text."""
    nonce = os.urandom(12)
    box = ChaCha20Poly1305(key).encrypt(nonce, phone.encode("ascii"), VERSION + order_id.encode("ascii"))
    return base64.b64encode(VERSION + nonce + box).decode("ascii")


def open_phone(key: bytes, *, order_id: str, sealed: object) -> str | None:
    """The phone sealed for this order, or None if it cannot be opened (another key, another
    order, an edit): the sale then goes up without it, as before issue 19."""
    try:
        raw = base64.b64decode(str(sealed), validate=True)
        if raw[:1] != VERSION or len(raw) < 1 + 12 + 16:
            return None
        text = ChaCha20Poly1305(key).decrypt(raw[1:13], raw[13:], VERSION + order_id.encode("ascii"))
        return mobile_number(text.decode("ascii"))
    except (ValueError, InvalidTag, InvalidInput):
        return None
