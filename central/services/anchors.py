"""Journal anchors: a terminal's signed journal head, checked and acknowledged.

Central trusts nothing a terminal says (invariant 9): the head must be signed by the key
central registered for the terminal behind the token, and it may only move forward. A head
with a lower number than one already acknowledged is an old anchor replayed or a journal cut
back; the same number with another hash is a forked (rewritten) history. Both are refused
and logged, and the acknowledged anchors are never changed, so they stay the evidence.
"""

from __future__ import annotations

import base64
import logging

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.anchor_models import JournalAnchor
from central.context import Caller, Central
from central.errors import ApiError
from central.keys import CentralKey
from central.models import SigningKey, Terminal
from sync.protocol.journal import (
    GENESIS,
    AnchorReceipt,
    JournalHead,
    head_message,
    link_hash,
    receipt_message,
    signature_ok,
)

log = logging.getLogger(__name__)


def _receipt(row: JournalAnchor, key: CentralKey) -> AnchorReceipt:
    # Ed25519 is deterministic: signing the stored row again gives the same receipt.
    message = receipt_message(row.terminal_id, row.seq, row.hash, row.acknowledged_at)
    public = key.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return AnchorReceipt(
        terminal_id=row.terminal_id,
        seq=row.seq,
        hash=row.hash,
        acknowledged_at=row.acknowledged_at,
        central_key_id=key.key_id,
        central_public_key=base64.b64encode(public).decode(),
        signature=base64.b64encode(key.private.sign(message)).decode(),
    )


def _last(s: Session, terminal_id: str) -> JournalAnchor | None:
    return s.scalars(
        select(JournalAnchor)
        .where(JournalAnchor.terminal_id == terminal_id)
        .order_by(JournalAnchor.seq.desc())
        .limit(1)
    ).first()


def _check_signature(s: Session, caller: Caller, head: JournalHead) -> None:
    if head.key_id != caller.key_id:
        raise ApiError(
            403, "wrong_key", "the head is not signed with this terminal's registered key", key_id=head.key_id
        )
    key = s.get(SigningKey, caller.key_id)
    if key is None or key.owner != "terminal" or key.terminal_id != caller.terminal_id or key.revoked_at:
        raise ApiError(403, "wrong_key", "this terminal has no valid registered key")
    message = head_message(caller.terminal_id, head.seq, head.hash)
    if not signature_ok(base64.b64decode(key.public_key), head.signature, message):
        log.warning("journal head #%d of %s: bad signature", head.seq, caller.terminal_id)
        raise ApiError(403, "bad_signature", "the head's signature does not verify with this terminal's key")


def _fork(caller: Caller, head: JournalHead, acknowledged: int) -> ApiError:
    log.warning("journal head #%d of %s does not extend #%d", head.seq, caller.terminal_id, acknowledged)
    return ApiError(
        409,
        "anchor_fork",
        f"entry #{head.seq} does not extend the history central acknowledged up to #{acknowledged}: "
        "the journal was rewritten",
        acknowledged_seq=acknowledged,
    )


def put_anchor(ctx: Central, caller: Caller, head: JournalHead, key: CentralKey) -> tuple[int, AnchorReceipt]:
    """Acknowledge a head: 201 and a receipt when new, 200 and the same receipt when it is the
    last one again (a retry, or a sync with nothing new); 403 or 409 otherwise."""

    def tx(s: Session) -> tuple[int, AnchorReceipt]:
        _check_signature(s, caller, head)
        # One terminal's anchors in order: its row is the lock (a no-op on SQLite, whose
        # writers are serialised anyway).
        s.execute(select(Terminal.id).where(Terminal.id == caller.terminal_id).with_for_update())
        last = _last(s, caller.terminal_id)
        if last is not None and head.seq < last.seq:
            log.warning("journal head #%d of %s is behind #%d", head.seq, caller.terminal_id, last.seq)
            raise ApiError(
                409,
                "anchor_behind",
                f"central acknowledged entry #{last.seq} already: a head at #{head.seq} "
                "is an old one replayed or a journal cut back",
                acknowledged_seq=last.seq,
            )
        if last is not None and head.seq == last.seq:
            if head.hash != last.hash:
                raise _fork(caller, head, last.seq)
            return 200, _receipt(last, key)
        base_seq, base_hash = (last.seq, last.hash) if last is not None else (0, GENESIS)
        if head.since != base_seq:
            raise ApiError(
                409,
                "anchor_since",
                f"central's last acknowledged entry is #{base_seq}: send the entries after it",
                acknowledged_seq=base_seq,
            )
        # The way from the acknowledged head to this one: a rewritten history cannot lead here.
        chained = base_hash
        for record in head.entries:
            chained = link_hash(chained, record)
        if chained != head.hash:
            raise _fork(caller, head, base_seq)
        row = JournalAnchor(
            terminal_id=caller.terminal_id,
            seq=head.seq,
            hash=head.hash,
            key_id=head.key_id,
            signature=head.signature,
            acknowledged_at=ctx.now(),
        )
        s.add(row)
        s.flush()
        return 201, _receipt(row, key)

    return ctx.db.run(tx)


def last_anchor(ctx: Central, caller: Caller, key: CentralKey) -> AnchorReceipt:
    def tx(s: Session) -> AnchorReceipt:
        row = _last(s, caller.terminal_id)
        if row is None:
            raise ApiError(404, "no_anchor", "central has acknowledged no journal head of this terminal yet")
        return _receipt(row, key)

    return ctx.db.run(tx)
