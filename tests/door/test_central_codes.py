"""Central signs online tickets in the terminals' code format: a door validates them
offline, with the same validator, given only central's key from the keys feed."""

from __future__ import annotations

import base64
import copy
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from central import ticketcodes
from central.keys import verify_central_code
from central.services.catalog import import_catalog
from pos.door import DoorValidator, Verdict
from pos.store import sql
from pos.tickets import TicketSigner, generate_private_key, peek, verify
from sync.protocol import CatalogFeed
from tests.central.catalog_fixture import small_catalog
from tests.central.conftest import T0, Env, make_env
from tests.door.helpers import Clock, make_door

DOORS_OPEN = T0 + timedelta(days=31) - timedelta(hours=1)


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Env]:
    yield from make_env(f"sqlite:///{tmp_path / 'central.sqlite'}")


def _known_central_key(env: Env, door_store: object) -> dict[str, str]:
    """What `pos sync` does with the keys feed: the door learns central's key."""
    keys = env.client.get("/v1/feeds/keys", headers=env.own.h).json()["items"]
    central = next(k for k in keys if k["owner"] == "central")
    with door_store.write() as s:  # type: ignore[attr-defined]
        sql.run(
            s,
            "INSERT INTO known_key (key_id, public_key, owner, valid_from, valid_until) VALUES (?,?,?,?,NULL)",
            (
                central["key_id"],
                base64.b64decode(central["public_key"]),
                "central",
                sql.time_in(T0 - timedelta(days=1)),
            ),
        )
    return central  # type: ignore[no-any-return]


def test_online_ticket_validates_offline_at_the_door(env: Env, tmp_path: Path) -> None:
    body = {
        "performance_id": "P1",
        "seat_ids": ["A-1-2"],
        "concession": "adult",
        "buyer_name": "张三",
        "buyer_phone": "13800138000",
    }
    r = env.client.put(f"/v1/online-orders/{uuid.uuid4()}", json=body, headers=env.ph)
    assert r.status_code == 201, r.text
    sold = r.json()["tickets"][0]
    door = make_door(tmp_path / "door", catalog=small_catalog(T0))
    central = _known_central_key(env, door.store)
    v = DoorValidator(
        door.store, performance_id="P1", gate="G1", clock=Clock(DOORS_OPEN + timedelta(minutes=1))
    )
    code = sold["code"]
    _key, claims = peek(code)
    assert (claims.ticket_id, claims.performance_id, claims.item_id) == (sold["ticket_id"], "P1", "A-1-2")
    # Tampered: one character of the seat's field changed.
    i = len(code) - 110
    tampered = code[:i] + ("B" if code[i] != "B" else "C") + code[i + 1 :]
    assert v.check(tampered).verdict in (Verdict.FORGED, Verdict.UNREADABLE)
    first = v.check(code)
    assert first.verdict is Verdict.VALID and first.ticket_id == sold["ticket_id"]
    assert v.check(code).verdict is Verdict.ALREADY_ADMITTED
    # Central still reads its own codes.
    assert verify_central_code(code, base64.b64decode(central["public_key"]))["t"] == sold["ticket_id"]


def _two_gate_catalog(seated_gate: str) -> dict[str, object]:
    cat = copy.deepcopy(small_catalog(T0))
    venue = cat["venues"][0]
    venue["gates"].append({"id": "G2", "name": {"zh": "二号门", "en": "Gate 2"}})
    for section in venue["sections"]:
        section["gate_id"] = seated_gate if section["kind"] == "seated" else "G1"
    return cat


