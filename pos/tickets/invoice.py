"""Invoice-request tokens (电子发票, issue 22): the QR on a receipt, with which the customer
asks central for an e-invoice of the order.

The receipt is printed offline as often as online, so the token is signed by the terminal's
own Ed25519 key, like its tickets, and central checks it with the public key the terminal
registered at enrolment, and against the order it names (``central.invoicecodes``)::

    version(1) = 0x49 "I"   key_id(4)   order UUID(16)   issued_at(u32)   signature(64)

The signature covers ``DOMAIN`` + those 25 bytes: a token can never pass for a ticket code
or a journal head, which the same key signs. Ed25519 is deterministic, so the token of an
order is the same on every print and reprint, and nothing needs storing. Upper-case base32
without padding (143 characters); the QR holds the page's URL ending in it.

A training store prints no invoice QR: its orders never reach central."""

from __future__ import annotations

import base64
import logging
import struct
import uuid
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pos.errors import StoreError
from pos.store import settings
from pos.store.db import Store
from pos.tickets.keys import _raw_public_bytes, key_id_for

log = logging.getLogger(__name__)

VERSION = 0x49
DOMAIN = b"outlet-pos invoice-request v1\x00"
_BODY = struct.Struct(">B4s16sI")
PATH = "/invoice/"


def invoice_token(private_key: Ed25519PrivateKey, *, order_id: str, issued_at: datetime) -> str:
    """The signed token of an order (ValueError for an order id that is not a UUID)."""
    key_id = key_id_for(_raw_public_bytes(private_key.public_key()))
    body = _BODY.pack(VERSION, bytes.fromhex(key_id), uuid.UUID(order_id).bytes, int(issued_at.timestamp()))
    raw = body + private_key.sign(DOMAIN + body)
    return base64.b32encode(raw).decode("ascii").rstrip("=")


def invoice_url(base_url: str, token: str) -> str:
    """The page central serves for the token: ``https://central.example/invoice/TOKEN``."""
    return base_url.rstrip("/") + PATH + token


def receipt_invoice_url(store: Store, *, order_id: str, created_at: datetime) -> str:
    """The URL the receipt's QR carries, or "" when there is none to print: a terminal not
    enrolled with central (its orders never reach an invoice page) or a training store."""
    from pos.terminal.identity import TRAINING_STORE_MARK, load_private_key
    from pos.terminal.lease import ENROLMENT_SETTING

    link = settings.get(store, ENROLMENT_SETTING)
    if not link or not link.get("url") or settings.get(store, TRAINING_STORE_MARK):
        return ""
    try:
        key = load_private_key(store)
    except StoreError as exc:  # a receipt without its QR beats no receipt: doctor reports the key
        log.warning("receipt printed without its invoice QR: %s", exc.message)
        return ""
    return invoice_url(str(link["url"]), invoice_token(key, order_id=order_id, issued_at=created_at))
