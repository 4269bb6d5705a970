"""The real local wallet gateway (``paygate``) on loopback in a thread, and providers wired to it.

Fixtures for any test that pays by WeChat or Alipay:

* ``wallet_gateway``: a :class:`LiveGateway` (base URL, data dir, the ledger, the demo
  merchant's credential files; ``merchant(name)`` adds another merchant).
* ``alipay_provider`` / ``wechat_provider``: providers of the demo merchant, 4 s timeout
  (the gateway's slow reply comes after 8 s).
* The demo codes: ``paygate.democodes`` (``WECHAT[Scenario.X]``, ``ALIPAY[Scenario.X]``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from paygate.merchants import MerchantFiles
from paygate.server import RunningGateway, running_gateway
from payments.alipay import AlipayProvider
from payments.wechat import WeChatProvider

# The providers' timeout in tests: a loaded CI machine (the gateway shares the tests' process)
# took over 1 s to answer a plain refusal once, which read as "no reply".
CLIENT_TIMEOUT = 4.0
SLOW_SECONDS = 8.0  # how late the gateway's slow scenario answers: well past the timeout


LiveGateway = RunningGateway  # the fixture's type


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


def live_gateway(data_dir: Path, *, slow_seconds: float = SLOW_SECONDS, confirm_queries: int = 2,
                 clock: Callable[[], datetime] | None = None) -> AbstractContextManager[RunningGateway]:
    """``clock``: the gateway's time (trades and bills are dated by it), for a store's fixed day."""
    return running_gateway(data_dir, slow_seconds=slow_seconds, confirm_queries=confirm_queries, clock=clock)


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
