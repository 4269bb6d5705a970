"""Member codes signed by central (issue 22), in the layout :mod:`pos.members.code` reads
(central imports nothing of ``pos``; the tests hold the two to the same bytes)."""

from __future__ import annotations

import base64
import re
import struct

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

PREFIX = "MB1"
VERSION = 0x4D
CONTEXT = b"outlet-pos member code v1\x00"
_NUMBER = re.compile(r"[A-Z0-9]{4,20}")


def encode(private_key: Ed25519PrivateKey, key_id: str, *, member_number: str, issued_at: int) -> str:
    if not _NUMBER.fullmatch(member_number):
        raise ValueError("a member number is 4-20 upper-case letters and digits")
    body = struct.pack(">B4sI", VERSION, bytes.fromhex(key_id), issued_at)
    body += bytes([len(member_number)]) + member_number.encode("ascii")
    raw = body + private_key.sign(CONTEXT + body)
    return PREFIX + base64.b32encode(raw).decode("ascii").rstrip("=")
