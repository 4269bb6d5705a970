"""``pos payment recover`` and the wallet side of ``pos sell`` (issue 19).

``pos sell --tender mobile:AMOUNT:CODE`` with a scanned payment code (付款码: WeChat 10–15,
Alipay 25–30) charges that wallet before the sale commits (:mod:`pos.payments.checkout`);
a mobile tender with any other reference is a hand-keyed transaction number, as before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import click

from poscli.base import Ctx, handle_errors, open_store, pass_ctx


def wallets(ctx: Ctx) -> Mapping[Any, Any]:
    """The wallets this terminal is set up for (``pos payment setup``)."""
    from payments.config import configured_providers

    return configured_providers(data_dir=ctx.data_dir)


def scanned(tenders: Sequence[Any]) -> Any:
    from pos.payments.wallet import wallet_for_code

    return next((t for t in tenders if t.kind == "mobile" and wallet_for_code(t.reference)), None)


def sell_by_code(ctx: Ctx, store: Any, code: Any, others: Sequence[Any], **sale: Any) -> Any:
    """The sale with its wallet charge; the other tenders (cash, card) settle with it."""
    from pos.payments.checkout import sell_by_wallet

    return sell_by_wallet(
        store, wallets=wallets(ctx), auth_code=code.reference, amount=code.amount,
        tenders=[t for t in others if t is not code], **sale,
    )


def refunds_after(ctx: Ctx, store: Any, reversal_id: str) -> tuple[dict[str, Any], str]:
    """After a refund, void or exchange: its wallet refunds asked for now (JSON, and a line
    saying which stay queued: ``pos payment recover`` sends them later)."""
    from pos.payments import refunds

    if not refunds.queued(store):
        return {}, ""
    sent = refunds.send(store, wallets=wallets(ctx), reversal_id=reversal_id)
    data = {"wallet_refunds": [{"refund_no": o.refund_no, "wallet": o.wallet, "amount": o.amount.amount,
                                "state": o.state} for o in sent]}
    text = "; ".join(
        f"{o.amount.format()} back to {o.wallet}: "
        + ("done" if o.state == "success" else "queued (pos payment recover sends it)" if o.state != "failed"
           else "refused by the wallet, give it back another way")
        for o in sent
    )
    return data, f" [{text}]" if text else ""


@click.command(name="recover")
@click.option("--all", "include_live", is_flag=True,
              help="Also payments whose wait has not run out (only when no sale can be running here).")
@pass_ctx
@handle_errors
def recover(ctx: Ctx, include_live: bool) -> None:
    """Resolve wallet payments a crash left open (committed if paid and the seats are still
    held or allocated, reversed otherwise) and send the refunds queued for a wallet. The app
    does this at start-up."""
    from pos.payments import refunds
    from pos.payments.recovery import recover as do_recover
    from pos.terminal.identity import load_signer

    store = open_store(ctx)
    providers = wallets(ctx)
    gateway = None
    from sync.enrol import central_link

    if central_link(store) is not None:
        from sync.online import CentralHoldGateway

        gateway = CentralHoldGateway(store)
    try:
        done = do_recover(store, wallets=providers, signer=load_signer(store), gateway=gateway,
                          include_live=include_live)
    finally:
        if gateway is not None:
            gateway.close()
    sent = refunds.send(store, wallets=providers)
    out = {
        "payments": [{"out_trade_no": r.out_trade_no, "order_id": r.order_id, "wallet": r.wallet,
                      "outcome": r.outcome, "detail": r.detail} for r in done],
        "refunds": [{"refund_no": o.refund_no, "order_id": o.order_id, "wallet": o.wallet,
                     "amount": o.amount.amount, "state": o.state} for o in sent],
    }
    lines = [f"{r.wallet} {r.out_trade_no}: {r.outcome} {r.detail}".rstrip() for r in done]
    lines += [f"refund {o.refund_no} {o.wallet} {o.amount.format()}: {o.state}" for o in sent]
    ctx.emit(out, "\n".join(lines) or "nothing open, nothing queued")
    if any(r.outcome == "open" for r in done) or any(o.state == "queued" for o in sent):
        raise SystemExit(3)  # something is still waiting for a gateway: run again later
