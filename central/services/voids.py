"""Voids: a sale undone minutes after it was made, everything paid given back."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.errors import conflict, not_found, unprocessable
from central.models import Order, Refund, Ticket
from central.services import contacts, credit
from central.services.common import digest, serialize
from central.services.refunds import refund_in
from sync.protocol.aftersales import VoidReply, VoidUpload

# The terminal's window is a setting (10 minutes by default); central allows some slack for
# a terminal configured a little longer, but a "void" hours later is a refund.
MAX_VOID_AFTER = timedelta(minutes=30)
MAX_CLOCK_AHEAD = timedelta(minutes=5)


def put_void(ctx: Central, caller: Caller, void_id: UUID, up: VoidUpload) -> tuple[int, VoidReply]:
    d = digest(up)

    def tx(s: Session) -> tuple[int, VoidReply]:
        serialize(s, f"put:{void_id}")
        existing = s.get(Refund, str(void_id))
        if existing is not None:
            if existing.terminal_id != caller.terminal_id or existing.digest != d or existing.kind != "void":
                raise conflict("void id already used with a different payload")
            return 200, VoidReply.model_validate(existing.reply)
        now = ctx.now()
        order = s.get(Order, str(up.order_id))
        if order is None or order.kind != "outlet" or order.outlet_id != caller.outlet_id:
            raise not_found(f"order {up.order_id}")
        if up.voided_at > now + MAX_CLOCK_AHEAD:
            raise unprocessable("invalid_request", "voided_at is in the future", server_time=now.isoformat())
        # Judged by central's clock: the void's time is its arrival unless the terminal was out
        # of contact when it says it voided (see ``contacts``).
        judged = contacts.judged_time(s, caller.terminal_id, up.voided_at, now)
        if judged - order.sold_at > MAX_VOID_AFTER or up.voided_at < order.sold_at:
            raise unprocessable("void_window_closed", "a void is for a sale minutes old: refund it instead",
                                sold_at=order.sold_at.isoformat(), judged_at=judged.isoformat())
        all_ids = set(s.scalars(select(Ticket.id).where(Ticket.order_id == order.id)))
        if set(up.ticket_ids) != all_ids:
            raise unprocessable("ticket_not_refundable", "a void covers every ticket of the order")
        refund = refund_in(s, ctx, caller, void_id, up.order_id, up.ticket_ids, up.amount, up.voided_at, d,
                           kind="void", window=False)
        # refund_in gave back the tickets' prices; the fees (and their commission) go back too.
        row = s.get(Refund, str(void_id))
        assert row is not None
        fees_back = (order.total - order.commission) - (up.amount - row.commission)
        credit.charge(s, caller.outlet_id, -fees_back, enforce=False)
        # The whole order is undone: its fees and all of its commission go back (the ledger).
        row.fees, row.commission = order.total - up.amount, order.commission
        reply = VoidReply(void_id=void_id, order_id=up.order_id, ticket_ids=refund.ticket_ids,
                          amount=up.amount, total=order.total, accepted_at=now)
        row.reply = reply.model_dump(mode="json")
        s.flush()
        return 201, reply

    return ctx.db.run(tx)
