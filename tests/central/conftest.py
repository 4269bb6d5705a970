"""Fixtures of central's tests: a database per backend (SQLite always, PostgreSQL when
``POS_TEST_PG_URL`` is set), an app with a controllable clock, enrolled terminals."""

from __future__ import annotations

import base64
import os
import secrets
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from central import ticketcodes
from central.app import create_app
from central.context import Central
from central.services import admin
from central.services.catalog import import_catalog
from sync.protocol import CatalogFeed
from sync.protocol.enrolment import key_id_of
from tests.central.catalog_fixture import small_catalog

PG_URL = os.environ.get("POS_TEST_PG_URL")
T0 = datetime(2030, 5, 1, 10, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh, uniquely named PostgreSQL database for this test session."""
    if not PG_URL:
        pytest.skip("POS_TEST_PG_URL is not set")
    admin_url = make_url(PG_URL).set(drivername="postgresql+psycopg")
    name = f"central_test_{uuid.uuid4().hex[:12]}"
    eng = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    # Migrate once; each test then starts from empty tables.
    from central.db import make_engine
    from central.migrate import upgrade

    e = make_engine(url)
    upgrade(e)
    e.dispose()
    try:
        yield url
    finally:
        with eng.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        eng.dispose()


def _truncate(url: str) -> None:
    from central.schema import Base

    eng = create_engine(url)
    with eng.begin() as c:
        names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        c.execute(text(f"TRUNCATE {names} CASCADE"))
    eng.dispose()


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'central.sqlite'}"
    url: str = request.getfixturevalue("pg_database")
    _truncate(url)
    return url


@dataclass
class Term:
    terminal_id: str
    outlet_id: str
    token: str
    key_id: str
    private: Ed25519PrivateKey
    clock: Callable[[], datetime] | None = None  # central's clock: codes are signed "now"

    @property
    def h(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def new_key() -> tuple[Ed25519PrivateKey, str, str]:
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return private, base64.b64encode(raw).decode(), key_id_of(raw)


def enrol(client: TestClient, ctx: Central, outlet_id: str, name: str = "till") -> Term:
    code = admin.make_enrol_code(ctx, outlet_id)
    private, pub, key_id = new_key()
    r = client.post("/v1/enrol", json={"code": code, "public_key": pub, "terminal_name": name})
    assert r.status_code == 201, r.text
    body = r.json()
    return Term(body["terminal_id"], body["outlet_id"], body["token"], key_id, private, ctx.now)


def new_ticket_id() -> str:
    return base64.b32encode(secrets.token_bytes(10)).decode()


def sign(term: Term, t: dict[str, Any], *, issued_at: int | None = None) -> str:
    """The code ``term`` prints for line ``t`` (as pos.sales.commit signs it)."""
    holder = ""
    if t.get("holder_name") and t.get("holder_id_no"):
        holder = f"{t['holder_name'][0]}*·{t['holder_id_no'][-4:]}"
    when = issued_at if issued_at is not None else int((term.clock or (lambda: T0))().timestamp())
    return ticketcodes.encode(
        term.private, term.key_id, ticket_id=t["ticket_id"], performance_id=t["performance_id"],
        item_id=t.get("seat_id") or t.get("area_id") or "", concession=t["concession"],
        holder=holder, issued_at=when,
    )


def ticket(
    term: Term,
    perf: str = "P1",
    *,
    seat: str | None = None,
    area: str | None = None,
    concession: str = "adult",
    price: int = 10000,
    **kw: Any,
) -> dict[str, Any]:
    """A ticket line with a real code signed by ``term`` for it (``code=`` overrides)."""
    t = {
        "ticket_id": new_ticket_id(),
        "performance_id": perf,
        "concession": concession,
        "price": price,
        "key_id": term.key_id,
        **kw,
    }
    if seat:
        t["seat_id"] = seat
    if area:
        t["area_id"] = area
    if "code" not in t:
        t["code"] = sign(term, t)
    return dict(sorted(t.items(), key=lambda kv: kv[0] == "code"))


def order(
    tickets: list[dict[str, Any]],
    *,
    holds: list[str] | None = None,
    fees: int = 0,
    sold_at: datetime | None = None,
    **kw: Any,
) -> dict[str, Any]:
    total = sum(t["price"] for t in tickets) + fees
    return {
        "sold_at": (sold_at or T0).isoformat(),
        "hold_ids": holds or [],
        "tickets": tickets,
        "fees": fees,
        "total": total,
        "payments": [{"method": "cash", "amount": total}],
        **kw,
    }


@dataclass
class Env:
    client: TestClient
    ctx: Central
    clock: FakeClock
    own: Term
    own2: Term
    part: Term
    platform: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ph(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.platform}"}

    def hold(
        self,
        term: Term,
        seats: list[str] | None = None,
        *,
        perf: str = "P1",
        area: str | None = None,
        quantity: int = 0,
        ttl: int = 300,
        expect: int = 201,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"performance_id": perf, "ttl_seconds": ttl}
        if seats:
            body["seat_ids"] = seats
        if area:
            body["area_id"], body["quantity"] = area, quantity
        r = self.client.put(f"/v1/holds/{uuid.uuid4()}", json=body, headers=term.h)
        assert r.status_code == expect, r.text
        return r.json()

    def put_order(self, term: Term, body: dict[str, Any], oid: str | None = None) -> Any:
        return self.client.put(f"/v1/orders/{oid or uuid.uuid4()}", json=body, headers=term.h)


def make_env(db_url: str, catalog: dict[str, Any] | None = None) -> Iterator[Env]:
    clock = FakeClock()
    app = create_app(db_url=db_url, clock=clock, sweep_interval=None)
    ctx: Central = app.state.central
    import_catalog(ctx, CatalogFeed.model_validate(catalog or small_catalog(T0)))
    with TestClient(app) as client:
        env = Env(
            client=client,
            ctx=ctx,
            clock=clock,
            own=enrol(client, ctx, "OWN", "till 1"),
            own2=enrol(client, ctx, "OWN", "till 2"),
            part=enrol(client, ctx, "PART", "partner till"),
            platform=admin.make_platform_token(ctx, "web"),
        )
        yield env


@pytest.fixture
def env(db_url: str) -> Iterator[Env]:
    yield from make_env(db_url)
