"""Fuzzing the door: at least 100,000 malformed, truncated, mutated and re-signed codes.
None is admitted and none crashes (a crash would be any exception out of the validator)."""

from __future__ import annotations

import base64
import random
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos.door import DoorValidator, Verdict
from pos.tickets import TicketClaims, TicketSigner, generate_private_key
from tests.door.helpers import Clock, Door

PER_EXAMPLE = 100
EXAMPLES = 1_000  # x PER_EXAMPLE = 100,000 codes
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
NOISE = B32 + "abcxyz01890=-_ .:/\t\n\x00é张\u200b" + string.punctuation
ATTACKER = TicketSigner(generate_private_key())


def _b32(raw: bytes) -> str:
    return base64.b32encode(raw).decode().rstrip("=")


def _raw(code: str) -> bytes:
    return base64.b32decode(code + "=" * (-len(code) % 8))


def truncated(rng: random.Random, code: str) -> str:
    n = rng.randrange(len(code))
    return code[:n] if rng.random() < 0.7 else code[len(code) - n :]


def mutated(rng: random.Random, code: str) -> str:
    chars = list(code)
    for _ in range(rng.randint(1, 6)):
        i = rng.randrange(len(chars))
        op = rng.random()
        if op < 0.6:
            chars[i] = rng.choice(B32 if rng.random() < 0.8 else NOISE)
        elif op < 0.8:
            chars.insert(i, rng.choice(B32))
        elif len(chars) > 1:
            del chars[i]
    return "".join(chars)


def bitflipped(rng: random.Random, code: str) -> str:
    """Flip bits in the binary payload and re-encode canonically: readable, wrong signature."""
    raw = bytearray(_raw(code))
    for _ in range(rng.randint(1, 3)):
        raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
    return _b32(bytes(raw))


def resigned(rng: random.Random, code: str, known_key_id: str) -> str:
    """The body (maybe edited) signed by someone else: under the attacker's own key id, or
    claiming a known key id with the attacker's signature."""
    raw = bytearray(_raw(code)[:-64])
    if rng.random() < 0.5:
        raw[rng.randrange(19, len(raw))] = rng.choice(b"ABCZ019-")  # edit a field
    raw[1:5] = bytes.fromhex(ATTACKER.key_id if rng.random() < 0.5 else known_key_id)
    return _b32(bytes(raw) + ATTACKER._private_key.sign(bytes(raw)))


def fresh_forgery(rng: random.Random) -> str:
    """A well-formed ticket for this very door, signed by an unknown key."""
    tid = _b32(rng.randbytes(10))
    claims = TicketClaims(
        ticket_id=tid,
        performance_id="P-CONCERT",
        item_id="A-1-1",
        gate_id="G1",
        concession="adult",
        issued_at=rng.randrange(2**32),
    )
    return ATTACKER.sign(claims)


def garbage(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return _b32(rng.randbytes(rng.randrange(0, 160)))
    return "".join(rng.choice(NOISE) for _ in range(rng.randrange(0, 260)))


@pytest.fixture(scope="module")
def fuzz_door(door_template, tmp_path_factory):  # type: ignore[no-untyped-def]
    import shutil

    from pos.store.db import open_store
    from pos.tickets import private_key_from_pem
    from tests.door.conftest import SELLER_PEM

    path = tmp_path_factory.mktemp("fuzz") / "door"
    shutil.copytree(door_template, path)
    door = Door(open_store(path), TicketSigner(private_key_from_pem((path / SELLER_PEM).read_bytes())))
    v = DoorValidator(door.store, performance_id="P-CONCERT", gate="G1", clock=Clock())
    # Genuine tickets, already admitted: a mutation of one must never get in again either.
    codes = [door.ticket(item=f"A-1-{i}")[0] for i in range(1, 5)]
    codes += [door.ticket(item="FLOOR", gate="G1", holder="欧阳*·123X")[0]]
    for c in codes:
        assert v.check(c).admitted
    yield door, v, codes
    door.store.close()


COUNT = {"codes": 0}


@pytest.mark.slow
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.integers(0, 2**32 - 1), kind=st.sampled_from(["trunc", "mut", "flip", "resign", "forge", "junk"])
)
def test_fuzz_nothing_admitted_nothing_crashes(fuzz_door, seed: int, kind: str) -> None:  # type: ignore[no-untyped-def]
    door, v, codes = fuzz_door
    rng = random.Random(seed)
    for _ in range(PER_EXAMPLE):
        base = rng.choice(codes)
        code = {
            "trunc": lambda: truncated(rng, base),  # noqa: B023
            "mut": lambda: mutated(rng, base),  # noqa: B023
            "flip": lambda: bitflipped(rng, base),  # noqa: B023
            "resign": lambda: resigned(rng, base, door.seller.key_id),  # noqa: B023
            "forge": lambda: fresh_forgery(rng),
            "junk": lambda: garbage(rng),
        }[kind]()
        result = v.evaluate(code)
        COUNT["codes"] += 1
        assert result.verdict is not Verdict.VALID, (kind, code)
        if kind in ("flip", "resign", "forge") and result.verdict not in (
            Verdict.UNREADABLE,
            Verdict.ALREADY_ADMITTED,
        ):
            # A flipped issue time may fall outside the key's lifetime: checked before the signature.
            allowed = (Verdict.FORGED, Verdict.UNKNOWN_KEY, Verdict.KEY_NOT_VALID_THEN)
            assert result.verdict in allowed, (kind, code, result)


@pytest.mark.slow
def test_fuzz_count_and_recorded_path(fuzz_door) -> None:  # type: ignore[no-untyped-def]
    """Runs after the fuzz test: it really saw 100,000 codes. A sample also goes through the
    recording path (check), which must refuse them all too."""
    _door, v, codes = fuzz_door
    if COUNT["codes"]:
        assert COUNT["codes"] >= 100_000
    rng = random.Random(8)
    for i in range(2_000):
        code = [truncated, mutated, bitflipped][i % 3](rng, rng.choice(codes))
        assert not v.check(code).admitted
