"""Gates that share scans over loopback: separate processes, central absent; authentication;
a partition cut while both gates scan, then healed."""

from __future__ import annotations

import base64
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from pos.door import DoorValidator, Verdict, double_admissions
from pos.store import sql
from pos.tickets import TicketSigner, generate_private_key
from sync.door.peers import DOMAIN, PeerNode, PeerRefused
from sync.door.peers import verify_reply as verify
from tests.door.helpers import Clock, Door
from tests.door.peering import (
    free_port,
    has_scan,
    make_gates,
    read_all,
    start_peers,
    stop,
    valid_scans,
    wait_until,
)


@pytest.fixture
def gates(tmp_path: Path) -> Iterator[list[Door]]:
    doors = make_gates(tmp_path)
    yield doors
    for d in doors:
        d.store.close()


def test_two_gates_as_processes_one_admission(gates: list[Door]) -> None:
    """Two door terminals, each with its `pos door peers` process; no central anywhere.
    The same ticket at gate G1 then gate G2: exactly one admits."""
    a, b = gates
    pa, pb = free_port(), free_port()
    procs = [start_peers(a.store.data_dir, pa, [pb]), start_peers(b.store.data_dir, pb, [pa])]
    try:
        code, _ = a.ticket(gate="")
        at_a = DoorValidator(a.store, performance_id="P-CONCERT", gate="G1", clock=Clock())
        at_b = DoorValidator(b.store, performance_id="P-CONCERT", gate="G2", clock=Clock())
        first = at_a.check(code)
        assert first.admitted
        wait_until(lambda: has_scan(b.store, first.nonce))
        second = at_b.check(code)
        assert second.verdict is Verdict.ALREADY_ADMITTED and second.first_gate == "G1"
        # And back the other way: B's refusal is not an admission, A still knows one.
        other, _ = a.ticket(gate="")
        assert at_b.check(other).admitted
        wait_until(lambda: len(valid_scans(a.store)) == 2)
        assert at_a.check(other).verdict is Verdict.ALREADY_ADMITTED
    finally:
        for p in procs:
            stop(p)
    assert double_admissions(a.store) == double_admissions(b.store) == []


@pytest.mark.slow
def test_partition_reports_exactly_the_double_admissions(gates: list[Door]) -> None:
    a, b = gates
    pa, pb = free_port(), free_port()
    clock = Clock()
    at_a = DoorValidator(a.store, performance_id="P-CONCERT", gate="G1", clock=clock)
    at_b = DoorValidator(b.store, performance_id="P-CONCERT", gate="G2", clock=clock)
    tickets = [a.ticket(gate="")[0] for _ in range(40)]
    procs = [start_peers(a.store.data_dir, pa, [pb]), start_peers(b.store.data_dir, pb, [pa])]
    # Linked: 0-9 at A then at B (refused at B).
    for code in tickets[:10]:
        assert at_a.check(code).admitted
        clock.tick()
    wait_until(lambda: len(valid_scans(b.store)) == 10)
    for code in tickets[:10]:
        assert not at_b.check(code).admitted
    # Cut the link; both keep scanning: 10-19 at both (doubles), 20-29 only A, 30-39 only B.
    for p in procs:
        stop(p)
    doubles = set()
    for i, code in enumerate(tickets[10:], start=10):
        clock.tick()
        if i < 30:
            assert at_a.check(code).admitted
        if i < 20 or i >= 30:
            r = at_b.check(code)
            assert r.admitted
            if i < 20:
                doubles.add(r.ticket_id)
        # Re-scans inside one side are still refused during the split.
        if i % 7 == 0 and i < 30:
            assert at_a.check(code).verdict is Verdict.ALREADY_ADMITTED
    assert double_admissions(a.store) == double_admissions(b.store) == []  # nobody knows yet
    # Heal.
    procs = [start_peers(a.store.data_dir, pa, [pb]), start_peers(b.store.data_dir, pb, [pa])]
    try:
        wait_until(lambda: valid_scans(a.store) == valid_scans(b.store) and len(valid_scans(a.store)) == 50)
    finally:
        for p in procs:
            stop(p)
    for door in (a, b):
        found = double_admissions(door.store, "P-CONCERT")
        assert {d.ticket_id for d in found} == doubles
        assert all({x.gate for x in d.admissions} == {"G1", "G2"} and len(d.extra) == 1 for d in found)


# --- authentication ----------------------------------------------------------------------


