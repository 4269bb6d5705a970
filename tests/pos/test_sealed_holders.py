"""Issue 18 on the terminal: a real-name sale keeps the masked holder and a keyed digest;
the full number is only in the upload, sealed to central's key, and deleted once central
acknowledged it; an older store is converted by its migration; bad seal keys are refused."""

from __future__ import annotations

import base64
import json
import sqlite3

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from pos.cash.tenders import Tender
from pos.errors import NotSellable
from pos.money import Money
from pos.sales import CartItem, sell
from pos.tickets import generate_private_key, sealing
from pos.tickets.codec import TicketSigner
from pos.tickets.realname import make_holder
from tests.factories import NOW

ID_1 = "11010519491231002X"
ID_2 = "110105198001011238"


def _central_key() -> tuple[X25519PrivateKey, str]:
    private = X25519PrivateKey.generate()
    return private, base64.b64encode(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def _sell(counter, seat: str, number: str):  # type: ignore[no-untyped-def]
    return sell(
        counter.store,
        performance_id="P-MATCH",
        items=[CartItem("adult", seat_id=seat, holder=make_holder("张三", number))],
        tenders=[Tender(kind="cash", amount=Money(500000))],
        actor=counter.clerk,
        signer=counter.signer,
        now=NOW,
    )


def _payloads(counter) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    con = sqlite3.connect(counter.store.path)
    try:
        return [json.loads(r[0]) for r in con.execute("SELECT payload FROM outbox WHERE kind = 'order' ORDER BY seq")]
    finally:
        con.close()


def test_the_number_is_sealed_for_central_and_forgotten_once_sent(counter) -> None:  # type: ignore[no-untyped-def]
    private, public = _central_key()
    sealing.keep_seal_key(counter.store, public)
    _sell(counter, "A-1-1", ID_1)
    _sell(counter, "A-1-2", ID_2)
    first, second = _payloads(counter)
    line = first["tickets"][0]
    assert ID_1 not in json.dumps(first) and "holder_digest" not in line
    assert (line["holder_name"], line["holder_id_masked"]) == ("张*", "110***********002X")
    # Central opens it (the format central.holder_keys reads).
    from central.holder_keys import HolderKeys, generate

    keys = generate()
    opened = HolderKeys(private, keys.digest_key, keys.at_rest).unseal(line["holder_sealed"])
    assert opened == f"resident_id|{ID_1}"
    # Acknowledged: gone from that upload; the unsent one keeps it.
    with counter.store.write() as session:
        seq = session.connection().exec_driver_sql("SELECT min(seq) FROM outbox").scalar()
        assert sealing.forget_sealed(session, [seq]) == 1
        assert sealing.forget_sealed(session, [seq]) == 0  # nothing left to forget
    first, second = _payloads(counter)
    assert "holder_sealed" not in first["tickets"][0] and "holder_sealed" in second["tickets"][0]


def test_the_terminal_checks_its_own_sales_by_keyed_digest(counter) -> None:  # type: ignore[no-untyped-def]
    _sell(counter, "A-1-1", ID_1)
    with pytest.raises(NotSellable, match="already holds a ticket"):
        _sell(counter, "A-1-2", ID_1)
    con = sqlite3.connect(counter.store.path)
    (digest,) = con.execute("SELECT holder_digest FROM ticket").fetchone()
    con.close()
    # Keyed: another terminal's key (or none) gives another digest.
    assert digest == sealing.holder_digest(counter.signer.holder_digest_key(), "resident_id", ID_1)
    other = TicketSigner(generate_private_key()).holder_digest_key()
    assert digest != sealing.holder_digest(other, "resident_id", ID_1)
    # Not enrolled: nothing sealed and no number anywhere.
    assert all("holder_sealed" not in t for p in _payloads(counter) for t in p["tickets"])
    assert ID_1.encode() not in counter.store.path.read_bytes()


@pytest.mark.parametrize("bad", ["not base64!", base64.b64encode(b"short").decode(), ""])
def test_a_damaged_seal_key_is_ignored(counter, bad: str) -> None:  # type: ignore[no-untyped-def]
    sealing.keep_seal_key(counter.store, bad)
    with counter.store.read() as session:
        assert sealing.seal_key(session) is None


def test_an_older_store_is_converted_by_its_migration(counter) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    from pos.store.db import _alembic_config, open_store

    _sell(counter, "A-1-1", ID_1)
    data_dir = counter.store.data_dir
    cfg = _alembic_config()
    with counter.store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0015")
        # As a store of the time kept it: the number in the ticket row and in the upload.
        conn.exec_driver_sql("UPDATE ticket SET holder_name = '张三', holder_id_number = ?", (ID_1,))
        payload = json.loads(conn.exec_driver_sql("SELECT payload FROM outbox").scalar())
        for t in payload["tickets"]:
            t.pop("holder_id_masked", None)
            t.update(holder_name="张三", holder_id_number=ID_1)
        conn.exec_driver_sql("UPDATE outbox SET payload = ?", (json.dumps(payload, ensure_ascii=False),))
    counter.store.close()
    store = open_store(data_dir)
    with store.engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT holder_name, holder_id_number, holder_id_masked FROM ticket").one()
        payload = conn.exec_driver_sql("SELECT payload FROM outbox").scalar()
    store.close()
    assert tuple(row) == ("张*", "", "110***********002X")
    assert ID_1 not in payload and "110***********002X" in payload
