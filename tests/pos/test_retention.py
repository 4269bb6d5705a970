"""Holder data (name, ID document) of real-name tickets is purged N days after the
performance ended: from the ticket rows, from sent uploads in the outbox, and from the
store's bytes; journaled; not before its time; an unsent upload keeps it."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta

import pytest

from pos.cash.tenders import Tender
from pos.errors import InvalidInput, PermissionDenied
from pos.money import Money
from pos.sales import CartItem, sell
from pos.store import settings
from pos.tickets import retention
from pos.tickets.realname import make_holder
from tests.factories import NOW

ID_1 = "11010519491231002X"
ID_2 = "110105198001011238"
# What the terminal keeps of them (issue 18): the numbers themselves are never in the store.
KEPT_1, KEPT_2 = "110***********002X", "110***********1238"
MATCH_ENDS = NOW + timedelta(days=5, hours=2)  # P-MATCH in the factories' catalog


def _sell_real_name(counter) -> None:  # type: ignore[no-untyped-def]
    sell(
        counter.store,
        performance_id="P-MATCH",
        items=[
            CartItem("adult", seat_id="A-1-1", holder=make_holder("张三", ID_1)),
            CartItem("adult", seat_id="A-1-2", holder=make_holder("李四", ID_2)),
        ],
        tenders=[Tender(kind="cash", amount=Money(500000))],
        actor=counter.clerk,
        signer=counter.signer,
        now=NOW,
    )


def _bytes(counter) -> bytes:  # type: ignore[no-untyped-def]
    folder = counter.store.data_dir
    return b"".join(p.read_bytes() for p in folder.glob("pos.sqlite*") if p.is_file())


def _holders(counter) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    con = sqlite3.connect(counter.store.path)
    try:
        return con.execute("SELECT holder_name, holder_id_type, holder_id_masked FROM ticket").fetchall()
    finally:
        con.close()


def _checkpoint(counter) -> None:  # type: ignore[no-untyped-def]
    con = sqlite3.connect(counter.store.path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    assert KEPT_1.encode() in _bytes(counter) and ID_1.encode() not in _bytes(counter)


def _mark_sent(counter) -> None:  # type: ignore[no-untyped-def]
    con = sqlite3.connect(counter.store.path)
    with con:
        con.execute("UPDATE outbox SET status = 'sent'")
    con.close()


def test_nothing_is_purged_before_the_retention_period(counter) -> None:  # type: ignore[no-untyped-def]
    _sell_real_name(counter)
    result = retention.purge_holders(counter.store, now=MATCH_ENDS + timedelta(days=29))
    assert (result.tickets, result.uploads, result.journal_seq) == (0, 0, None)
    assert [h[2] for h in _holders(counter)] == [KEPT_1, KEPT_2]


def test_purge_after_the_period_removes_holder_data_everywhere(counter) -> None:  # type: ignore[no-untyped-def]
    _sell_real_name(counter)
    _checkpoint(counter)  # the sale's pages in the main file, as after any ordinary day
    after = MATCH_ENDS + timedelta(days=31)
    # Not yet sent to central: the upload and its tickets keep what central has not had.
    first = retention.purge_holders(counter.store, now=after)
    assert (first.days, first.tickets, first.uploads, first.unsent_kept, first.journal_seq) == (
        30,
        0,
        0,
        1,
        None,
    )
    assert [h[2] for h in _holders(counter)] == [KEPT_1, KEPT_2]
    _mark_sent(counter)
    second = retention.purge_holders(counter.store, now=after)
    assert (second.tickets, second.uploads, second.unsent_kept) == (2, 1, 0) and second.journal_seq
    assert _holders(counter) == [("", "", ""), ("", "", "")]
    con = sqlite3.connect(counter.store.path)
    payload = json.loads(con.execute("SELECT payload FROM outbox").fetchone()[0])
    assert all(not v for t in payload["tickets"] for k, v in t.items() if k.startswith("holder_"))
    kinds = [
        (r[0], json.loads(r[1]))
        for r in con.execute(
            "SELECT json_extract(record, '$.kind'), json_extract(record, '$.data') FROM journal "
            "WHERE json_extract(record, '$.kind') = 'privacy_purge' ORDER BY seq"
        )
    ]
    con.close()
    assert [(d["tickets"], d["uploads"]) for _, d in kinds] == [(2, 1)]
    # Gone from the file's bytes (store and WAL), not only from the rows.
    raw = _bytes(counter)
    for secret in (ID_1, ID_2, KEPT_1, KEPT_2, "张三", "李四"):
        assert secret.encode() not in raw, secret
    with counter.store.engine.connect() as conn:  # zeroed on every platform, not by a build's default
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    # A third run finds nothing and journals nothing.
    assert retention.purge_holders(counter.store, now=after).journal_seq is None


def test_other_performances_keep_their_holders(counter) -> None:  # type: ignore[no-untyped-def]
    _sell_real_name(counter)
    _mark_sent(counter)
    # P-PAST ended long ago but holds no real-name ticket; P-MATCH has not ended yet.
    result = retention.purge_holders(counter.store, days=0, now=MATCH_ENDS - timedelta(minutes=1))
    assert result.tickets == 0 and [h[2] for h in _holders(counter)] == [KEPT_1, KEPT_2]
    assert retention.purge_holders(counter.store, days=0, now=MATCH_ENDS + timedelta(minutes=1)).tickets == 2


def test_the_retention_setting(counter) -> None:  # type: ignore[no-untyped-def]
    assert retention.retention_days(counter.store) == 30
    with pytest.raises(PermissionDenied):
        retention.set_retention_days(counter.store, days=7, by=counter.clerk, now=NOW)
    for bad in (-1, 3651, "7", 7.5, True):
        with pytest.raises(InvalidInput):
            retention.set_retention_days(counter.store, days=bad, by=counter.supervisor, now=NOW)  # type: ignore[arg-type]
        with pytest.raises(InvalidInput):
            retention.purge_holders(counter.store, days=bad, now=NOW)  # type: ignore[arg-type]
    assert retention.set_retention_days(counter.store, days=7, by=counter.supervisor, now=NOW) == 7
    assert retention.retention_days(counter.store) == 7
    _sell_real_name(counter)
    _mark_sent(counter)
    assert retention.purge_holders(counter.store, now=MATCH_ENDS + timedelta(days=8)).tickets == 2
    # A setting damaged by hand falls back to the default.
    settings.put(counter.store, retention.RETENTION_SETTING, "lots")
    assert retention.retention_days(counter.store) == 30


def test_pos_privacy_purge_and_retention_commands(counter) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from poscli.main import cli
    from tests.factories import CLERK, SUPERVISOR

    _sell_real_name(counter)
    counter.store.close()
    data = str(counter.store.data_dir)

    def pos(*args: str, code: int = 0) -> dict:  # type: ignore[type-arg]
        result = CliRunner().invoke(cli, ["--data-dir", data, "--json", "privacy", *args])
        assert result.exit_code == code, result.output
        return json.loads(result.stdout)  # type: ignore[no-any-return]

    assert pos("retention") == {"days": 30}
    assert pos("retention", "--days", "7", code=2)["error"] == "invalid_input"  # who sets it?
    assert pos("retention", "--days", "7", "--staff", CLERK[0], "--pin", CLERK[1], code=2)["error"] == (
        "permission_denied"
    )
    assert pos("retention", "--days", "-3", "--staff", SUPERVISOR[0], "--pin", SUPERVISOR[1], code=2)[
        "error"
    ] == ("invalid_input")
    assert pos("retention", "--days", "7", "--staff", SUPERVISOR[0], "--pin", SUPERVISOR[1]) == {"days": 7}
    # P-MATCH is dated from the tests' NOW (2026-12-01), so it has ended by the real today.
    assert pos("purge", "--days", "-1", code=2)["error"] == "invalid_input"
    out = pos("purge", "--days", "0")
    assert (out["days"], out["tickets"], out["unsent_kept"], out["journal_seq"]) == (0, 0, 1, None)
    _mark_sent(counter)
    out = pos("purge", "--days", "0")
    assert (out["tickets"], out["uploads"], out["unsent_kept"]) == (2, 1, 0) and out["journal_seq"]
    assert pos("purge", "--days", "0")["journal_seq"] is None


def test_uploads_are_scrubbed_wherever_they_hold_a_ticket_line() -> None:
    exchange = {
        "exchange_id": "x",
        "new_order": {
            "tickets": [{"performance_id": "P-OLD", "holder_name": "张三", "holder_id_number": ID_1}]
        },
        "result": {"refunds": []},
    }
    reprint = {"ticket": {"performance_id": "P-OLD", "holder_id_number": ID_1, "holder_id_type": "id_card"}}
    other = {"tickets": [{"performance_id": "P-NEW", "holder_id_number": ID_2}]}
    for payload in (exchange, reprint):
        scrubbed = retention._scrub(json.dumps(payload), {"P-OLD"})
        assert scrubbed is not None and ID_1 not in scrubbed and "张三" not in scrubbed
    assert retention._scrub(json.dumps(other), {"P-OLD"}) is None
    assert retention._scrub("not json", {"P-OLD"}) is None
