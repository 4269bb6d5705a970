"""The demo's wallets (issue 19): the local wallet gateway (``paygate``) on loopback beside the
demo central, the terminal set up for its demo merchant, and a sale paid by scanning a demo
payment code, so a newcomer sees mobile payment work end to end."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from poscli.base import Ctx

DEMO_PAYGATE_PORT = 8766
_running: list[Any] = []  # the demo's gateway while it runs (the terminal is set up once it exists)


@contextmanager
def demo_wallets(ctx: Ctx, say: Callable[[str], None], port: int = DEMO_PAYGATE_PORT) -> Iterator[Any]:
    """The gateway on 127.0.0.1:``port`` (data beside the terminal's), both wallets set up."""
    import socket

    from paygate.server import running_gateway

    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            port = 0  # another demo's gateway: this one takes a free port
    folder = ctx.data_dir.with_name(ctx.data_dir.name + "-paygate")
    with running_gateway(folder, port=port) as gateway:
        say(f"wallet gateway: serving {gateway.base} (WeChat Pay and Alipay, demo merchant; data in {folder})")
        say(codes_hint())
        _running.append(gateway)
        try:
            yield gateway
        finally:
            _running.remove(gateway)


def codes_hint() -> str:
    from paygate.democodes import ALIPAY, WECHAT, Scenario

    return (
        f"demo payment codes: WeChat {WECHAT[Scenario.SUCCESS]} · Alipay {ALIPAY[Scenario.SUCCESS]} "
        f"(customer confirms: {WECHAT[Scenario.CONFIRM_THEN_PAID]}; balance too low: {WECHAT[Scenario.NOT_ENOUGH]})"
    )


def wallet_sale(ctx: Ctx, store: Any, clerk: Any, performance_id: str, say: Callable[[str], None]) -> None:
    """One standing-or-seat ticket paid by scanning the WeChat demo code."""
    from paygate.democodes import WECHAT, Scenario
    from payments.config import configured_providers, setup_from_credentials
    from pos.catalog.cache import free_allocated_seats
    from pos.payments.checkout import sell_by_wallet
    from pos.sales import CartItem, quote
    from pos.terminal.identity import load_signer, terminal_info
    from sync.online import hold_gateway

    if not _running:
        return  # no demo gateway (a script calling run_demo): cash only
    # The terminal exists now: set up both wallets for the gateway's demo merchant (again on
    # each run: the gateway's port may differ).
    setup_from_credentials(data_dir=ctx.data_dir, credentials_file=_running[-1].demo.credentials_file)
    wallets = configured_providers(data_dir=ctx.data_dir)
    info = terminal_info(store)
    seats = free_allocated_seats(store, performance_id=performance_id, outlet_id=info.outlet_id, limit=1)
    if not seats:
        return
    items = [CartItem("adult", seat_id=seats[0])]
    total = quote(store, performance_id=performance_id, items=items).breakdown.total
    with hold_gateway(store) as gateway:
        result = sell_by_wallet(
            store, wallets=wallets, auth_code=WECHAT[Scenario.SUCCESS], amount=total, gateway=gateway,
            performance_id=performance_id, items=items, actor=clerk, signer=load_signer(store),
        )
    (paid,) = [t for t in result.settlement.tenders if t.kind == "mobile"]
    say(f"sold {result.order_number} by WeChat Pay: {total.format()}, transaction {paid.reference}")
