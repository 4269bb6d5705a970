"""``pos central ...``: run and administer the reference central server."""

from __future__ import annotations

import logging
import os
import random
import sys
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from central import cli_caps, cli_guard, cli_members, cli_partner
from central.cli_base import _fail, _open, db_option
from central.cli_doors import door
from central.errors import ApiError
from central.keys import ensure_central_key
from central.models import SeatInventory, StandingArea
from central.services import admin, online
from central.services.catalog import import_catalog
from sync.protocol import load_catalog_file
from sync.protocol.online import OnlineOrderRequest

log = logging.getLogger(__name__)


@click.group(name="central")
def central() -> None:
    """The reference central server of the outlet API."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@central.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8700, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes, on PostgreSQL only: one per core (2 on a 2-core machine).")
def serve(db_url: str, host: str, port: int, workers: int) -> None:
    """Run the API server."""
    import uvicorn

    from central.app import create_app
    from central.holder_keys import ENV as HOLDER_KEYS

    if not os.environ.get(HOLDER_KEYS) and not db_url.startswith("sqlite:///"):
        # One key file for every worker and every restart: keys per process would make the
        # terminals' sealed ID numbers unreadable to the other workers.
        os.environ[HOLDER_KEYS] = str(Path.cwd() / "central-holder.keys")
        click.echo(f"holder keys: {os.environ[HOLDER_KEYS]} (set ${HOLDER_KEYS} to choose)", err=True)
    if workers == 1:
        uvicorn.run(create_app(db_url=db_url), host=host, port=port, log_level="info")
        return
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        backend = make_url(db_url).get_backend_name()
    except ArgumentError as exc:
        _fail(f"--db {db_url!r} is not a database URL: {exc}")
        return
    if backend != "postgresql":
        _fail("more than one worker needs PostgreSQL: SQLite is the embedded single-process default")
        return
    # Migrate and make central's signing key once, here, not in N workers at the same time.
    ctx = _open(db_url)
    ensure_central_key(ctx)
    ctx.db.engine.dispose()
    os.environ["POS_CENTRAL_DB"] = db_url  # each worker process builds its app from it
    os.environ["POS_CENTRAL_MIGRATED"] = "1"  # …without migrating again
    uvicorn.run("central.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="info")


@central.command(name="import")
@db_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_(db_url: str, file: Path) -> None:
    """Publish a catalog feed file (.json or .json.gz)."""
    try:
        feed = load_catalog_file(file)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        _fail(f"{file}: not a valid catalog feed: {exc}")
        return
    ctx = _open(db_url)
    report = import_catalog(ctx, feed)
    click.echo(
        f"imported {len(feed.events)} events, {report.performances} performances; "
        f"{report.documents_changed} documents changed, {report.seats_added} seats added, "
        f"{report.seats_changed} seats changed"
    )


@central.group()
def outlet() -> None:
    """Outlets: own box offices and city partners."""


@outlet.command("add")
@db_option
@click.argument("outlet_id")
@click.option("--name-zh", required=True)
@click.option("--name-en", required=True)
@click.option("--kind", type=click.Choice(["own", "partner"]), required=True)
@click.option("--commission-bps", type=click.IntRange(0, 10_000), default=0, show_default=True,
              help="Partner's commission in basis points (100 = 1%).")
@click.option("--credit-limit", type=click.IntRange(0, 10**12), default=0, show_default=True,
              help="Credit limit in fen (0: none).")
@click.option("--category", "categories", multiple=True,
              type=click.Choice(["concert", "theatre", "sport", "cinema", "festival"]),
              help="Channel rule: only these event categories (repeatable; default all).")
@click.option("--event", "event_ids", multiple=True, help="Channel rule: only these events (repeatable).")
@click.option("--offline-max-sale", type=click.IntRange(0, 10**10), default=200_000, show_default=True,
              help="Offline cap: value of one sale, in fen.")
@click.option("--offline-max-total", type=click.IntRange(0, 10**12), default=2_000_000, show_default=True,
              help="Offline cap: value sold since going offline, in fen.")
@click.option("--offline-max-hours", type=click.IntRange(0, 24 * 30), default=24, show_default=True,
              help="Offline cap: hours a terminal may sell offline.")
def outlet_add(db_url: str, outlet_id: str, name_zh: str, name_en: str, kind: str, commission_bps: int,
               credit_limit: int, categories: tuple[str, ...], event_ids: tuple[str, ...],
               offline_max_sale: int, offline_max_total: int, offline_max_hours: int) -> None:
    """Create or update an outlet."""
    from pydantic import TypeAdapter, ValidationError

    from sync.protocol.catalog import Id

    try:
        TypeAdapter(Id).validate_python(outlet_id)
    except ValidationError:
        _fail(f"bad outlet id {outlet_id!r}: letters, digits and _.:- only, up to 40")
    ctx = _open(db_url)
    admin.upsert_outlet(ctx, outlet_id=outlet_id, name_zh=name_zh, name_en=name_en, kind=kind,
                        commission_bps=commission_bps, credit_limit=credit_limit,
                        channel_rules={"categories": list(categories), "event_ids": list(event_ids)},
                        offline_max_sale=offline_max_sale, offline_max_total=offline_max_total,
                        offline_max_hours=offline_max_hours)
    click.echo(f"outlet {outlet_id} saved")


@outlet.command("lease")
@db_option
@click.argument("outlet_id")
@click.option("--seats", type=int, default=None,
              help="Seats each terminal leases per performance on sale now (0-100000).")
@click.option("--standing", type=int, default=None,
              help="Standing places each terminal leases per area (0-100000).")
@click.option("--idle-hours", type=int, default=None,
              help="Hours without a refill after which a terminal's lease goes back (1-720; never "
                   "less than the outlet's --offline-max-hours).")
def outlet_lease(db_url: str, outlet_id: str, seats: int | None, standing: int | None,
                 idle_hours: int | None) -> None:
    """Show or set what each terminal of OUTLET leases for offline sale."""
    ctx = _open(db_url)
    try:
        terms = admin.lease_terms(ctx, outlet_id)
        if (seats, standing, idle_hours) != (None, None, None):
            terms = admin.set_lease_terms(
                ctx, outlet_id=outlet_id,
                seats_per_performance=terms.seats_per_performance if seats is None else seats,
                standing_per_area=terms.standing_per_area if standing is None else standing,
                idle_hours=terms.idle_hours if idle_hours is None else idle_hours,
            )
    except ApiError as exc:
        _fail(exc.message)
        return
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(f"outlet {outlet_id}: each terminal leases {terms.seats_per_performance} seats per performance "
               f"and {terms.standing_per_area} standing places per area; idle {terms.idle_hours} h")


@central.command("enrol-code")
@db_option
@click.option("--outlet", "outlet_id", required=True)
@click.option("--ttl-minutes", type=click.IntRange(1, 7 * 24 * 60), default=60, show_default=True)
def enrol_code(db_url: str, outlet_id: str, ttl_minutes: int) -> None:
    """Print a one-time enrolment code for a terminal of OUTLET."""
    ctx = _open(db_url)
    try:
        code = admin.make_enrol_code(ctx, outlet_id, ttl_minutes)
    except ApiError as exc:
        _fail(exc.message)
        return
    click.echo(code)


central.add_command(door)


@central.group()
def token() -> None:
    """Bearer tokens."""


@token.command("revoke")
@db_option
@click.option("--terminal", "terminal_id", required=True)
@click.option("--key/--no-key", "revoke_key", default=False,
              help="Also revoke the terminal's ticket-signing key.")
def token_revoke(db_url: str, terminal_id: str, revoke_key: bool) -> None:
    """Revoke a terminal's token (and optionally its signing key)."""
    ctx = _open(db_url)
    try:
        admin.revoke_terminal(ctx, terminal_id, revoke_key=revoke_key)
    except ApiError as exc:
        _fail(exc.message)
        return
    click.echo(f"terminal {terminal_id} revoked")


