"""Every ticket line of an upload (order, batch, exchange, reprint) checked against its signed
code (issue 16, finding 1).

A terminal uploads, for each ticket, the line (performance, seat or area, concession,
price, holder) and the code it printed. The door believes the code, the web and the
settlement believe the line: central accepts an order only when the two say the same thing,
and the code is signed by the key central registered for this very terminal (not any known
key, not another terminal's). Prices are not in the code; ``order_prices`` checks them
against the catalog. The order's currency must be the catalog's.

Reasons: ``bad_signature`` (not a code, or not signed by this terminal's registered key),
``code_mismatch`` (a field of the code differs from the line), ``currency_mismatch``.
"""

from __future__ import annotations

import base64
import functools
import re
import time
from collections.abc import Iterable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.orm import Session

from central import ticketcodes
from central.context import Caller, Central
from central.errors import unprocessable
from central.services.common import catalog_item
from central.services.keylife import signing_key
from sync.protocol.orders import OrderUpload, TicketLine

DEFAULT_CURRENCY = "CNY"  # what the catalog feed defaults to


@functools.lru_cache(maxsize=1024)
def _public_key(raw: bytes) -> Ed25519PublicKey:
    # Building the OpenSSL key object costs more than a lookup: keys never change by value.
    return Ed25519PublicKey.from_public_bytes(raw)


def holder_digest(name: str | None, id_no: str | None) -> str | None:
    """What the terminal signs as the holder (``pos.tickets.realname.Holder.on_ticket``), or
    None when the line carries no holder data to compare (none, or purged after retention)."""
    if not name or not id_no:
        return None
    return f"{name[0]}*·{id_no.strip().upper()[-4:]}"


def terminal_key(s: Session, caller: Caller) -> Ed25519PublicKey:
    """The public key registered at enrolment for this terminal."""
    row = signing_key(s, caller.key_id)  # read once per transaction
    if row is None or row.owner != "terminal" or row.terminal_id != caller.terminal_id:
        raise unprocessable("bad_signature", "this terminal has no registered signing key")
    return _public_key(base64.b64decode(row.public_key))


_BASE32 = re.compile(r"[A-Z2-7]+")
_TO_BASE32HEX = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789ABCDEFGHIJKLMNOPQRSTUV")


def _base32(text: str) -> bytes | None:
    """Strict unpadded base32 (None if not): ``int`` does the work in C, as in
    ``pos.tickets.codec`` (``base64.b32decode`` is pure Python and cost more than the
    signature check)."""
    if len(text) > ticketcodes.MAX_CODE_CHARS or not _BASE32.fullmatch(text):
        return None
    size, spare = divmod(len(text) * 5, 8)
    if spare >= 5:
        return None
    number = int(text.translate(_TO_BASE32HEX), 32)
    if number & ((1 << spare) - 1):
        return None  # not canonical: a signer never writes those bits
    return (number >> spare).to_bytes(size, "big")


def line_problem(
    key: Ed25519PublicKey, key_id: str, t: TicketLine, *, version: int = ticketcodes.CODE_VERSION
) -> tuple[str, str] | None:
    """(reason, what) when the line's code is not this terminal's code for this very line."""
    text = t.code.strip().upper()
    raw = _base32(text)
    if raw is None:
        return "bad_signature", "not a ticket code"
    if len(raw) < ticketcodes.MIN_RAW_BYTES:
        return "bad_signature", "not a ticket code (too short)"
    body, signature = raw[:-64], raw[-64:]
    try:
        key.verify(signature, body)
    except InvalidSignature:
        return "bad_signature", "the code is not signed by this terminal's registered key"
    try:
        claims = ticketcodes.read_body(body, version=version)
    except (ValueError, IndexError, UnicodeDecodeError) as exc:
        return "bad_signature", f"the signed code does not decode: {exc}"
    expected = {
        "key_id": key_id,
        "ticket_id": t.ticket_id,
        "performance_id": t.performance_id,
        "item_id": t.seat_id or t.area_id or "",
        "concession": t.concession,
    }
    holder = holder_digest(t.holder_name, t.holder_id_no)
    if holder is not None:
        expected["holder"] = holder
    claims["ticket_id"] = text[8:24]
    for name, value in expected.items():
        if claims.get(name) != value:
            return "code_mismatch", f"the code's {name} is {claims.get(name)!r}, the line's {value!r}"
    return None


def check_lines(
    s: Session, caller: Caller, tickets: Iterable[TicketLine], *, version: int = ticketcodes.CODE_VERSION
) -> None:
    """Refuse the whole upload when any line's code is forged, foreign or says another
    ticket; 422 naming the first reason and every ticket concerned."""
    key = terminal_key(s, caller)
    bad: dict[str, list[dict[str, str]]] = {}
    for t in tickets:
        problem = line_problem(key, caller.key_id, t, version=version)
        if problem is not None:
            bad.setdefault(problem[0], []).append({"ticket_id": t.ticket_id, "why": problem[1]})
    for reason in ("bad_signature", "code_mismatch"):
        if reason in bad:
            first = bad[reason][0]
            raise unprocessable(reason, f"ticket {first['ticket_id']}: {first['why']}", tickets=bad[reason])


def catalog_currency(s: Session) -> str:
    meta = catalog_item(s, "meta", "catalog") or {}
    return str(meta.get("currency") or DEFAULT_CURRENCY)


# Catalog currency by database, with the catalog generation and the monotonic time it was
# read: saves a statement per order, as ``Central``'s performance cache does (same bound).
_CURRENCY: dict[str, tuple[int, float, str]] = {}


def check_currency(s: Session, up: OrderUpload, ctx: Central | None = None) -> None:
    if ctx is None:
        expected = catalog_currency(s)
    else:
        hit = _CURRENCY.get(ctx.db.url)
        now = time.monotonic()
        if hit is not None and hit[0] == ctx.catalog_generation and now - hit[1] < ctx.catalog_cache_seconds:
            expected = hit[2]
        else:
            expected = catalog_currency(s)
            if len(_CURRENCY) > 100:
                _CURRENCY.clear()
            _CURRENCY[ctx.db.url] = (ctx.catalog_generation, now, expected)
    if up.currency != expected:
        raise unprocessable("currency_mismatch", f"the catalog sells in {expected}, the order is in {up.currency}",
                            expected=expected, got=up.currency)
