"""The payments of an outlet order as central keeps them (issue 19): checked against the
order and against every other order's, then written with the order's rows.

A wallet payment (a scanned payment code) names its wallet, the gateway's transaction id and
the merchant's trade number; the wire schema already refused a wallet on a tender that is not
mobile, an unknown wallet and oversize ids. Here: the trade number must be this order's own
(the terminal makes it from the order's UUID), and a gateway transaction pays one order only,
so that no terminal can claim the same money twice, or another order's."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast
from uuid import UUID

from sqlalchemy import Table, and_, insert, or_, select
from sqlalchemy.orm import Session

from central.context import Caller
from central.errors import unprocessable
from central.payment_models import OrderPayment
from sync.protocol.orders import OrderUpload

PAYMENTS = cast(Table, OrderPayment.__table__)
INSERT_PAYMENTS = insert(PAYMENTS)


def check(s: Session, order_id: UUID, up: OrderUpload) -> None:
    """Refuse a wallet payment that is not this order's to claim (422, nothing written)."""
    trades = [(p.wallet, p.transaction_id) for p in up.payments if p.wallet is not None]
    if not trades:
        return  # the usual order: no look-up
    if len(set(trades)) != len(trades):
        raise unprocessable("invalid_request", "the order names the same wallet transaction twice")
    own = order_id.hex[:28]
    for p in up.payments:
        if p.out_trade_no is not None and not p.out_trade_no.startswith(own):
            raise unprocessable(
                "invalid_request", "a wallet payment's out_trade_no must be this order's own",
                out_trade_no=p.out_trade_no,
            )
    taken = s.execute(
        select(PAYMENTS.c.wallet, PAYMENTS.c.transaction_id).where(
            or_(*(and_(PAYMENTS.c.wallet == w, PAYMENTS.c.transaction_id == t) for w, t in trades))
        ).limit(1)
    ).first()
    if taken is not None:
        raise unprocessable(
            "wallet_trade_taken", f"{taken.wallet} transaction {taken.transaction_id} already paid another order",
            wallet=taken.wallet, transaction_id=taken.transaction_id,
        )


def rows(caller: Caller, order_id: UUID, up: OrderUpload, sold_at: datetime) -> list[dict[str, Any]]:
    return [
        {"order_id": str(order_id), "outlet_id": caller.outlet_id, "terminal_id": caller.terminal_id,
         "sold_at": sold_at, "method": p.method, "amount": p.amount, "wallet": p.wallet,
         "transaction_id": p.transaction_id, "out_trade_no": p.out_trade_no}
        for p in up.payments
    ]
