"""Gates that share: door terminals of a venue exchange their scans over the local network.

Each door runs a :class:`PeerNode`: a small TCP server that answers "your accepted scans
after log position N", and a poller that asks every configured peer that question every
``interval`` seconds (0.1 s by default, so a scan reaches the other gates well within a
second). Pulling with a cursor makes a healed link self-repairing: after a split, the next
poll fetches everything that was missed, and merging is idempotent by nonce.

Trust (issue 17, doors trust only doors): a peer is a door terminal that central bound to
a venue this door is also bound to (the keys feed carries each key's venues; see
:mod:`pos.door.trust`). Every known terminal key signs tickets, so knowing a key is not
enough: a counter terminal of an outlet, or a door of another venue, is refused, and the
refusal is logged with the peer's address.

Both directions are signed with the terminals' Ed25519 keys (registered with central):

* a read is a signed request: the answering door first sends a fresh random challenge, and
  the asker signs its request with the challenge in it. An unsigned or unknown asker gets
  nothing (the connection closes without a byte of scans), and a recorded request replayed
  later is refused, since its challenge is no longer the one asked (a server-issued nonce
  needs no clock agreement between doors that may have been offline for hours);
* the reply is signed by the answering door and echoes the challenge, so an old reply
  cannot be played back to the asker either; every scan in it must be the answerer's own.

The signed bytes start with a domain prefix (one for requests, one for replies), so a peer
message can never pass for a ticket code, nor a request for a reply.

Wire format: JSON lines on one connection::

    <- {"challenge": "<32 hex>"}
    -> {"key_id": "…", "body": "<JSON text>", "sig": "<base64>"}
       body = {"op": "scans", "after": 0, "terminal_id": "D02", "challenge": "…"}
    <- {"key_id": "…", "body": "<JSON text>", "sig": "<base64>"}
       body = {"terminal_id": "D01", "to": "D02", "challenge": "…", "next": 42,
               "scans": [{nonce, ticket_id, …}, …]}
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import secrets
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from pos.door import scanlog
from pos.door.scanlog import ScanRecord
from pos.door.sharing import DoorSharing, parse_address
from pos.door.trust import PeerKey, PeerRefused, peer_key, require_door
from pos.errors import InvalidInput, PosError
from pos.store.db import Store
from pos.terminal.identity import SIGNING_KEY_FILE, terminal_info
from pos.tickets import key_id_for, private_key_from_pem

log = logging.getLogger(__name__)

DOMAIN = b"outlet-pos.door-peers/2 reply\n"
REQUEST_DOMAIN = b"outlet-pos.door-peers/2 request\n"
MAX_LINE = 2_000_000  # a page of 500 scans is ~150 kB
MAX_REQUEST = 4096
PAGE = 500
TIMEOUT = 2.0
LOG_EVERY = 60.0  # seconds between two warnings of one refusal (same address, same reason)

__all__ = ["DOMAIN", "REQUEST_DOMAIN", "PeerNode", "PeerRefused", "node_for", "verify_reply", "verify_request"]


def _scan_json(s: ScanRecord) -> dict[str, str]:
    return {
        "nonce": s.nonce,
        "ticket_id": s.ticket_id,
        "performance_id": s.performance_id,
        "gate": s.gate,
        "direction": s.direction,
        "verdict": s.verdict,
        "scanned_at": s.scanned_at.isoformat(),
        "terminal_id": s.terminal_id,
        "reason": s.reason,
    }


def _scan_from(d: object) -> ScanRecord:
    if not isinstance(d, dict):
        raise PeerRefused("scan is not an object")
    try:
        record = ScanRecord(
            nonce=d["nonce"],
            ticket_id=d["ticket_id"],
            performance_id=d["performance_id"],
            gate=d["gate"],
            direction=d["direction"],
            verdict=d["verdict"],
            scanned_at=datetime.fromisoformat(d["scanned_at"]),
            terminal_id=d["terminal_id"],
            reason=str(d.get("reason", "")),
            origin="peer",
        )
        record.check()
    except (KeyError, TypeError, ValueError, InvalidInput) as exc:
        raise PeerRefused(f"malformed scan from peer: {exc}") from None
    return record


@dataclass
class _Identity:
    terminal_id: str
    key_id: str
    private: Ed25519PrivateKey

    def signed(self, domain: bytes, body: dict[str, Any]) -> dict[str, str]:
        text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
        sig = base64.b64encode(self.private.sign(domain + text.encode())).decode()
        return {"key_id": self.key_id, "body": text, "sig": sig}


def _identity(store: Store) -> _Identity:
    info = terminal_info(store)
    path = store.data_dir / SIGNING_KEY_FILE
    try:
        private = private_key_from_pem(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"cannot read this terminal's key {path}: {exc}") from None
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key_id = key_id_for(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    return _Identity(info.terminal_id, key_id, private)


def _open_signed(store: Store, message: object, domain: bytes, own_key_id: str) -> tuple[PeerKey, dict[str, Any]]:
    """The signer's key and the body of a signed peer message, once the signature holds (the
    signer is not yet checked as a door of this venue: :meth:`PeerKey.check`)."""
    if not isinstance(message, dict) or not all(isinstance(message.get(k), str) for k in ("key_id", "body", "sig")):
        raise PeerRefused("not a signed peer message")
    key = peer_key(store, message["key_id"], own_key_id=own_key_id)
    body = message["body"].encode()
    try:
        Ed25519PublicKey.from_public_bytes(key.public_key).verify(base64.b64decode(message["sig"]), domain + body)
        data = json.loads(body)
    except (InvalidSignature, ValueError, TypeError):
        raise PeerRefused(f"peer message signed as {key.key_id} does not verify") from None
    if not isinstance(data, dict):
        raise PeerRefused("malformed peer message")
    return key, data


def verify_request(store: Store, request: object, *, challenge: str, own_key_id: str) -> tuple[str, int]:
    """(asker's terminal id, cursor) of a signed read from a door of this venue, made for
    this connection's ``challenge``; else PeerRefused."""
    key, data = _open_signed(store, request, REQUEST_DOMAIN, own_key_id)
    terminal = key.check(data.get("terminal_id"))
    if not isinstance(data.get("challenge"), str) or not secrets.compare_digest(data["challenge"], challenge):
        raise PeerRefused(f"request of terminal {terminal} was not made for this connection (a replay?)")
    after = data.get("after")
    if data.get("op") != "scans" or isinstance(after, bool) or not isinstance(after, int) or after < 0:
        raise PeerRefused(f"malformed request from terminal {terminal}")
    return terminal, after


def verify_reply(
    store: Store, reply: object, *, challenge: str, own_key_id: str | None = None
) -> tuple[str, int, list[ScanRecord]]:
    """(terminal id, next cursor, scans) of a signed reply of a door of this venue to the
    request made with ``challenge``, or PeerRefused."""
    own = own_key_id or terminal_info(store).key_id
    key, data = _open_signed(store, reply, DOMAIN, own)
    terminal = key.check(data.get("terminal_id"))
    if not isinstance(data.get("challenge"), str) or not secrets.compare_digest(data["challenge"], challenge):
        raise PeerRefused(f"reply of terminal {terminal} does not answer this request (a replay?)")
    nxt, raw = data.get("next"), data.get("scans")
    if isinstance(nxt, bool) or not isinstance(nxt, int) or not isinstance(raw, list):
        raise PeerRefused("malformed peer reply")
    scans = [_scan_from(s) for s in raw]
    if any(s.terminal_id != terminal for s in scans):
        raise PeerRefused(f"terminal {terminal} sent scans of another terminal")
    return terminal, nxt, scans


@dataclass
class PeerStats:
    merged: int = 0
    refused: int = 0  # replies refused by this door's poller
    reads_refused: int = 0  # requests refused by this door's server (unsigned, strangers, replays)
    polls: int = 0
    last_error: dict[str, str] = field(default_factory=dict)


class PeerNode:
    """Serve this door's scans and pull its peers'. ``start()`` runs both on threads.
    Raises NotADoor when central has not bound this terminal as a door of a venue."""

    def __init__(
        self,
        store: Store,
        *,
        listen: tuple[str, int],
        peers: Sequence[tuple[str, int]],
        interval: float = 0.1,
        on_merge: Callable[[list[ScanRecord]], None] | None = None,
    ) -> None:
        self.store = store
        self.identity = _identity(store)
        self.venues = require_door(store, self.identity.key_id)
        self.peers = list(peers)
        self.interval = interval
        self.on_merge = on_merge
        self.stats = PeerStats()
        self._cursors: dict[tuple[str, int], int] = {}
        self._logged: dict[tuple[str, str], float] = {}
        self._stop = threading.Event()
        node = self

        class Handler(socketserver.StreamRequestHandler):
            timeout = TIMEOUT

            def handle(self) -> None:
                node._serve_one(self.rfile, self.wfile, self.client_address)

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        if listen[0] in ("", "0.0.0.0", "::"):  # said explicitly: never a default
            log.warning("door sharing answers on every network interface (%s:%s)", *listen)
        self._server = Server(listen, Handler)
        self.address = self._server.server_address[:2]
        self._threads: list[threading.Thread] = []

    def _refusal(self, what: str, where: str, why: str) -> None:
        """Log a refused peer: a warning the first time (and once a minute after) for each
        address and reason, since a misconfigured door asks ten times a second."""
        now = time.monotonic()
        host = where.rpartition(":")[0] or where  # a client's port changes with each connection
        if now - self._logged.get((host, why), -LOG_EVERY) >= LOG_EVERY:
            if len(self._logged) > 1000:  # a stranger varying its junk: start again
                self._logged.clear()
            self._logged[(host, why)] = now
            log.warning(what, where, why)
        else:
            log.debug(what, where, why)

    # --- serving --------------------------------------------------------------------------

    def _serve_one(self, rfile: Any, wfile: Any, client: Any = None) -> None:
        challenge = secrets.token_hex(16)
        try:
            wfile.write(json.dumps({"challenge": challenge}).encode() + b"\n")
            wfile.flush()
            line = rfile.readline(MAX_REQUEST)
            if not line.strip():
                return  # connected and left (a port check): nothing to refuse
            terminal, after = verify_request(
                self.store, json.loads(line), challenge=challenge, own_key_id=self.identity.key_id
            )
        except PeerRefused as exc:
            self.stats.reads_refused += 1
            self._refusal("refused a read from %s: %s", _where(client), exc.message)
            return
        except (ValueError, OSError):
            self.stats.reads_refused += 1
            self._refusal("refused a read from %s: %s", _where(client), "not a signed peer request")
            return  # a stranger's noise: close without an answer
        scans, nxt = scanlog.local_after(self.store, after, limit=PAGE)
        reply = self.identity.signed(
            DOMAIN,
            {
                "terminal_id": self.identity.terminal_id,
                "to": terminal,
                "challenge": challenge,
                "next": nxt,
                "scans": [_scan_json(s) for s in scans],
            },
        )
        with contextlib.suppress(OSError):  # the asker went away
            wfile.write(json.dumps(reply).encode() + b"\n")

    # --- pulling --------------------------------------------------------------------------

    def poll_once(self) -> int:
        """Ask every peer once (until it has nothing more); returns the scans merged."""
        merged = 0
        for peer in self.peers:
            if self._stop.is_set():  # stopping: do not wait on another peer's timeout
                break
            try:
                merged += self._pull(peer)
                self.stats.last_error.pop(f"{peer[0]}:{peer[1]}", None)
            except (OSError, ValueError) as exc:
                self.stats.last_error[f"{peer[0]}:{peer[1]}"] = str(exc) or type(exc).__name__
            except PeerRefused as exc:
                self.stats.refused += 1
                self.stats.last_error[f"{peer[0]}:{peer[1]}"] = exc.message
                self._refusal("refused a reply from %s: %s", f"{peer[0]}:{peer[1]}", exc.message)
        self.stats.polls += 1
        return merged

    def _ask(self, peer: tuple[str, int], after: int) -> tuple[str, int, list[ScanRecord]]:
        with socket.create_connection(peer, timeout=TIMEOUT) as sock:
            reader = sock.makefile("rb")
            hello = json.loads(reader.readline(MAX_REQUEST) or b"null")
            challenge = hello.get("challenge") if isinstance(hello, dict) else None
            if not isinstance(challenge, str) or not 16 <= len(challenge) <= 128:
                raise PeerRefused("the peer did not open with a challenge")
            request = self.identity.signed(
                REQUEST_DOMAIN,
                {"op": "scans", "after": after, "terminal_id": self.identity.terminal_id, "challenge": challenge},
            )
            sock.sendall(json.dumps(request).encode() + b"\n")
            line = reader.readline(MAX_LINE + 1)
        if len(line) > MAX_LINE:
            raise ValueError("peer reply too long")
        if not line:
            raise PeerRefused("the peer answered nothing (it does not count this door as a door of its venue)")
        return verify_reply(self.store, json.loads(line), challenge=challenge, own_key_id=self.identity.key_id)

    def _pull(self, peer: tuple[str, int]) -> int:
        merged = 0
        while True:
            after = self._cursors.get(peer, 0)
            terminal, nxt, scans = self._ask(peer, after)
            if terminal == self.identity.terminal_id:
                raise PeerRefused("a peer answered with this terminal's own identity")
            new = scanlog.merge(self.store, scans, origin="peer") if scans else []
            merged += len(new)
            self.stats.merged += len(new)
            if new and self.on_merge is not None:
                self.on_merge(new)
            self._cursors[peer] = max(after, nxt)
            if len(scans) < PAGE:
                return merged

    def _poll_loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll_once()
            except PosError as exc:  # e.g. the store busy: try again next round
                log.warning("peer poll failed: %s", exc.message)
            self._stop.wait(self.interval)

    def start(self) -> None:
        serve = threading.Thread(
            target=self._server.serve_forever, args=(0.1,), daemon=True, name="door-peers-serve"
        )
        poll = threading.Thread(target=self._poll_loop, daemon=True, name="door-peers-poll")
        for t in (serve, poll):
            t.start()
            self._threads.append(t)

    def stop(self, *, wait: bool = True) -> None:
        """Stop answering (the port is free when this returns: within 0.1 s) and polling.
        ``wait=False`` (a screen closing on the UI thread) leaves a poll under way to end on
        its own, at worst one peer's timeout later, instead of waiting for it."""
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        if wait:
            for t in self._threads:
                t.join(timeout=5)


def _where(client: Any) -> str:
    if isinstance(client, tuple) and len(client) >= 2:
        return f"{client[0]}:{client[1]}"
    return "?"


def node_for(store: Store, sharing: DoorSharing) -> PeerNode | None:
    """The peer node for this terminal's saved door sharing (Settings), or None when the door
    works alone. Not started: the caller starts and stops it with its door."""
    if not sharing.enabled:
        return None
    return PeerNode(
        store,
        listen=parse_address(sharing.listen),
        peers=[parse_address(p) for p in sharing.peers],
    )
