"""Shared set-up of the sync benchmarks: a central on loopback, an enrolled terminal, and
counters on both ends of the wire. Nothing here changes ``sync/`` or ``central/``: the
hooks wrap them from the outside.

- :class:`CountingSession` is the ``requests.Session`` handed to ``CentralClient(session=...)``;
  it records, per request, the client-side round trip, the bytes that came over the wire
  (compressed or not, as the server sent them) and the decoded body bytes.
- :class:`ServerTimer` wraps central's ASGI app and records the server-side time of each
  request, from the moment uvicorn hands it over to the last byte of the reply. It also
  answers ``GET /__noop`` itself: a reply that touches neither FastAPI nor the database,
  the floor of an HTTP round trip on this machine.
- :func:`central_database` gives a database URL: SQLite in a temporary folder, or a fresh
  PostgreSQL database (created, then dropped) when a PostgreSQL URL is given.

One sync cycle measured feed by feed is ``_sync_measure``'s.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import keyring
import requests

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import uvicorn  # noqa: E402

from central.app import create_app  # noqa: E402
from central.context import Central  # noqa: E402
from central.services import admin  # noqa: E402
from central.services.catalog import import_catalog as central_import  # noqa: E402
from pos.staff.access import Role, StaffSession, add_staff  # noqa: E402
from pos.store.db import Store, open_store  # noqa: E402
from sync.enrol import connect, enrol  # noqa: E402
from sync.protocol import CatalogFeed  # noqa: E402
from sync.transport import CentralClient  # noqa: E402

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[
    [Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]
]
NOOP_PATH = "/__noop"


def bench_parser(doc: str) -> argparse.ArgumentParser:
    """A sync benchmark's command line: its docstring's first paragraph, and ``--pg``."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--pg", help="PostgreSQL URL for central (default: $POS_BENCH_PG_URL, else SQLite)")
    return parser


def today_catalog() -> dict[str, Any]:
    """The demo catalog around today in Shanghai, as the benchmarks import it."""
    from resources.demo.generate import build_catalog

    return build_catalog(datetime.now(ZoneInfo("Asia/Shanghai")).date())


def pg_url_from(argv_value: str | None) -> str | None:
    return argv_value or os.environ.get("POS_BENCH_PG_URL") or None


# --------------------------------------------------------------------------- the keyring


def use_memory_keyring() -> None:
    # The same in-memory keyring the sync tests use: enrolment works headless, leaves nothing.
    from tests.sync.conftest import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())


# --------------------------------------------------------------------------- the wire, client side


@dataclass
class Exchange:
    method: str
    path: str
    status: int
    seconds: float  # client-side round trip, request sent to body read
    wire_in: int  # reply body bytes as they came over the wire (compressed if the server compressed)
    body_in: int  # reply body bytes after decoding
    head_in: int  # status line and headers of the reply (reconstructed, close to the wire)
    bytes_out: int  # request line, headers and body (reconstructed)
    encoding: str  # Content-Encoding of the reply, "" for none
    body: bytes | None = None  # the decoded reply, when the session keeps bodies


class CountingSession(requests.Session):
    """A ``requests.Session`` that keeps an :class:`Exchange` per request it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.exchanges: list[Exchange] = []
        self.keep_bodies = False

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        started = time.perf_counter()
        reply = super().send(request, **kwargs)
        body = reply.content  # not streamed: already read inside send(); this is a no-op
        seconds = time.perf_counter() - started
        raw = reply.raw
        wire = raw.tell() if hasattr(raw, "tell") else len(body)
        head = len(f"HTTP/1.1 {reply.status_code} {reply.reason}\r\n") + 2
        head += sum(len(k) + len(v) + 4 for k, v in reply.headers.items())
        req_body = request.body or b""
        out = len(f"{request.method} {request.path_url} HTTP/1.1\r\n") + 2
        out += sum(len(k) + len(v) + 4 for k, v in request.headers.items())
        out += len(req_body) if isinstance(req_body, bytes) else len(str(req_body).encode())
        path = (request.path_url or "").split("?", 1)[0]
        self.exchanges.append(
            Exchange(
                method=str(request.method),
                path=path,
                status=reply.status_code,
                seconds=seconds,
                wire_in=int(wire),
                body_in=len(body),
                head_in=head,
                bytes_out=out,
                encoding=reply.headers.get("Content-Encoding", ""),
                body=body if self.keep_bodies else None,
            )
        )
        return reply

    def mark(self) -> int:
        return len(self.exchanges)

    def since(self, mark: int) -> list[Exchange]:
        return self.exchanges[mark:]


def by_path(exchanges: list[Exchange]) -> dict[str, list[Exchange]]:
    out: dict[str, list[Exchange]] = defaultdict(list)
    for e in exchanges:
        out[e.path].append(e)
    return out


# --------------------------------------------------------------------------- the wire, server side


@dataclass
class ServerRecord:
    method: str
    path: str
    status: int
    seconds: float


class ServerTimer:
    """ASGI wrapper around central: times each HTTP request inside the server process."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.records: list[ServerRecord] = []

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == NOOP_PATH:
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", b"2")],
                }
            )
            await send({"type": "http.response.body", "body": b"{}"})
            return
        started = time.perf_counter()
        status = 0

        async def send_timed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_timed)
        finally:
            self.records.append(
                ServerRecord(scope["method"], scope["path"], status, time.perf_counter() - started)
            )

    def mark(self) -> int:
        return len(self.records)

    def since(self, mark: int, *, expect: int = 0, wait: float = 2.0) -> list[ServerRecord]:
        """Records from ``mark`` on. A record lands just after its reply went out, so the
        client can be a moment ahead: wait up to ``wait`` seconds for ``expect`` of them."""
        deadline = time.monotonic() + wait
        while len(self.records) - mark < expect and time.monotonic() < deadline:
            time.sleep(0.005)
        return self.records[mark:]


