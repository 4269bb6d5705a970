"""The local wallet gateway: Alipay's OpenAPI and WeChat Pay's v2 payment-code API on loopback.

For tests and the demo only: no real money, no real wallet. It answers as the vendors'
documentation says (endpoints, request and reply shapes, signatures checked both ways) and
plays the state the payment code asks for (``paygate.democodes``). Its books are a SQLite
file in its data folder, so a restart keeps every trade.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI, Request

from paygate.ledger import Ledger
from paygate.merchants import gateway_key, private_dir

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]],
                   Awaitable[None]]


@dataclass
class Gateway:
    data_dir: Path
    ledger: Ledger
    alipay_key: rsa.RSAPrivateKey
    slow_seconds: float
    clock: Callable[[], datetime]
    # Signs the "forged" replies: a key that is not the gateway's (made per process).
    impostor_key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048))
    impostor_api_key: str = field(default_factory=lambda: secrets.token_hex(16))
    bill_links: dict[str, tuple[str, str]] = field(default_factory=dict)  # token -> (merchant, day)

    def now(self) -> datetime:
        return self.clock()


def gateway_of(request: Request) -> Gateway:
    gateway: Gateway = request.app.state.gateway
    return gateway


def drop_reply(request: Request) -> None:
    """Lose this reply: the connection is cut where the reply would start (the money moved)."""
    request.scope["paygate"]["drop"] = True


async def slow_reply(request: Request) -> None:
    """Answer later than any sensible client timeout (the money moved meanwhile)."""
    await asyncio.sleep(gateway_of(request).slow_seconds)


class ReplyDropper:
    """Outermost ASGI layer: cuts the TCP connection instead of sending a reply a handler
    marked as lost. uvicorn's ``send`` is a method of the connection's request cycle, whose
    ``transport`` is the socket; aborting it is what a lost reply looks like to the client.
    Where that is not reachable the reply is refused with an error instead (still no answer
    the client can take as a result)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Callable[[], Awaitable[Message]],
                       send: Callable[[Message], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        holder = {"drop": False}
        scope["paygate"] = holder
        dropped = False

        async def guarded(message: Message) -> None:
            nonlocal dropped
            if message["type"] == "http.response.start" and holder["drop"]:
                dropped = True
                transport = getattr(getattr(send, "__self__", None), "transport", None)
                if transport is None:
                    raise ConnectionAbortedError("paygate: reply dropped on purpose")
                log.info("paygate: dropping the reply to %s on purpose", scope.get("path"))
                transport.abort()
                await asyncio.sleep(0)
                return
            if not dropped:
                await send(message)

        await self.app(scope, receive, guarded)


def create_app(
    *,
    data_dir: Path,
    confirm_queries: int = 2,
    confirm_seconds: float = 30.0,
    slow_seconds: float = 5.0,
    clock: Callable[[], datetime] | None = None,
) -> Any:
    """The gateway app (an ASGI callable for uvicorn). ``confirm_queries``/``confirm_seconds``:
    when a USERPAYING customer "confirms" (whichever comes first); ``slow_seconds``: how late
    the slow scenario answers."""
    from paygate import alipay_api, wechat_api

    private_dir(data_dir)
    ledger = Ledger(data_dir / "paygate.sqlite", confirm_queries=confirm_queries, confirm_seconds=confirm_seconds)
    app = FastAPI(title="Outlet POS local wallet gateway", version="1", docs_url=None, redoc_url=None)
    app.state.gateway = Gateway(
        data_dir=data_dir,
        ledger=ledger,
        alipay_key=gateway_key(data_dir),
        slow_seconds=slow_seconds,
        clock=clock or (lambda: datetime.now(UTC)),
    )
    app.include_router(alipay_api.router)
    app.include_router(wechat_api.router)
    wrapped = ReplyDropper(app)
    wrapped.state = app.state  # type: ignore[attr-defined]  # tests and the CLI reach the ledger
    return wrapped
