"""The gateway on loopback in a background thread: for the tests' fixture and the demo."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import uvicorn

from paygate.app import create_app
from paygate.ledger import BEIJING, Ledger
from paygate.merchants import MerchantFiles, ensure_merchant

DEMO_MERCHANT = "demo"


@dataclass
class RunningGateway:
    base: str  # http://127.0.0.1:PORT
    data_dir: Path
    ledger: Ledger
    demo: MerchantFiles  # the demo merchant's credentials (``demo.credentials_file``)
    clock: Callable[[], datetime]

    def ledger_day(self) -> date:
        """Today at the gateway (Beijing time): the day its statements are dated by."""
        return self.clock().astimezone(BEIJING).date()

    def merchant(self, name: str) -> MerchantFiles:
        """Another merchant (made on first use), e.g. to prove one cannot see another's trades."""
        return ensure_merchant(self.ledger, self.data_dir, name, base_url=self.base)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running_gateway(data_dir: Path, *, port: int = 0, slow_seconds: float = 3.0, confirm_queries: int = 2,
                    confirm_seconds: float = 30.0, clock: Callable[[], datetime] | None = None,
                    ) -> Iterator[RunningGateway]:
    """The gateway on 127.0.0.1 (``port`` 0: a free one) until the block ends."""
    app = create_app(data_dir=data_dir, slow_seconds=slow_seconds, confirm_queries=confirm_queries,
                     confirm_seconds=confirm_seconds, clock=clock)
    port = port or free_port()
    # A slow scenario's reply still sleeping when the block ends is cut short: its client
    # gave up long ago, and nobody should wait for it to stop.
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           timeout_graceful_shutdown=1))
    thread = threading.Thread(target=server.run, name="paygate", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            raise RuntimeError("the local wallet gateway did not start")
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    ledger: Ledger = app.state.gateway.ledger
    try:
        yield RunningGateway(base, data_dir, ledger, ensure_merchant(ledger, data_dir, DEMO_MERCHANT, base_url=base),
                             app.state.gateway.clock)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        ledger.close()