def test_online_tickets_carry_their_sections_gate(tmp_path: Path) -> None:
    """An online buyer is sent to the right gate like a counter buyer: the code carries the
    gate of the seat's section (or of the standing area), and a change of the venue's gates
    reaches the next online order."""
    envs = make_env(f"sqlite:///{tmp_path / 'central.sqlite'}", catalog=_two_gate_catalog("G2"))
    env = next(envs)
    try:

        def buy(**what: object) -> dict[str, object]:
            body = {
                "performance_id": "P1",
                "concession": "adult",
                "buyer_name": "李四",
                "buyer_phone": "13800138000",
                **what,
            }
            r = env.client.put(f"/v1/online-orders/{uuid.uuid4()}", json=body, headers=env.ph)
            assert r.status_code == 201, r.text
            return r.json()["tickets"][0]  # type: ignore[no-any-return]

        seated, standing = buy(seat_ids=["A-1-2"]), buy(area_id="S", quantity=1)
        assert peek(seated["code"])[1].gate_id == "G2"
        assert peek(standing["code"])[1].gate_id == "G1"

        door = make_door(tmp_path / "door", catalog=_two_gate_catalog("G2"))
        _known_central_key(env, door.store)
        clock = Clock(DOORS_OPEN + timedelta(minutes=1))
        at_g1 = DoorValidator(door.store, performance_id="P1", gate="G1", clock=clock)
        at_g2 = DoorValidator(door.store, performance_id="P1", gate="G2", clock=clock)
        wrong = at_g1.check(seated["code"])
        assert wrong.verdict is Verdict.WRONG_GATE and "G2" in wrong.reason
        assert at_g2.check(seated["code"]).verdict is Verdict.VALID
        assert at_g1.check(standing["code"]).verdict is Verdict.VALID

        # The seated section moves to gate 1: the next online ticket says so.
        import_catalog(env.ctx, CatalogFeed.model_validate(_two_gate_catalog("G1")))
        assert peek(buy(seat_ids=["A-1-3"])["code"])[1].gate_id == "G1"
    finally:
        envs.close()


def test_central_encoder_matches_the_terminal_codec_byte_for_byte() -> None:
    key = generate_private_key()
    signer = TicketSigner(key)
    from pos.tickets import TicketClaims

    for holder, gate in [("", ""), ("欧阳*·123X", "G1"), ("A", "GATE5")]:
        claims = TicketClaims(
            ticket_id="WABCDEFGHIJKLMN2",
            performance_id="P-1.2:3_x",
            item_id="A-1-1",
            gate_id=gate,
            concession="student",
            issued_at=1_900_000_000,
            holder=holder,
        )
        ours = ticketcodes.encode(
            key,
            signer.key_id,
            ticket_id=claims.ticket_id,
            performance_id=claims.performance_id,
            item_id=claims.item_id,
            concession=claims.concession,
            gate_id=gate,
            holder=holder,
            issued_at=claims.issued_at,
        )
        assert ours == signer.sign(claims)  # Ed25519 is deterministic: same bytes, same signature
        assert verify(ours, keys={signer.key_id: signer.public_key}).claims == claims
        assert ticketcodes.decode(ours, signer.public_key)["holder"] == holder


@pytest.mark.parametrize(
    "bad",
    [
        {"ticket_id": "short"},
        {"performance_id": ""},
        {"performance_id": "TOO-LONG-PERFORMANCE"},
        {"item_id": "A 1"},
        {"gate_id": "GATE-6"},
        {"holder": "a\nb"},
        {"issued_at": -1},
    ],
)
def test_central_encoder_refuses_what_the_codec_would(bad: dict[str, object]) -> None:
    key = generate_private_key()
    args: dict[str, object] = {
        "ticket_id": "WABCDEFGHIJKLMN2",
        "performance_id": "P1",
        "item_id": "A-1-1",
        "concession": "adult",
        **bad,
    }
    with pytest.raises(ValueError):
        ticketcodes.encode(key, "0A0B0C0D", **args)  # type: ignore[arg-type]


def test_central_decode_refuses_garbage() -> None:
    signer = TicketSigner(generate_private_key())
    for junk in ["", "C1.AAAA.BBBB", "A" * 150]:
        with pytest.raises(ValueError):
            verify_central_code(junk, signer.public_key)
