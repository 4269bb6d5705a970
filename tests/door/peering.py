"""Two (or more) door terminals of one venue that know each other's keys, and the
`pos door peers` processes that link them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from pos.door.trust import save_key_venues
from pos.store import sql
from pos.store.db import Store
from pos.terminal.identity import load_signer, terminal_info
from pos.tickets import TicketSigner, generate_private_key
from tests.door.helpers import NOW, Door, make_door


def make_gates(root: Path, n: int = 2, catalog: dict | None = None) -> list[Door]:
    seller = TicketSigner(generate_private_key())
    doors = [
        make_door(root / f"door{i + 1}", terminal_id=f"D0{i + 1}", catalog=catalog, seller=seller)
        for i in range(n)
    ]
    for d in doors:
        bind(d.store, terminal_info(d.store).key_id)  # central bound every gate to the hall
        for other in doors:
            if other is not d:
                introduce(d.store, other.store)
    return doors


def bind(store: Store, key_id: str, *venues: str) -> None:
    """What the keys feed says of a door: ``key_id``'s terminal is a door of ``venues``."""
    with store.write() as s:
        save_key_venues(s, key_id, venues or ("HALL",))


def introduce(store: Store, other: Store, venues: tuple[str, ...] = ("HALL",)) -> None:
    """What the keys feed does: ``store`` learns ``other``'s terminal key, a door of
    ``venues`` (none: a counter terminal)."""
    signer = load_signer(other)
    tid = terminal_info(other).terminal_id
    with store.write() as s:
        sql.run(
            s,
            "INSERT OR REPLACE INTO known_key (key_id, public_key, owner, valid_from, valid_until)"
            " VALUES (?,?,?,?,NULL)",
            (signer.key_id, signer.public_key, f"terminal:{tid}", sql.time_in(NOW)),
        )
        save_key_venues(s, signer.key_id, venues)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_peers(data_dir: Path, listen: int, peers: list[int]) -> subprocess.Popen[str]:
    args = [
        sys.executable,
        "-m",
        "poscli",
        "--data-dir",
        str(data_dir),
        "door",
        "peers",
        "--listen",
        f"127.0.0.1:{listen}",
        "--interval",
        "0.05",
    ]
    for p in peers:
        args += ["--peer", f"127.0.0.1:{p}"]
    proc = subprocess.Popen(args, stderr=subprocess.PIPE, text=True, env={**os.environ})
    assert proc.stderr is not None
    line = proc.stderr.readline()  # "listening on …" once it answers
    assert "listening on" in line, line + proc.stderr.read()
    return proc


def stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    proc.wait(timeout=10)


def wait_until(cond: Callable[[], bool], timeout: float = 20.0) -> None:
    """Poll a condition (like qtbot.waitUntil): no fixed sleeps, a generous ceiling."""
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.01)


def has_scan(store: Store, nonce: str) -> bool:
    with store.read() as s:
        return sql.row(s, "SELECT 1 AS x FROM scan WHERE nonce = ?", nonce) is not None


def valid_scans(store: Store) -> set[str]:
    with store.read() as s:
        return {r.nonce for r in sql.rows(s, "SELECT nonce FROM scan WHERE verdict = 'valid'")}


def read_all(sock: socket.socket) -> bytes:
    """What the other side sends until it closes (a line at a time is what peers send)."""
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
        if chunk.endswith(b"\n"):
            break
    return b"".join(chunks)
