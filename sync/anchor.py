"""Anchoring the journal at central, and holding the local chain against the anchor.

After each drain of the outbox the terminal sends its journal head (number and hash),
signed with its own key, with the records of the entries since central's last anchor;
central chains them from the hash it acknowledged, refuses a head that goes backwards or
that they do not lead to (so a rewritten history is never anchored, however far it grows),
and answers with a receipt signed by central's key. The terminal keeps the receipt in its store
and, with central's public key, in its secret store (the OS keyring, or the owner-only file
beside the token): see ``pos journal verify`` (:func:`verify_anchored`).

Why central's key is pinned apart from the store: the store's ``known_key`` table (where the
keys feed puts central's key) and the ``central`` setting (only a 32-bit key id) are in the
same SQLite file as the journal, so whoever rewrites the journal could also put a key of
their own there and sign a receipt for the rewritten head. The pinned key is taken from the
first receipt central sends (normally the first sync after enrolment), and never replaced
by a reply: central's URL is in the store too, so a receipt signed with another key may come
from a server the attacker runs. A central that really changed its key needs the pin removed
on purpose.

What remains possible offline, by someone who can write the data folder: entries after the
last anchor can be rewritten or cut until the next sync anchors them (the app syncs every
minute while online); the store's receipts can be rolled back to an older genuine one, but
the newest is also kept with the pinned key; and whoever also controls the secret store (the
user's keyring, or the token file where there is no keyring) can roll both back together.
Online, central's own last anchor decides, and none of that goes unnoticed.
"""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pydantic import ValidationError

from pos.errors import JournalCorrupt, PosError
from pos.journal import anchor, chain
from pos.store import settings
from pos.store.db import Store
from pos.terminal.identity import load_private_key
from sync.credentials import (
    TOKEN_FILE,
    FileTokenStore,
    KeyringTokenStore,
    NoSecretStore,
    TokenStore,
    keyring_usable,
)
from sync.enrol import CentralLink, central_link
from sync.protocol.enrolment import key_id_of
from sync.protocol.journal import MAX_ENTRIES, AnchorReceipt, JournalHead, head_message
from sync.transport import CentralClient, CentralFailed, CentralRejected, CentralUnreachable

log = logging.getLogger(__name__)

PIN_FILE = "central-anchor"
REFUSED_SETTING = "journal_anchor_refused"
WAY_BYTES = 512 * 1024  # records per request, well under central's 1 MiB body limit


@dataclass(frozen=True, slots=True)
class AnchorCheck:
    """The outcome of :func:`verify_anchored` when nothing is wrong."""

    entries: int
    head_hash: str
    anchor_seq: int | None  # the acknowledged entry the chain was held against
    acknowledged_at: datetime | None
    source: str  # "central", "local" (the receipt kept here) or "none"
    note: str


@dataclass(frozen=True, slots=True)
class _Pin:
    public_key: bytes
    receipt: AnchorReceipt | None


# --- the pin: central's key and the newest receipt, outside the store -------------------


def _pin_store(store: Store, link: CentralLink) -> TokenStore | None:
    pin_file = FileTokenStore(store.data_dir, PIN_FILE)
    if link.sandbox:
        return pin_file  # a training sandbox's key: in the training folder, never the OS keyring
    if pin_file.path.exists() or FileTokenStore(store.data_dir, TOKEN_FILE).path.exists():
        return pin_file  # where the token is, the pin is
    if keyring_usable():
        return KeyringTokenStore(f"journal-anchor:{link.account}")
    return None


def _read_pin(store: Store, link: CentralLink) -> _Pin | None:
    where = _pin_store(store, link)
    try:
        raw = where.get() if where else None
    except NoSecretStore as exc:
        log.warning("journal anchor pin unavailable: %s", exc.message)
        return None
    if not raw:
        return None
    try:
        data = json.loads(raw)
        key = base64.b64decode(data["central_public_key"], validate=True)
        receipt = AnchorReceipt.model_validate(data["receipt"]) if data.get("receipt") else None
    except (ValueError, KeyError, TypeError, ValidationError):
        raise JournalCorrupt("central's pinned key for the journal anchors is unreadable", seq=None) from None
    if len(key) != 32:
        raise JournalCorrupt("central's pinned key for the journal anchors is not an Ed25519 key", seq=None)
    return _Pin(key, receipt)


