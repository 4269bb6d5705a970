"""Leases under abuse (issue 17): a terminal selling a seat leased to another, another
outlet's token, bad lease sizes, what the database itself refuses, idle and withdrawn
terminals."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.cli import central as central_cli
from central.errors import ApiError
from central.lease_models import LeaseTerms, SeatLease, StandingLease
from central.services import admin
from pos.errors import NotSellable
from pos.sales import CartItem
from pos.sales.sellability import OfflineAllocationPolicy
from pos.terminal import lease
from sync.lease import return_lease
from sync.online import hold
from sync.protocol.leases import LeaseReply
from sync.pull import sync_once
from sync.relay import drain, needs_attention
from tests.central.live import Live
from tests.sync.test_leases import OUTLET, PERF, Till, enrolled, sell_items


class RogueSeats(OfflineAllocationPolicy):
    """A tampered terminal: sells any seat offline, leased or not."""

    def check_seats(self, session: Session, *, performance_id: str, seat_ids: Sequence[str],
                    outlet_id: str) -> None:
        return None


def leased(till: Till) -> list[str]:
    with till.store.read() as s:
        return sorted(lease.leased_seats(s, performance_id=PERF))


def two_tills(live: Live, tmp_path: Path) -> tuple[Till, Till]:
    admin.set_lease_terms(live.ctx, outlet_id=OUTLET, seats_per_performance=4, standing_per_area=2,
                          idle_hours=48)
    return enrolled(live, tmp_path / "a"), enrolled(live, tmp_path / "b")


def count(live: Live, sql: str, **params: object) -> int:
    with live.ctx.db.engine.connect() as conn:
        return int(conn.execute(text(sql), params).scalar() or 0)


def test_a_seat_leased_to_another_terminal_is_refused_at_upload_and_by_holds(
    central: Live, tmp_path: Path
) -> None:
    a, b = two_tills(central, tmp_path)
    theirs = leased(a)[0]
    assert theirs not in leased(b)
    # The honest core refuses it offline...
    assert not sync_once(b.store, b.dead).online
    with pytest.raises(NotSellable, match="not leased"):
        sell_items(b.store, [CartItem("adult", seat_id=theirs)])
    # ...a tampered one sells it, and central refuses the upload.
    sell_items(b.store, [CartItem("adult", seat_id=theirs)], RogueSeats())
    report = drain(b.store, b.client)
    assert report.attention == 1 and report.sent == 0
    assert "leased_elsewhere" in needs_attention(b.store)[0].error
    # Online, another terminal of the outlet cannot hold it either.
    with pytest.raises(NotSellable, match="leased_elsewhere"):
        hold(b.client, performance_id=PERF, seat_ids=[theirs])
    # The terminal that leased it still sells it, offline, and central takes it.
    assert not sync_once(a.store, a.dead).online
    sell_items(a.store, [CartItem("adult", seat_id=theirs)])
    assert drain(a.store, a.client).sent == 1
    assert count(central, "SELECT count(*) FROM tickets WHERE seat_id = :s AND status = 'valid'", s=theirs) == 1


def test_another_outlets_token_cannot_read_or_take_a_lease(central: Live, tmp_path: Path) -> None:
    a, _b = two_tills(central, tmp_path)
    other = enrolled(central, tmp_path / "other", outlet="BO-2")
    mine = set(leased(a))
    r = httpx.get(f"{central.base}/v1/lease", headers={"Authorization": f"Bearer {other.client.token}"})
    assert r.status_code == 200
    body = r.json()
    assert body["outlet_id"] == "BO-2"
    seen = {s for p in body["performances"] for s in p["seat_ids"]}
    assert seen and not seen & mine and seen <= {"B-2-1", "B-2-2"}
    for method in ("GET", "POST", "DELETE"):
        assert httpx.request(method, f"{central.base}/v1/lease").status_code == 401
        bad = httpx.request(method, f"{central.base}/v1/lease", headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401
    # Giving back its own lease touches no one else's.
    before = count(central, "SELECT count(*) FROM seat_leases WHERE outlet_id = 'BO-1'")
    r = httpx.delete(f"{central.base}/v1/lease", headers={"Authorization": f"Bearer {other.client.token}"})
    assert r.status_code == 200 and all(not p["seat_ids"] for p in r.json()["performances"])
    assert count(central, "SELECT count(*) FROM seat_leases WHERE outlet_id = 'BO-1'") == before
    assert count(central, "SELECT count(*) FROM seat_leases WHERE outlet_id = 'BO-2'") == 0
    # Its offline upload of BO-1's leased seat is refused, nothing is sold.
    sell_items(other.store, [CartItem("adult", seat_id=sorted(mine)[0])], RogueSeats())
    assert drain(other.store, other.client).attention == 1
    assert "not_allocated" in needs_attention(other.store)[0].error


BAD_SIZES = [(-1, 20, 48), (100_001, 20, 48), (30, -1, 48), (30, 100_001, 48), (30, 20, 0), (30, 20, 24 * 31)]


def test_bad_lease_sizes_are_refused(central: Live) -> None:
    for seats, standing, idle in BAD_SIZES:
        with pytest.raises(ValueError):
            admin.set_lease_terms(central.ctx, outlet_id=OUTLET, seats_per_performance=seats,
                                  standing_per_area=standing, idle_hours=idle)
    assert count(central, "SELECT count(*) FROM lease_terms") == 0


def test_lease_command_and_its_refusals(tmp_path: Path) -> None:
    from tests.sync.conftest import catalog_now

    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    from central.app import create_app
    from central.services.catalog import import_catalog
    from sync.protocol import CatalogFeed

    import_catalog(create_app(db_url=db).state.central, CatalogFeed.model_validate(catalog_now()))
    runner = CliRunner()
    r = runner.invoke(central_cli, ["outlet", "lease", "--db", db, OUTLET])
    assert r.exit_code == 0 and "30 seats per performance and 20 standing" in r.output
    r = runner.invoke(central_cli, ["outlet", "lease", "--db", db, OUTLET, "--seats", "12", "--standing", "5"])
    assert r.exit_code == 0 and "12 seats per performance and 5 standing" in r.output
    for bad in (["--seats", "-3"], ["--standing", "100001"], ["--idle-hours", "0"], ["--seats", "x"]):
        r = runner.invoke(central_cli, ["outlet", "lease", "--db", db, OUTLET, *bad])
        assert r.exit_code == 2, r.output
    r = runner.invoke(central_cli, ["outlet", "lease", "--db", db, "NO-SUCH", "--seats", "3"])
    assert r.exit_code == 1 and "not found" in r.output
    r = runner.invoke(central_cli, ["outlet", "lease", "--db", db, OUTLET])
    assert "12 seats per performance and 5 standing" in r.output  # nothing changed by the refusals
    with pytest.raises(ApiError):
        admin.set_lease_terms(create_app(db_url=db, migrate=False).state.central, outlet_id="NO-SUCH",
                              seats_per_performance=1, standing_per_area=1, idle_hours=1)


def test_the_database_refuses_two_leases_on_one_seat_and_bad_counts(central: Live, tmp_path: Path) -> None:
    a, b = two_tills(central, tmp_path)
    seat = leased(a)[0]
    other_terminal = b.client.get("/lease", LeaseReply).terminal_id
    now = datetime.now(UTC)
    attempts = [
        SeatLease(performance_id=PERF, seat_id=seat, terminal_id=other_terminal, outlet_id=OUTLET, leased_at=now),
        StandingLease(performance_id=PERF, area_id="FLOOR", terminal_id="X", outlet_id=OUTLET, granted=1,
                      remaining=-1),
        StandingLease(performance_id=PERF, area_id="FLOOR", terminal_id="Y", outlet_id=OUTLET, granted=1,
                      remaining=2),
        LeaseTerms(outlet_id="BO-2", seats_per_performance=-1, standing_per_area=0, idle_hours=1),
    ]
    for row in attempts:
        with Session(central.ctx.db.engine) as s:
            s.add(row)
            with pytest.raises(IntegrityError):
                s.commit()


def test_idle_and_withdrawn_terminals_give_their_lease_back(central: Live, tmp_path: Path) -> None:
    a, b = two_tills(central, tmp_path)
    a_id = a.client.get("/lease", LeaseReply).terminal_id
    quota_used = "SELECT used FROM standing_quotas WHERE performance_id = :p AND outlet_id = :o"
    used_before = count(central, quota_used, p=PERF, o=OUTLET)
    # A stops syncing for longer than the idle time (and the offline cap): B's next refill
    # takes A's lease back.
    with central.ctx.db.engine.begin() as conn:
        conn.execute(text("UPDATE terminal_leases SET refreshed_at = :t WHERE terminal_id = :a"),
                     {"t": datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=49), "a": a_id})
    assert sync_once(b.store, b.client).online
    assert count(central, "SELECT count(*) FROM seat_leases WHERE terminal_id = :a", a=a_id) == 0
    assert count(central, quota_used, p=PERF, o=OUTLET) == used_before - 2  # A's 2 standing units back
    # A comes back and leases again; it can give its lease back itself...
    assert sync_once(a.store, a.client).online and leased(a)
    return_lease(a.store, a.client)
    assert leased(a) == [] and lease.summary(a.store).seats == 0
    assert count(central, "SELECT count(*) FROM seat_leases WHERE terminal_id = :a", a=a_id) == 0
    # ...or, leased again, be withdrawn: its lease goes back at once.
    assert sync_once(a.store, a.client).online and leased(a)
    admin.revoke_terminal(central.ctx, a_id)
    assert count(central, "SELECT count(*) FROM seat_leases WHERE terminal_id = :a", a=a_id) == 0
    assert count(central, "SELECT coalesce(sum(remaining), 0) FROM standing_leases WHERE terminal_id = :a",
                 a=a_id) == 0


def test_concurrent_refills_never_lease_a_seat_or_unit_twice(central: Live) -> None:
    admin.set_lease_terms(central.ctx, outlet_id=OUTLET, seats_per_performance=5, standing_per_area=3,
                          idle_hours=48)
    terms = [central.enrol(OUTLET, f"till{i}") for i in range(6)]

    def refill(term: object) -> dict[str, object]:
        r = httpx.post(f"{central.base}/v1/lease", headers=term.h, timeout=30)  # type: ignore[attr-defined]
        assert r.status_code == 200, r.text
        return dict(r.json())

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(6) as pool:
        replies = list(pool.map(refill, terms))
    seats = [s for r in replies for p in r["performances"] if p["performance_id"] == PERF  # type: ignore[attr-defined]
             for s in p["seat_ids"]]
    units = sum(a["remaining"] for r in replies for p in r["performances"]  # type: ignore[attr-defined]
                if p["performance_id"] == PERF for a in p["standing"])
    allocated = count(central, "SELECT count(*) FROM seats WHERE performance_id = :p AND allocated_outlet = :o "
                      "AND status = 'free'", p=PERF, o=OUTLET)
    quota = count(central, "SELECT quota FROM standing_quotas WHERE performance_id = :p AND outlet_id = :o",
                  p=PERF, o=OUTLET)
    assert len(seats) == len(set(seats)) == allocated  # 6 x 5 asked for, fewer allocated: all leased once
    assert units == quota  # 6 x 3 asked for, 10 in the quota
    assert count(central, "SELECT used FROM standing_quotas WHERE performance_id = :p AND outlet_id = :o",
                 p=PERF, o=OUTLET) == quota


def test_a_door_syncs_without_taking_a_lease(central: Live, tmp_path: Path) -> None:
    from pos.store.db import open_store
    from sync.enrol import connect, enrol
    from tests.sync.conftest import enrol_code

    enrol(tmp_path / "door", central_url=central.base, code=enrol_code(central, OUTLET), terminal_name="gate")
    store = open_store(tmp_path / "door")
    report = sync_once(store, connect(store), lease=False)  # what the door app's background sync runs
    assert report.online and "lease" not in report.applied
    assert count(central, "SELECT count(*) FROM seat_leases") == 0
    assert count(central, "SELECT count(*) FROM standing_leases") == 0
    assert lease.summary(store).leasing and lease.summary(store).seats == 0  # it sells nothing offline either
