"""A key's codes are valid only inside its lifetime (issue 17): the door's key lookup.

A ticket code carries its issue time (``issued_at``, signed). A code whose key was
registered with central after it (``valid_from``) or withdrawn before it (``valid_until``,
central's ``revoked_at``: a lost or stolen terminal) is refused as ``key_not_valid_then``,
before its signature is checked.

``valid_from`` is central's clock at enrolment and ``issued_at`` the signer's clock, so a
code may precede registration by the clock error central tolerates elsewhere
(:data:`CLOCK_GRACE`, as for an offline sale's time); the withdrawal time gets no grace.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta

from pos.tickets.codec import issued_at_of

CLOCK_GRACE = timedelta(minutes=5)
_GRACE_S = CLOCK_GRACE.total_seconds()


def outside(issued: datetime, *, valid_from: datetime, valid_until: datetime | None) -> str | None:
    """Why a code issued at ``issued`` is outside its key's lifetime, or None if inside."""
    if issued < valid_from - CLOCK_GRACE:
        return f"signed {issued:%Y-%m-%d %H:%M} UTC, before its key was registered ({valid_from:%Y-%m-%d %H:%M})"
    if valid_until is not None and issued >= valid_until:
        return f"signed {issued:%Y-%m-%d %H:%M} UTC, after its key was withdrawn ({valid_until:%Y-%m-%d %H:%M})"
    return None


class StoreKeys(Mapping[str, bytes]):
    """The codec's key lookup, answered by the store inside the scan's transaction, so a
    key pulled a second ago counts. A key outside its lifetime for this code is no key at
    all for it, and ``not_valid_then`` says why (the validator's verdict)."""

    def __init__(self, cur: sqlite3.Cursor, code: object) -> None:
        self._cur = cur
        self._code = code
        self.not_valid_then: str | None = None

    def get(self, key: str, default: bytes | None = None) -> bytes | None:  # type: ignore[override]
        r = self._cur.execute(
            "SELECT public_key, valid_from, valid_until FROM known_key WHERE key_id = ?", (key,)
        ).fetchone()
        if r is None:
            return default
        # The hot path: integers, no parse of the code (it decoded already) nor of datetimes
        # beyond the key's two stored times (fromisoformat is C code).
        issued = issued_at_of(self._code)  # type: ignore[arg-type]
        valid_from = datetime.fromisoformat(r[1])
        valid_until = datetime.fromisoformat(r[2]) if r[2] is not None else None
        if issued < valid_from.timestamp() - _GRACE_S or (valid_until is not None and issued >= valid_until.timestamp()):
            self.not_valid_then = outside(
                datetime.fromtimestamp(issued, UTC), valid_from=valid_from, valid_until=valid_until
            )
            return default
        return bytes(r[0])

    def __getitem__(self, key: str) -> bytes:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0
