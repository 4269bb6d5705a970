"""Gates that share: door terminals of a venue exchange their scans over the local network.

Each door runs a :class:`PeerNode`: a small TCP server that answers "your accepted scans
after log position N", and a poller that asks every configured peer that question every
``interval`` seconds (0.1 s by default, so a scan reaches the other gates well within a
second). Pulling with a cursor makes a healed link self-repairing: after a split, the next
poll fetches everything that was missed, and merging is idempotent by nonce.

Authentication: every reply is signed with the answering terminal's Ed25519 key (the one
registered with central; the door knows it from the keys feed). A reply is accepted only if
its key is known, belongs to the terminal it speaks for (``known_key.owner`` is
``terminal:<id>``), the signature holds, and every scan in it is that terminal's own. A
stranger on the LAN can neither inject admissions nor speak for another gate. The signed
bytes start with a domain prefix, so a peer message can never pass for a ticket code.

Wire format: one JSON line each way per connection::

    -> {"op": "scans", "after": 0}
    <- {"key_id": "…", "body": "<JSON text>", "sig": "<base64>"}
       body = {"terminal_id": "D01", "next": 42, "scans": [{nonce, ticket_id, …}, …]}
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import socket
import socketserver
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from pos.door import scanlog
from pos.door.scanlog import ScanRecord
from pos.door.sharing import DoorSharing, parse_address
from pos.errors import InvalidInput, PosError
from pos.store import sql
from pos.store.db import Store
from pos.terminal.identity import SIGNING_KEY_FILE, terminal_info
from pos.tickets import key_id_for, private_key_from_pem

log = logging.getLogger(__name__)

DOMAIN = b"outlet-pos.door-peers/1\n"
MAX_LINE = 2_000_000  # a page of 500 scans is ~150 kB
PAGE = 500
TIMEOUT = 2.0


class PeerRefused(PosError):
    code = "peer_refused"


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

    def sign(self, body: bytes) -> str:
        return base64.b64encode(self.private.sign(DOMAIN + body)).decode()


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


def verify_reply(store: Store, reply: object) -> tuple[str, int, list[ScanRecord]]:
    """(terminal id, next cursor, scans) of a signed peer reply, or PeerRefused."""
    if not isinstance(reply, dict) or not all(
        isinstance(reply.get(k), str) for k in ("key_id", "body", "sig")
    ):
        raise PeerRefused("not a signed peer reply")
    with store.read() as session:
        row = sql.row(
            session, "SELECT public_key, owner, valid_until FROM known_key WHERE key_id = ?", reply["key_id"]
        )
    if row is None:
        raise PeerRefused(f"peer key {reply['key_id']} is not known here")
    body = reply["body"].encode()
    try:
        Ed25519PublicKey.from_public_bytes(bytes(row.public_key)).verify(
            base64.b64decode(reply["sig"]), DOMAIN + body
        )
        data = json.loads(body)
    except (InvalidSignature, ValueError, TypeError):
        raise PeerRefused(f"peer reply signed as {reply['key_id']} does not verify") from None
    if row.valid_until is not None:
        raise PeerRefused(f"peer key {reply['key_id']} was withdrawn")
    terminal = data.get("terminal_id") if isinstance(data, dict) else None
    if not isinstance(terminal, str) or row.owner != f"terminal:{terminal}":
        raise PeerRefused(f"key {reply['key_id']} does not belong to terminal {terminal!r}")
    nxt, raw = data.get("next"), data.get("scans")
    if not isinstance(nxt, int) or not isinstance(raw, list):
        raise PeerRefused("malformed peer reply")
    scans = [_scan_from(s) for s in raw]
    if any(s.terminal_id != terminal for s in scans):
        raise PeerRefused(f"terminal {terminal} sent scans of another terminal")
    return terminal, nxt, scans


@dataclass
class PeerStats:
    merged: int = 0
    refused: int = 0
    polls: int = 0
    last_error: dict[str, str] = field(default_factory=dict)


class PeerNode:
    """Serve this door's scans and pull its peers'. ``start()`` runs both on threads."""

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
        self.peers = list(peers)
        self.interval = interval
        self.on_merge = on_merge
        self.stats = PeerStats()
        self._cursors: dict[tuple[str, int], int] = {}
        self._stop = threading.Event()
        node = self

        class Handler(socketserver.StreamRequestHandler):
            timeout = TIMEOUT

            def handle(self) -> None:
                node._serve_one(self.rfile, self.wfile)

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self._server = Server(listen, Handler)
        self.address = self._server.server_address[:2]
        self._threads: list[threading.Thread] = []

    # --- serving --------------------------------------------------------------------------

    def _serve_one(self, rfile: object, wfile: object) -> None:
        try:
            line = rfile.readline(4096)  # type: ignore[attr-defined]
            request = json.loads(line)
            after = request.get("after") if isinstance(request, dict) else None
            if request.get("op") != "scans" or not isinstance(after, int) or after < 0:
                raise ValueError("bad request")
        except (ValueError, AttributeError, OSError):
            return  # a stranger's noise: close without an answer
        scans, nxt = scanlog.local_after(self.store, after, limit=PAGE)
        body = json.dumps(
            {"terminal_id": self.identity.terminal_id, "next": nxt, "scans": [_scan_json(s) for s in scans]},
            separators=(",", ":"),
            ensure_ascii=False,
        ).encode()
        reply = {"key_id": self.identity.key_id, "body": body.decode(), "sig": self.identity.sign(body)}
        with contextlib.suppress(OSError):  # the asker went away
            wfile.write(json.dumps(reply).encode() + b"\n")  # type: ignore[attr-defined]

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
                log.warning("refused a reply from %s:%s: %s", *peer, exc.message)
        self.stats.polls += 1
        return merged

    def _pull(self, peer: tuple[str, int]) -> int:
        merged = 0
        while True:
            after = self._cursors.get(peer, 0)
            with socket.create_connection(peer, timeout=TIMEOUT) as sock:
                sock.sendall(json.dumps({"op": "scans", "after": after}).encode() + b"\n")
                reply = json.loads(_read_line(sock))
            terminal, nxt, scans = verify_reply(self.store, reply)
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


def _read_line(sock: socket.socket) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if chunk.endswith(b"\n"):
            break
        if size > MAX_LINE:
            raise ValueError("peer reply too long")
    return b"".join(chunks)


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
