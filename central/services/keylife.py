"""A key's codes are valid only inside its lifetime (issue 17), at central: a ticket code
signed (its ``issued_at``) before its key was registered (``valid_from``) or after it was
withdrawn (``revoked_at``) is refused as ``key_not_valid_then``, on an order upload and on
a scan, as the doors refuse it (``pos.door.keylife``, the same rule and grace).

``issued_at`` is the signer's clock and ``valid_from`` central's, so a code may precede
registration by the clock error central tolerates for an offline sale's time; a withdrawal
gets no grace. Text that is not a version-1 code is left to the other checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from central import ticketcodes
from central.errors import unprocessable
from central.models import SigningKey

CLOCK_GRACE = timedelta(minutes=5)  # as order_accept.MAX_CLOCK_AHEAD and the doors' grace


KEYS = cast(Table, SigningKey.__table__)
_KEY = select(KEYS.c.key_id, KEYS.c.owner, KEYS.c.terminal_id, KEYS.c.public_key, KEYS.c.valid_from,
              KEYS.c.revoked_at).where(KEYS.c.key_id == bindparam("b_key"))


def signing_key(s: Session, key_id: str) -> Any | None:
    """A signing key's row (Core, read-only), read once per transaction: an order's codes and
    its terminal's key are one key (the unit of work's identity map cost more than the read)."""
    cache: dict[str, Any] = s.info.setdefault("signing_keys", {})
    if key_id not in cache:
        cache[key_id] = s.connection().execute(_KEY, {"b_key": key_id}).first()
    return cache[key_id]


def outside_lifetime(s: Session, code: object, *, version: int = ticketcodes.CODE_VERSION) -> str | None:
    """Why ``code`` was signed outside its key's lifetime, or None (inside, or not a code
    whose key central knows: other checks answer for those)."""
    head = ticketcodes.header(code, version=version)
    if head is None:
        return None
    key = signing_key(s, head[0])
    if key is None:
        return None
    issued = datetime.fromtimestamp(head[1], UTC)
    if issued < key.valid_from - CLOCK_GRACE:
        return f"signed at {issued.isoformat()}, before key {key.key_id} was registered ({key.valid_from.isoformat()})"
    if key.revoked_at is not None and issued >= key.revoked_at:
        return f"signed at {issued.isoformat()}, after key {key.key_id} was withdrawn ({key.revoked_at.isoformat()})"
    return None


def check_codes(s: Session, tickets: Iterable[tuple[str, str]], *, sandbox: bool = False) -> None:
    """Refuse an upload whose codes (ticket id, code) include one signed outside its key's
    lifetime; 422 ``key_not_valid_then`` naming every such ticket. A training code (a
    terminal in training mode never uploads, so only a forged upload carries one) is refused
    first, 422 ``training_ticket``. A training sandbox (issue 25) takes training codes only:
    any other is refused by the line check (``bad_signature``)."""
    tickets = list(tickets)
    training = sorted(tid for tid, code in tickets if ticketcodes.is_training(code))
    version = ticketcodes.TRAINING_CODE_VERSION if sandbox else ticketcodes.CODE_VERSION
    if training and not sandbox:
        raise unprocessable(
            "training_ticket",
            f"{len(training)} ticket code(s) printed in training mode: never valid",
            tickets=training,
        )
    bad = {tid: why for tid, code in tickets if (why := outside_lifetime(s, code, version=version)) is not None}
    if bad:
        first = next(iter(bad.values()))
        raise unprocessable(
            "key_not_valid_then",
            f"{len(bad)} ticket code(s) signed outside their key's lifetime: {first}",
            tickets=sorted(bad),
        )