# --------------------------------------------------------------------------- central


@contextmanager
def central_database(pg_url: str | None, tmp: Path) -> Iterator[tuple[str, str]]:
    """(URL, label): SQLite in ``tmp``, or a new PostgreSQL database dropped afterwards."""
    if not pg_url:
        yield f"sqlite:///{tmp / 'central.sqlite'}", "SQLite (file, WAL, synchronous=FULL)"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin_url = make_url(pg_url).set(drivername="postgresql+psycopg")
    name = f"central_syncbench_{uuid.uuid4().hex[:10]}"
    eng = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False), f"PostgreSQL ({name})"
    finally:
        with eng.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        eng.dispose()


@dataclass
class LiveCentral:
    base: str
    ctx: Central
    timer: ServerTimer


@contextmanager
def live_central(db_url: str, catalog: dict[str, Any]) -> Iterator[LiveCentral]:
    """Central on 127.0.0.1 in a uvicorn thread of this process (as tests/central/live.py),
    with the catalog imported and the :class:`ServerTimer` around the app."""
    app = create_app(db_url=db_url, sweep_interval=2.0)
    ctx: Central = app.state.central
    central_import(ctx, CatalogFeed.model_validate(catalog))
    timer = ServerTimer(app)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = uvicorn.Server(
        uvicorn.Config(
            timer,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            access_log=False,
            timeout_keep_alive=60,
            lifespan="on",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True, name="central")
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield LiveCentral(f"http://127.0.0.1:{port}", ctx, timer)
    finally:
        server.should_exit = True
        thread.join(timeout=15)


# --------------------------------------------------------------------------- the terminal


@dataclass
class Terminal:
    store: Store
    client: CentralClient
    http: CountingSession
    clerk: StaffSession
    data_dir: Path
    extra: dict[str, Any] = field(default_factory=dict)


def enrolled_terminal(live: LiveCentral, data_dir: Path, outlet_id: str) -> Terminal:
    """A fresh terminal enrolled with ``live`` for ``outlet_id``, with a supervisor and a
    clerk, and a client whose session counts bytes."""
    http = CountingSession()
    # A bench till sells offline far more than a counter's lease: lease it the whole allocation.
    admin.set_lease_terms(live.ctx, outlet_id=outlet_id, seats_per_performance=100_000,
                          standing_per_area=100_000, idle_hours=48)
    code = admin.make_enrol_code(live.ctx, outlet_id)
    enrol(
        data_dir,
        central_url=live.base,
        code=code,
        terminal_name="bench till",
        client=CentralClient(live.base),
    )
    store = open_store(data_dir)
    now = datetime.now(UTC)
    add_staff(store, staff_id="S1", name="Supervisor", role="supervisor", pin="258036", by=None)
    add_staff(
        store,
        staff_id="C1",
        name="Clerk",
        role="clerk",
        pin="1357",
        by=StaffSession("S1", "Supervisor", Role.SUPERVISOR, now),
    )
    clerk = StaffSession("C1", "Clerk", Role.CLERK, now)
    from pos.cash.shifts import open_shift

    open_shift(store, actor=clerk, opening_float=50_000)  # selling needs an open shift
    client = connect(store, session=http)
    return Terminal(store, client, http, clerk, data_dir)
