"""The real local wallet gateway (``paygate``) on loopback in a thread, and providers wired to it.

Fixtures for any test that pays by WeChat or Alipay:

* ``wallet_gateway``: a :class:`LiveGateway` (base URL, data dir, the ledger, the demo
  merchant's credential files; ``merchant(name)`` adds another merchant).
* ``alipay_provider`` / ``wechat_provider``: providers of the demo merchant, 1 s timeout
  (the gateway's slow reply comes after 3 s).
* The demo codes: ``paygate.democodes`` (``WECHAT[Scenario.X]``, ``ALIPAY[Scenario.X]``).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from paygate.app import create_app
from paygate.ledger import BEIJING, Ledger
from paygate.merchants import MerchantFiles, ensure_merchant
from payments.alipay import AlipayProvider
from payments.wechat import WeChatProvider

CLIENT_TIMEOUT = 1.0  # the providers' timeout in tests
SLOW_SECONDS = 3.0  # how late the gateway's slow scenario answers: well past the timeout


@dataclass
class LiveGateway:
    base: str
    data_dir: Path
    ledger: Ledger
    demo: MerchantFiles
    clock: Callable[[], datetime]

    def ledger_day(self) -> date:
        """Today at the gateway (Beijing time): the day its statements are dated by."""
        return self.clock().astimezone(BEIJING).date()

    def merchant(self, name: str) -> MerchantFiles:
        return ensure_merchant(self.ledger, self.data_dir, name, base_url=self.base)


def alipay_for(files: MerchantFiles, *, timeout: float = CLIENT_TIMEOUT, **overrides: Any) -> AlipayProvider:
    args: dict[str, Any] = {
        "app_id": files.alipay_app_id,
        "private_key_pem": files.alipay_private_key_file.read_text(),
        "alipay_public_key_pem": files.alipay_public_key_file.read_text(),
        "gateway": files.alipay_gateway,
        "timeout": timeout,
    }
    return AlipayProvider(**(args | overrides))


def wechat_for(files: MerchantFiles, *, timeout: float = CLIENT_TIMEOUT, **overrides: Any) -> WeChatProvider:
    args: dict[str, Any] = {
        "mch_id": files.wechat_mch_id,
        "app_id": files.wechat_app_id,
        "api_key": files.wechat_api_key_file.read_text().strip(),
        "gateway": files.wechat_gateway,
        "timeout": timeout,
    }
    return WeChatProvider(**(args | overrides))


@contextmanager
def live_gateway(data_dir: Path, *, slow_seconds: float = SLOW_SECONDS, confirm_queries: int = 2,
                 clock: Callable[[], datetime] | None = None) -> Iterator[LiveGateway]:
    """``clock``: the gateway's time (trades and bills are dated by it), for a store's fixed day."""
    app = create_app(data_dir=data_dir, slow_seconds=slow_seconds, confirm_queries=confirm_queries, clock=clock)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="paygate", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the local wallet gateway did not start")
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    ledger: Ledger = app.state.gateway.ledger
    try:
        yield LiveGateway(base, data_dir, ledger, ensure_merchant(ledger, data_dir, "demo", base_url=base),
                          app.state.gateway.clock)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        ledger.close()


@pytest.fixture
def wallet_gateway(tmp_path: Path) -> Iterator[LiveGateway]:
    with live_gateway(tmp_path / "paygate") as gateway:
        yield gateway


@pytest.fixture
def alipay_provider(wallet_gateway: LiveGateway) -> AlipayProvider:
    return alipay_for(wallet_gateway.demo)


@pytest.fixture
def wechat_provider(wallet_gateway: LiveGateway) -> WeChatProvider:
    return wechat_for(wallet_gateway.demo)