def _write_pin(store: Store, link: CentralLink, key: bytes, receipt: AnchorReceipt) -> None:
    where = _pin_store(store, link)
    if where is None:
        log.warning(
            "no secret store: central's anchor key is not pinned; offline checks rely on the store alone"
        )
        return
    text = json.dumps(
        {"central_public_key": base64.b64encode(key).decode(), "receipt": receipt.model_dump(mode="json")}
    )
    try:
        where.put(text)
    except (NoSecretStore, OSError) as exc:
        log.warning("could not pin central's anchor key: %s", exc)


def _accept(
    store: Store, link: CentralLink, receipt: AnchorReceipt, sent: tuple[int, str] | None = None
) -> None:
    """A receipt that came over the authenticated connection: check it is about this
    terminal (and what was sent), keep it, and pin central's key the first time (or when the
    pin is garbled: whoever can garble it can write it too)."""
    try:
        key = base64.b64decode(receipt.central_public_key, validate=True)
    except ValueError:
        raise CentralFailed("central's journal receipt carries an unreadable key") from None
    if (
        len(key) != 32
        or key_id_of(key) != receipt.central_key_id
        or receipt.terminal_id != link.terminal_id
        or (sent is not None and (receipt.seq, receipt.hash) != sent)
        or not receipt.signed_by(key)
    ):
        raise CentralFailed("central's journal receipt does not match the head sent or its own signature")
    try:
        pin = _read_pin(store, link)
    except JournalCorrupt:  # garbled: central, over its own connection, sets it right again
        log.warning("central's pinned anchor key was unreadable: pinned again")
        pin = None
    if pin is not None and pin.public_key != key:
        # Never re-pinned by a reply: central's URL lives in the store, so whoever rewrites
        # the store could point the terminal at a server of their own with a key of its own.
        raise JournalCorrupt(
            f"the journal receipt is signed by key {receipt.central_key_id}, not by the central key pinned "
            f"here ({key_id_of(pin.public_key)}): this terminal is talking to another server, or central "
            f"changed its key (then remove the pin, {PIN_FILE} or the keyring's journal-anchor entry, on purpose)",
            seq=None,
        )
    anchor.record(
        store,
        seq=receipt.seq,
        hash=receipt.hash,
        acknowledged_at=receipt.acknowledged_at,
        central_key_id=receipt.central_key_id,
        receipt=receipt.model_dump_json(),
    )
    if pin is None or pin.public_key != key or pin.receipt is None or receipt.seq > pin.receipt.seq:
        _write_pin(store, link, key, receipt)


# --- sending the head --------------------------------------------------------------------


def _signed(
    link: CentralLink, private: Ed25519PrivateKey, seq: int, hash_: str, since: int, records: list[str]
) -> JournalHead:
    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    signature = private.sign(head_message(link.terminal_id, seq, hash_))
    return JournalHead(
        seq=seq,
        hash=hash_,
        since=since,
        entries=records,
        key_id=key_id_of(public),
        signature=base64.b64encode(signature).decode(),
    )


def _since(store: Store, head_seq: int) -> int:
    """Where central's acknowledged history ends, as far as this terminal knows (central
    corrects it with ``anchor_since`` when the store's receipts are stale)."""
    kept = anchor.stored(store, limit=1)
    return kept[0].seq if kept and kept[0].seq <= head_seq else 0


def send_head(store: Store, client: CentralClient) -> AnchorReceipt | None:
    """Anchor the journal's head at central now, with the way from the last acknowledged
    head to it (in several requests after a long time offline); the last receipt, or None
    when not enrolled or the journal is empty. Raises what the transport raises
    (``CentralRejected`` for a refused head)."""
    link = central_link(store)
    if link is None:
        return None
    head_seq, head_hash = anchor.head(store)
    if head_seq == 0:
        return None
    private = load_private_key(store)
    since = _since(store, head_seq)
    corrected = False
    receipt: AnchorReceipt | None = None
    while True:
        way = (
            anchor.way_after(store, since=since, limit=MAX_ENTRIES, max_bytes=WAY_BYTES)
            if since < head_seq
            else []
        )
        seq, hash_ = (way[-1][0], way[-1][2]) if way else (head_seq, head_hash)
        head = _signed(link, private, seq, hash_, since, [r for _, r, _ in way])
        try:
            receipt = client.put("/journal/anchor", head, AnchorReceipt)
        except CentralRejected as exc:
            told = (exc.details or {}).get("acknowledged_seq")
            stale = exc.reason in ("anchor_since", "anchor_behind")  # a part below central's last
            if not stale or corrected or not isinstance(told, int) or not 0 <= told <= head_seq:
                raise
            since, corrected = told, True  # the receipts kept here were stale: once, from central's
            continue
        _accept(store, link, receipt, (head.seq, head.hash))
        since = seq
        if seq >= head_seq:
            return receipt


