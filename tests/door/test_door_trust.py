"""Doors trust only doors (issue 17): a LAN peer must be a door central bound to the same
venue, reads are signed for one connection's challenge, and every refusal is logged."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from pos.door import DoorValidator
from pos.door.trust import NotADoor, PeerRefused
from pos.terminal.identity import load_signer
from sync.door.peers import REQUEST_DOMAIN, PeerNode, _identity, verify_reply
from tests.door.helpers import Clock, Door, make_door
from tests.door.peering import bind, free_port, introduce, make_gates, read_all

LOOPBACK = ("127.0.0.1", 0)


@pytest.fixture
def gates(tmp_path: Path) -> Iterator[list[Door]]:
    doors = make_gates(tmp_path)
    yield doors
    for d in doors:
        d.store.close()


@pytest.fixture
def node_b(gates: list[Door]) -> Iterator[PeerNode]:
    node = PeerNode(gates[1].store, listen=LOOPBACK, peers=[])
    node.start()
    yield node
    node.stop()


def _admit_one(door: Door) -> None:
    v = DoorValidator(door.store, performance_id="P-CONCERT", gate="G2", clock=Clock())
    assert v.check(door.ticket(gate="")[0]).admitted
    v.close()


def _ask(address: tuple[str, int], request: object) -> bytes:
    """One read as a peer makes it: the challenge comes first; returns what follows."""
    with socket.create_connection(address, timeout=5) as s:
        hello = json.loads(read_all(s))
        body = request(hello["challenge"]) if callable(request) else request
        s.sendall(json.dumps(body).encode() + b"\n")
        return read_all(s)


def _signed_by(door: Door, **over: object):  # type: ignore[no-untyped-def]
    """A request signed with ``door``'s terminal key, for the connection's challenge."""
    me = _identity(door.store)

    def make(challenge: str) -> dict[str, str]:
        body = {"op": "scans", "after": 0, "terminal_id": me.terminal_id, "challenge": challenge, **over}
        return me.signed(REQUEST_DOMAIN, body)

    return make


def test_a_door_of_the_venue_reads_and_the_reply_is_bound_to_the_challenge(
    gates: list[Door], node_b: PeerNode
) -> None:
    a, b = gates
    _admit_one(b)
    reply = json.loads(_ask(node_b.address, _signed_by(a)))
    body = json.loads(reply["body"])
    assert body["to"] == "D01" and len(body["scans"]) == 1
    # The same reply played back to a later request (another challenge) is refused.
    with pytest.raises(PeerRefused, match="does not answer this request"):
        verify_reply(a.store, reply, challenge="f" * 32)
    assert verify_reply(a.store, reply, challenge=body["challenge"])[0] == "D02"


def test_unsigned_read_gets_nothing(
    gates: list[Door], node_b: PeerNode, caplog: pytest.LogCaptureFixture
) -> None:
    _admit_one(gates[1])
    with caplog.at_level(logging.WARNING, logger="sync.door.peers"):
        for request in (
            {"op": "scans", "after": 0},  # the old, unsigned read
            lambda c: {"op": "scans", "after": 0, "challenge": c},
            {"key_id": "ABCDEF01", "body": "{}", "sig": "AAAA"},  # a key nobody knows
            [1, 2],
            "scans please",
        ):
            assert _ask(node_b.address, request) == b""
    assert node_b.stats.reads_refused == 5
    assert "refused a read from 127.0.0.1:" in caplog.text and "not known here" in caplog.text
    # One warning per address and reason (a misconfigured door asks ten times a second).
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 2, warned  # "not a signed peer message" (4 times), "not known here"


def test_replayed_signed_request_is_refused(gates: list[Door], node_b: PeerNode) -> None:
    a, b = gates
    _admit_one(b)
    captured: dict[str, dict[str, str]] = {}

    def record(challenge: str) -> dict[str, str]:
        captured["request"] = _signed_by(a)(challenge)
        return captured["request"]

    assert json.loads(_ask(node_b.address, record))["key_id"]  # the genuine read is answered
    assert _ask(node_b.address, captured["request"]) == b""  # the same bytes, later: nothing
    # Altering the challenge in the body breaks the signature instead.
    forged = {**captured["request"], "body": captured["request"]["body"].replace('"challenge":"', '"challenge":"0')}
    assert _ask(node_b.address, forged) == b""
    assert node_b.stats.reads_refused == 2


def test_peer_signing_with_another_outlets_counter_key_is_refused(
    gates: list[Door], node_b: PeerNode, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    a, b = gates
    _admit_one(b)
    # A counter terminal of another outlet: every door knows its key (it signs tickets),
    # but central never bound it as a door.
    counter = make_door(tmp_path / "counter", terminal_id="T77")
    try:
        introduce(b.store, counter.store, venues=())
        introduce(a.store, counter.store, venues=())
        with caplog.at_level(logging.WARNING, logger="sync.door.peers"):
            assert _ask(node_b.address, _signed_by(counter)) == b""
        assert "terminal T77 is not a door of this door's venue" in caplog.text
        # Nor can it start sharing at all, and its signed reply is refused by a door.
        with pytest.raises(NotADoor):
            PeerNode(counter.store, listen=LOOPBACK, peers=[])
        me = _identity(counter.store)
        reply = me.signed(
            b"outlet-pos.door-peers/2 reply\n",
            {"terminal_id": "T77", "challenge": "c" * 32, "next": 0, "scans": []},
        )
        with pytest.raises(PeerRefused, match="not a door"):
            verify_reply(a.store, reply, challenge="c" * 32)
    finally:
        counter.store.close()


def test_door_of_another_venue_is_refused(gates: list[Door], tmp_path: Path) -> None:
    b = gates[1]
    _admit_one(b)
    other = make_door(tmp_path / "arena-door", terminal_id="D09")
    try:
        bind(other.store, load_signer(other.store).key_id, "ARENA")
        introduce(b.store, other.store, venues=("ARENA",))
        introduce(other.store, b.store)  # it knows B (a door of HALL) from the same feed
        node_b = PeerNode(b.store, listen=LOOPBACK, peers=[])
        node_b.start()
        stranger = PeerNode(other.store, listen=LOOPBACK, peers=[node_b.address])
        try:
            assert stranger.poll_once() == 0
            assert node_b.stats.reads_refused == 1  # B answered nothing…
            assert "answered nothing" in next(iter(stranger.stats.last_error.values()))
            # …and the arena door answers B nothing either: each side refuses the other.
            node_b.peers = [stranger.address]
            stranger.start()
            assert node_b.poll_once() == 0 and node_b.stats.refused == 1
        finally:
            stranger.stop()
            node_b.stop()
        # Bound to both venues, it is a peer of the hall's doors.
        introduce(b.store, other.store, venues=("ARENA", "HALL"))
        assert json.loads(_ask_node(b, other))["key_id"]
    finally:
        other.store.close()


def _ask_node(server: Door, asker: Door) -> bytes:
    node = PeerNode(server.store, listen=LOOPBACK, peers=[])
    node.start()
    try:
        return _ask(node.address, _signed_by(asker))
    finally:
        node.stop()


def test_cli_shares_only_as_a_bound_door_on_a_given_address(tmp_path: Path) -> None:
    from tests.door.test_cli_door import pos

    door = make_door(tmp_path / "lone")  # central never bound it
    door.store.close()
    data = door.store.data_dir
    r = pos(data, "--json", "door", "peers", "--listen", f"127.0.0.1:{free_port()}")
    assert r.returncode == 2 and json.loads(r.stdout)["error"] == "not_a_door", r.stdout + r.stderr
    r = pos(data, "door", "peers", "--peer", "127.0.0.1:7301")
    assert r.returncode == 2 and "--listen" in r.stderr  # no default address to answer on
    r = pos(data, "door", "--performance", "P-CONCERT", "--peer", "127.0.0.1:7301")
    assert r.returncode == 2 and "this door must answer them too" in r.stderr