@token.command("platform")
@db_option
@click.option("--name", default="web-shop", show_default=True)
def token_platform(db_url: str, name: str) -> None:
    """Print a new platform token (for creating online orders over the API)."""
    click.echo(admin.make_platform_token(_open(db_url), name))


@central.command("simulate-online-sales")
@db_option
@click.option("--performance", "performance_id", required=True)
@click.option("--orders", "n_orders", type=click.IntRange(1, 100_000), required=True)
@click.option("--concession", default="adult", show_default=True)
@click.option("--max-tickets", type=click.IntRange(1, 10), default=4, show_default=True)
@click.option("--workers", type=click.IntRange(1, 32), default=4, show_default=True)
@click.option("--seed", type=int, default=None)
def simulate_online_sales(db_url: str, performance_id: str, n_orders: int, concession: str,
                          max_tickets: int, workers: int, seed: int | None) -> None:
    """Sell N web orders of random free seats (or standing places) of a performance, in
    parallel, competing with the outlets. Prints what happened."""
    ctx = _open(db_url)
    key = ensure_central_key(ctx)
    rng = random.Random(seed)

    def load(s: Session) -> tuple[list[str], list[str]]:
        seats = list(s.scalars(select(SeatInventory.seat_id).where(
            SeatInventory.performance_id == performance_id, SeatInventory.status == "free",
            SeatInventory.allocated_outlet.is_(None))))
        areas = list(s.scalars(select(StandingArea.area_id).where(StandingArea.performance_id == performance_id)))
        return seats, areas

    seats, areas = ctx.db.run(load)
    if not seats and not areas:
        _fail(f"performance {performance_id} has nothing free to sell")
    requests: list[OnlineOrderRequest] = []
    for i in range(n_orders):
        n = rng.randint(1, max_tickets)
        if seats and (not areas or rng.random() < 0.8):
            picked = rng.sample(seats, min(n, len(seats)))
            requests.append(OnlineOrderRequest(performance_id=performance_id, seat_ids=picked,
                                               concession=concession, buyer_name=f"Web buyer {i}",
                                               buyer_phone="13800000000"))
        else:
            requests.append(OnlineOrderRequest(performance_id=performance_id, area_id=rng.choice(areas),
                                               quantity=n, concession=concession,
                                               buyer_name=f"Web buyer {i}", buyer_phone="13800000000"))
    outcome: Counter[str] = Counter()
    tickets = 0

    def one(req: OnlineOrderRequest) -> tuple[str, int]:
        try:
            _status, reply = online.put_online_order(ctx, key, uuid.uuid4(), req)
        except ApiError as exc:
            return exc.reason, 0
        return "sold", len(reply.tickets)

    with ThreadPoolExecutor(workers) as pool:
        for result, n in pool.map(one, requests):
            outcome[result] += 1
            tickets += n
    click.echo(f"{n_orders} web orders: " + ", ".join(f"{k} {v}" for k, v in sorted(outcome.items()))
               + f"; {tickets} tickets sold")


outlet.add_command(cli_guard.hold_policy_cmd)
central.add_command(cli_guard.pickup_alerts)
central.add_command(cli_guard.customer_lookups)
central.add_command(cli_caps.over_caps)
central.add_command(cli_partner.partner_group)
central.add_command(cli_members.member)