def anchor_after_drain(store: Store, client: CentralClient) -> bool:
    """The last step of a drain: anchor the head. False only when central could not be
    reached; a refusal is logged and kept for ``pos journal verify``, never raised (the
    uploads went through; a refused anchor is a supervisor's matter)."""
    try:
        send_head(store, client)
    except CentralUnreachable:
        return False
    except CentralRejected as exc:
        if exc.status == 404 and exc.reason == "not_found":
            log.info("central takes no journal anchors")
        else:
            log.error("central refused the journal head (%s): %s", exc.reason, exc.message)
            settings.put(
                store,
                REFUSED_SETTING,
                {"reason": exc.reason, "message": exc.message, "at": datetime.now(UTC).isoformat()},
            )
        return True
    except CentralFailed as exc:
        log.warning("journal head not anchored: %s", exc.message)
        return True
    except (ValueError, PosError) as exc:  # a missing key, an unreadable pin, an entry the
        # protocol will not carry: said loudly, but never a failed drain (the uploads went up)
        log.error("journal head not anchored: %s", exc)
        return True
    if settings.get(store, REFUSED_SETTING):
        settings.put(store, REFUSED_SETTING, None)
    return True


# --- verifying ---------------------------------------------------------------------------


def verify_anchored(store: Store, client: CentralClient | None) -> AnchorCheck:
    """Walk the chain, then hold it against the last head central acknowledged: asked of
    central when ``client`` is given and answers, else the receipt kept here (checked with
    central's pinned key). Raises :class:`JournalCorrupt` naming what does not match."""
    report = chain.verify(store)
    link = central_link(store)
    if link is None:
        return AnchorCheck(
            report.entries,
            report.head_hash,
            None,
            None,
            "none",
            "not enrolled with central: nothing anchors this journal",
        )
    note = ""
    if client is not None:
        try:
            receipt: AnchorReceipt | None = client.get("/journal/anchor", AnchorReceipt)
        except CentralRejected as exc:
            receipt = None
            note = (
                "central has acknowledged no head of this terminal yet"
                if exc.reason == "no_anchor"
                else f"central refused ({exc.reason}): compared with the receipt kept here"
            )
        except (CentralUnreachable, CentralFailed) as exc:
            receipt = None
            note = f"central not reached ({exc.message}): compared with the receipt kept here"
        if receipt is not None:
            _accept(store, link, receipt)
            anchor.compare(store, seq=receipt.seq, hash=receipt.hash, source="asked just now")
            return AnchorCheck(
                report.entries, report.head_hash, receipt.seq, receipt.acknowledged_at, "central", ""
            )
    refused = settings.get(store, REFUSED_SETTING)
    if refused:
        note = f"{note}; " if note else ""
        note += f"central refused this terminal's last head ({refused.get('reason')})"
    return _against_kept(store, link, report, note)


def _against_kept(store: Store, link: CentralLink, report: chain.JournalReport, note: str) -> AnchorCheck:
    pin = _read_pin(store, link)
    receipts: list[AnchorReceipt] = [pin.receipt] if pin and pin.receipt else []
    for row in anchor.stored(store, limit=1):
        try:
            kept = AnchorReceipt.model_validate_json(row.receipt)
        except ValidationError:
            raise JournalCorrupt(
                f"the anchor kept here for entry #{row.seq} is unreadable", seq=None
            ) from None
        if (kept.seq, kept.hash) != (row.seq, row.hash):
            raise JournalCorrupt(f"the anchor kept here for entry #{row.seq} was altered", seq=None)
        receipts.append(kept)
    if not receipts:
        return AnchorCheck(
            report.entries,
            report.head_hash,
            None,
            None,
            "none",
            note or "no head acknowledged by central is kept here yet",
        )
    if pin is None:
        raise JournalCorrupt(
            "the anchor kept here cannot be checked: central's key, pinned beside the token, is missing; "
            "run `pos journal verify` while central is reachable",
            seq=None,
        )
    for r in receipts:
        if r.terminal_id != link.terminal_id or not r.signed_by(pin.public_key):
            raise JournalCorrupt(
                f"the anchor kept here for entry #{r.seq} is not signed by central: it was forged or altered",
                seq=None,
            )
    best = max(receipts, key=lambda r: r.seq)
    anchor.compare(store, seq=best.seq, hash=best.hash, source="its signed receipt kept here")
    return AnchorCheck(report.entries, report.head_hash, best.seq, best.acknowledged_at, "local", note)
