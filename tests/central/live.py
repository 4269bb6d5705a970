"""A real uvicorn server on 127.0.0.1 in a background thread, and a connection-dropping proxy."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import uvicorn

from central.app import create_app
from central.context import Central
from central.services import admin
from central.services.catalog import import_catalog
from sync.protocol import CatalogFeed
from tests.central.catalog_fixture import small_catalog
from tests.central.conftest import Term, new_key


@dataclass
class Live:
    base: str
    ctx: Central
    platform: str

    def web_standing_codes(self, performance_id: str, area_id: str, quantity: int) -> list[str]:
        """A web order of standing places, sold by the platform: its tickets' codes."""
        r = httpx.put(
            f"{self.base}/v1/online-orders/{uuid.uuid4()}",
            headers={"Authorization": f"Bearer {self.platform}"},
            json={
                "performance_id": performance_id,
                "area_id": area_id,
                "quantity": quantity,
                "concession": "adult",
                "buyer_name": "张三",
                "buyer_phone": "13800138000",
            },
        )
        assert r.status_code == 201, r.text
        return [t["code"] for t in r.json()["tickets"]]

    def enrol(self, outlet_id: str, name: str = "till") -> Term:
        code = admin.make_enrol_code(self.ctx, outlet_id)
        private, pub, key_id = new_key()
        r = httpx.post(f"{self.base}/v1/enrol", json={"code": code, "public_key": pub, "terminal_name": name})
        r.raise_for_status()
        b = r.json()
        return Term(b["terminal_id"], b["outlet_id"], b["token"], key_id, private, self.ctx.now)


@contextmanager
def live_server(
    db_url: str, catalog: dict[str, Any] | None = None, *, clock: Callable[[], datetime] | None = None
) -> Iterator[Live]:
    """``clock``: central's clock, when a test's doors live in another time (central refuses
    scans dated ahead of its clock)."""
    app = create_app(db_url=db_url, sweep_interval=1.0, **({"clock": clock} if clock else {}))
    ctx: Central = app.state.central
    import_catalog(ctx, CatalogFeed.model_validate(catalog or small_catalog(datetime.now(UTC))))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            limit_concurrency=200,
            timeout_keep_alive=30,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield Live(f"http://127.0.0.1:{port}", ctx, admin.make_platform_token(ctx, "web"))
    finally:
        server.should_exit = True
        thread.join(timeout=10)


class DropProxy:
    """Forwards each request to the server, waits until the server starts answering (so it
    has committed), then closes the client's connection without passing the answer on."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.forwarded = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._one, args=(client,), daemon=True).start()

    def _one(self, client: socket.socket) -> None:
        with client, socket.create_connection(("127.0.0.1", self.upstream_port)) as up:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = client.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            while len(body) < length:
                body += client.recv(65536)
            up.sendall(head + b"\r\n\r\n" + body)
            up.settimeout(30)
            up.recv(1)  # the server answers only after its transaction committed
            self.forwarded += 1
            client.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.sock.close()
