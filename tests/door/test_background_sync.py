"""The terminal's background sync (``sync_once``, the cycle the counter and door apps run)
carries door scans: this terminal's up, and the other gates' down for the performances it
keeps a door for. Against a real central on loopback."""

from __future__ import annotations

import socket
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from pos.door import DoorValidator, Verdict
from pos.door.opened import KEEP, note_open, open_doors
from pos.door.scanlog import pending_upload
from sync.door.central import not_a_door
from sync.pull import sync_once
from sync.transport import CentralClient
from tests.central.catalog_fixture import small_catalog
from tests.central.live import live_server
from tests.door.helpers import Clock
from tests.door.test_central_reconcile import _door


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_background_sync_pushes_and_pulls_door_scans(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    catalog = small_catalog(now)
    central_clock: list[Callable[[], datetime]] = [lambda: datetime.now(UTC)]
    # Read late: central keeps real time while the web orders are sold, then the doors' time.
    at_central = lambda: central_clock[0]()  # noqa: E731, PLW0108
    with live_server(f"sqlite:///{tmp_path / 'central.sqlite'}", catalog, clock=at_central) as live:
        codes = live.web_standing_codes("P1", "S", 4)
        keys = httpx.get(f"{live.base}/v1/feeds/keys", headers=live.enrol("OWN", "reader").h).json()["items"]
        central_key = next(k for k in keys if k["owner"] == "central")
        (a, ca), (b, cb), (counter, cc) = (
            _door(tmp_path / n, live, catalog, central_key, venue=None if n == "counter" else "V1")
            for n in ("gate-a", "gate-b", "counter")
        )
        clock = Clock(now + timedelta(days=31) - timedelta(minutes=30))  # P1's doors are open
        central_clock[0] = clock  # central refuses scans dated ahead of its clock
        for store in (a, b):
            note_open(store, "P1", now=clock())
        at_a = DoorValidator(a, performance_id="P1", gate="G1", clock=clock)
        assert at_a.check(codes[0]).admitted

        # Central unreachable: the cycle reports offline and the scan waits, unsent.
        offline = sync_once(a, CentralClient(f"http://127.0.0.1:{_closed_port()}", token="x"))
        assert not offline.online
        assert at_a.check(codes[0]).verdict is Verdict.ALREADY_ADMITTED  # refused scans go up too
        assert len(pending_upload(a)) == 2

        up = sync_once(a, ca)
        assert up.online and up.applied["scans_uploaded"] == 2 and pending_upload(a) == []
        assert sync_once(a, ca).applied["scans_uploaded"] == 0  # nonces marked: nothing twice

        down = sync_once(b, cb)  # gate B never heard from A directly
        assert down.applied["scans"] == 1
        at_b = DoorValidator(b, performance_id="P1", gate="G1", clock=clock)
        refused = at_b.check(codes[0])
        assert refused.verdict is Verdict.ALREADY_ADMITTED and refused.first_gate == "G1"
        assert at_b.check(codes[1]).admitted  # and admits the rest

        # A door noted for a performance central does not know: central's refusal is
        # logged and the rest of the cycle goes on.
        at_a.check(codes[2])  # admitted at A, and sent up
        assert sync_once(a, ca).applied["scans_uploaded"] == 1
        note_open(b, "NOPE", now=clock())  # noted last, so asked first: refused by central
        bad = sync_once(b, cb)
        # B's two scans went up, and P1's scans still came down after the refusal.
        assert bad.online and bad.applied["scans_uploaded"] == 2 and pending_upload(b) == []
        assert bad.applied["scans"] == 1
        assert at_b.check(codes[2]).verdict is Verdict.ALREADY_ADMITTED

        # A counter terminal that never opened a door pulls no scans.
        assert sync_once(counter, cc).applied["scans"] == 0
        assert open_doors(counter, now=clock()) == []
        # Its Door tab used without a binding at central: the sync goes on, central refuses
        # the scans (not_a_door), they stay here and the Door tab can say why.
        note_open(counter, "P1", now=clock())
        assert DoorValidator(counter, performance_id="P1", gate="G1", clock=clock).check(codes[3]).admitted
        unbound = sync_once(counter, cc)
        assert unbound.online and unbound.applied["scans_uploaded"] == 0
        assert len(pending_upload(counter)) == 1 and not_a_door(counter)
        assert not not_a_door(a)
        for c in (ca, cb, cc):
            c.close()
        for store in (a, b, counter):
            store.close()


def test_a_broken_record_of_open_doors_is_ignored(tmp_path: Path) -> None:
    from pos.store import settings
    from tests.door.helpers import make_door

    store = make_door(tmp_path / "door").store
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    for junk in ("x", 42, ["P-A"], {"P-A": "yesterday", "P-B": 7, "P-C": "2026-11-25T11:00:00"}):
        settings.put(store, "door:performances", junk)
        assert open_doors(store, now=now) == []  # nothing obeyed, nothing raised
    note_open(store, "P-D", now=now)  # and noting a door repairs the record
    assert open_doors(store, now=now) == ["P-D"]
    store.close()


def test_open_doors_are_kept_for_a_day(tmp_path: Path) -> None:
    from tests.door.helpers import make_door

    store = make_door(tmp_path / "door").store
    t0 = datetime(2026, 11, 25, 12, tzinfo=UTC)
    note_open(store, "P-A", now=t0)
    note_open(store, "P-B", now=t0 + timedelta(hours=1))
    assert open_doors(store, now=t0 + timedelta(hours=2)) == ["P-B", "P-A"]  # newest first
    assert open_doors(store, now=t0 + KEEP + timedelta(minutes=30)) == ["P-B"]
    # Re-opening refreshes the time; what expired is dropped from the record.
    note_open(store, "P-B", now=t0 + KEEP)
    note_open(store, "P-C", now=t0 + KEEP + timedelta(hours=2))
    assert open_doors(store, now=t0 + KEEP + timedelta(hours=2)) == ["P-C", "P-B"]
    from pos.store import settings

    assert set(settings.get(store, "door:performances")) == {"P-B", "P-C"}
    store.close()
