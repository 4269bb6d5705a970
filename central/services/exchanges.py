"""Outlet exchanges: a refund and a new order in one transaction, idempotent by the
terminal's UUID; the new order may be paid with the refunded amount."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.errors import ApiError, conflict
from central.models import Exchange, Order, Refund
from central.services.common import digest, serialize
from central.services.holds import sweep_performance
from central.services.order_accept import accept_order
from central.services.refunds import refund_in
from sync.protocol.orders import ExchangeReply, ExchangeUpload


def put_exchange(
    ctx: Central, caller: Caller, exchange_id: UUID, up: ExchangeUpload
) -> tuple[int, ExchangeReply]:
    d = digest(up)
    for pid in sorted({t.performance_id for t in up.new_order.tickets}):
        sweep_performance(ctx, pid)

    def tx(s: Session) -> tuple[int, ExchangeReply]:
        serialize(s, f"put:{exchange_id}")
        existing = s.get(Exchange, str(exchange_id))
        if existing is not None:
            if existing.terminal_id != caller.terminal_id or existing.digest != d:
                raise conflict("exchange id already used with a different payload")
            return 200, ExchangeReply.model_validate(existing.reply)
        if s.get(Order, str(up.new_order_id)) is not None or s.get(Refund, str(exchange_id)) is not None:
            raise conflict("new_order_id or exchange id already used")
        refund = refund_in(s, ctx, caller, exchange_id, up.order_id, up.old_ticket_ids,
                           up.refund_amount, up.new_order.sold_at, d, kind="exchange",
                           approved=bool(up.approved_by))
        order = accept_order(s, ctx, caller, up.new_order_id, up.new_order, digest(up.new_order),
                             exchange_credit=up.refund_amount)
        reply = ExchangeReply(exchange_id=exchange_id, refund=refund, new_order=order,
                              difference=order.total - refund.amount)
        s.add(Exchange(id=str(exchange_id), terminal_id=caller.terminal_id, digest=d,
                       reply=reply.model_dump(mode="json"), accepted_at=ctx.now()))
        return 201, reply

    try:
        return ctx.db.run(tx)
    except IntegrityError as exc:
        raise ApiError(409, "idempotency_conflict", "exchange clashes with existing data") from exc
