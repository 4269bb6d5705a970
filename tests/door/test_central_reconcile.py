"""Two doors split from each other and from central, both scanning the same online tickets;
central comes back: scans upload with nonces, central reconciles, and the double admissions
are reported on both terminals and at central, exactly those and no others."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from central.services.doors import bind_door
from pos.catalog.cache import import_catalog
from pos.door import DoorValidator, Verdict, double_admissions
from pos.store import sql
from pos.store.db import Store, open_store
from pos.terminal.identity import init_terminal
from sync.door.central import pull_scans, sync_door, upload_scans
from sync.transport import CentralClient
from tests.central.catalog_fixture import small_catalog
from tests.central.live import Live, live_server
from tests.door.helpers import Clock
from tests.door.peering import introduce
from tests.factories import validated


def _door(
    path: Path, live: Live, catalog: dict, central_key: dict, venue: str | None = "V1"
) -> tuple[Store, CentralClient]:
    term = live.enrol("OWN", path.name)
    if venue:  # a supervisor binds it at central: `pos central door bind TERMINAL --venue V1`
        bind_door(live.ctx, terminal_id=term.terminal_id, venue_id=venue)
    init_terminal(
        path,
        terminal_id=term.terminal_id,
        outlet_id="OWN",
        private_key=term.private,
        now=datetime.now(UTC) - timedelta(days=1),
    )
    store = open_store(path)
    import_catalog(store, validated(catalog))
    with store.write() as s:  # `pos sync` brings central's key with the keys feed
        sql.run(
            s,
            "INSERT INTO known_key (key_id, public_key, owner, valid_from, valid_until) VALUES (?,?,?,?,NULL)",
            (
                central_key["key_id"],
                base64.b64decode(central_key["public_key"]),
                "central",
                sql.time_in(datetime.now(UTC) - timedelta(days=1)),
            ),
        )
    return store, CentralClient(live.base, token=term.token)


def test_split_doors_reconcile_at_central(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    catalog = small_catalog(now)
    central_clock: list[Callable[[], datetime]] = [lambda: datetime.now(UTC)]
    # Read late: central keeps real time while the web orders are sold, then the doors' time.
    at_central = lambda: central_clock[0]()  # noqa: E731, PLW0108
    with live_server(f"sqlite:///{tmp_path / 'central.sqlite'}", catalog, clock=at_central) as live:
        codes = [c for _ in range(2) for c in live.web_standing_codes("P1", "S", 8)]  # two web orders
        own = live.enrol("OWN", "keys reader")
        keys = httpx.get(f"{live.base}/v1/feeds/keys", headers=own.h).json()["items"]
        central_key = next(k for k in keys if k["owner"] == "central")
        (a, ca), (b, cb) = (_door(tmp_path / n, live, catalog, central_key) for n in ("gate-a", "gate-b"))
        introduce(a, b)
        introduce(b, a)
        clock = Clock(now + timedelta(days=31) - timedelta(minutes=30))  # P1's doors are open
        central_clock[0] = clock  # central refuses scans dated ahead of its clock
        at_a = DoorValidator(a, performance_id="P1", gate="G1", clock=clock)
        at_b = DoorValidator(b, performance_id="P1", gate="G1", clock=clock)
        # The split: no peers, no central. 0-4 at both gates, 5-9 at A only, 10-14 at B only.
        doubles = set()
        for i, code in enumerate(codes[:15]):
            clock.tick()
            if i < 10:
                assert at_a.check(code).admitted
            if i < 5 or i >= 10:
                res = at_b.check(code)
                assert res.admitted
                if i < 5:
                    doubles.add(res.ticket_id)
        assert at_a.check(codes[0]).verdict is Verdict.ALREADY_ADMITTED  # refused scans upload too
        # Central is back.
        for store, client in ((a, ca), (b, cb)):
            report = upload_scans(store, client)
            assert report.refused == 0
        assert upload_scans(a, ca).uploaded == 0  # nothing left: nonces marked
        report = sync_door(a, ca, "P1")  # what `pos door sync` runs: keys, revocations, scans
        assert report.keys >= 3 and report.upload.uploaded == 0 and report.scans_pulled >= 10
        pull_scans(b, cb, "P1")
        for store in (a, b):
            assert {d.ticket_id for d in double_admissions(store, "P1")} == doubles
        at_central = httpx.get(
            f"{live.base}/v1/scans/double-admissions", params={"performance_id": "P1"}, headers={"Authorization": f"Bearer {ca.token}"}
        ).json()
        assert {d["ticket_id"] for d in at_central["double_admissions"]} == doubles
        assert all(len(d["admissions"]) == 2 for d in at_central["double_admissions"])
        # After reconciliation a third door (or a restarted one) refuses them all.
        for code in codes[:15]:
            clock.tick()
            assert at_b.check(code).verdict is Verdict.ALREADY_ADMITTED
        # Uploading again changes nothing at central (idempotent by nonce).
        assert upload_scans(b, cb).uploaded == 15
        again = httpx.get(
            f"{live.base}/v1/scans/double-admissions", params={"performance_id": "P1"}, headers={"Authorization": f"Bearer {ca.token}"}
        ).json()
        assert again["double_admissions"] == at_central["double_admissions"]
        bad = httpx.get(f"{live.base}/v1/feeds/scans", params={"performance_id": "NOPE"}, headers={"Authorization": f"Bearer {ca.token}"})
        assert bad.status_code == 422
        # The terminal that only reads keys is no door: the venue's scans are not for it.
        other = httpx.get(f"{live.base}/v1/feeds/scans", params={"performance_id": "P1"}, headers=own.h)
        assert other.status_code == 403 and other.json()["reason"] == "not_a_door"
        for c in (ca, cb):
            c.close()
        a.close()
        b.close()