def _signed(key, key_id: str, body: dict) -> dict:  # type: ignore[no-untyped-def]
    text = json.dumps(body)
    return {
        "key_id": key_id,
        "body": text,
        "sig": base64.b64encode(key.sign(DOMAIN + text.encode())).decode(),
    }


def _scan(terminal: str, nonce: str = "n-1") -> dict[str, str]:
    return {
        "nonce": nonce,
        "ticket_id": "AAAAAAAAAAAAAAAA",
        "performance_id": "P-CONCERT",
        "gate": "G1",
        "direction": "in",
        "verdict": "valid",
        "scanned_at": "2026-12-03T09:10:00+00:00",
        "terminal_id": terminal,
        "reason": "valid",
    }


CHALLENGE = "c0ffee" * 6


def test_a_stranger_cannot_inject_admissions(gates: list[Door]) -> None:
    a, b = gates
    stranger = TicketSigner(generate_private_key())
    key = stranger._private_key
    body = {"terminal_id": "D02", "challenge": CHALLENGE, "next": 1, "scans": [_scan("D02")]}

    def verify_reply(store, reply):  # type: ignore[no-untyped-def]
        return verify(store, reply, challenge=CHALLENGE)

    with pytest.raises(PeerRefused, match="not known"):
        verify_reply(a.store, _signed(key, stranger.key_id, body))
    # B's real key, but the body was altered after signing.
    from pos.terminal.identity import SIGNING_KEY_FILE
    from pos.tickets import private_key_from_pem

    b_key = private_key_from_pem((b.store.data_dir / SIGNING_KEY_FILE).read_bytes())
    b_id = TicketSigner(b_key).key_id
    good = _signed(b_key, b_id, body)
    assert verify_reply(a.store, good)[0] == "D02"
    assert verify_reply(a.store, good)[2][0].origin == "peer"
    tampered = {**good, "body": good["body"].replace("G1", "G2")}
    with pytest.raises(PeerRefused, match="does not verify"):
        verify_reply(a.store, tampered)
    # B's key speaking for D01, or carrying D01's scans.
    with pytest.raises(PeerRefused, match="does not belong"):
        verify_reply(a.store, _signed(b_key, b_id, {**body, "terminal_id": "D01"}))
    with pytest.raises(PeerRefused, match="another terminal"):
        verify_reply(a.store, _signed(b_key, b_id, {**body, "scans": [_scan("D01")]}))
    with pytest.raises(PeerRefused, match="malformed"):
        verify_reply(a.store, _signed(b_key, b_id, {**body, "scans": [{**_scan("D02"), "direction": "up"}]}))
    for junk in [None, [], {"key_id": 1}, {"key_id": b_id, "body": "{", "sig": "x"}]:
        with pytest.raises(PeerRefused):
            verify_reply(a.store, junk)
    # A withdrawn key is refused too.
    with b.store.write() as s, a.store.write() as s2:
        del s
        sql.run(
            s2, "UPDATE known_key SET valid_until = '2026-01-01T00:00:00.000000Z' WHERE key_id = ?", (b_id,)
        )
    with pytest.raises(PeerRefused, match="withdrawn"):
        verify_reply(a.store, good)


def test_node_ignores_noise_and_refuses_impostor(gates: list[Door]) -> None:
    a, b = gates
    node_b = PeerNode(b.store, listen=("127.0.0.1", 0), peers=[])
    node_b.start()
    try:
        for noise in [b"", b"GET / HTTP/1.0\r\n\r\n", b'{"op":"scans","after":-1}\n', b"\xff" * 5000]:
            with socket.create_connection(node_b.address, timeout=5) as s:
                s.sendall(noise)
                s.shutdown(socket.SHUT_WR)
                # The challenge, then closed without an answer.
                assert read_all(s).decode().startswith('{"challenge": ') and read_all(s) == b""
        # A node that listens with A's own identity is refused by A.
        impostor = PeerNode(a.store, listen=("127.0.0.1", 0), peers=[])
        impostor.start()
        node_a = PeerNode(
            a.store, listen=("127.0.0.1", 0), peers=[impostor.address, ("127.0.0.1", free_port())]
        )
        assert node_a.poll_once() == 0
        assert node_a.stats.refused == 1 and len(node_a.stats.last_error) == 2  # and one unreachable
        impostor.stop()
        node_a._server.server_close()
    finally:
        node_b.stop()
