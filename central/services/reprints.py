"""Reprints: a ticket that did print is replaced by a new code at the terminal.

The old ticket is revoked (reason ``reprint``, into the revocations feed for the doors) and
the new one takes its seat or standing place at the same price, in one transaction,
idempotently by the terminal's reprint UUID.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.errors import conflict, not_found, unprocessable
from central.models import Order, Reprint, Revocation, Ticket
from central.services import order_codes
from central.services.common import bump, digest, serialize
from central.services.inventory import FeedWriter, lock_seats
from central.services.keylife import check_codes
from sync.protocol.orders import IssuedTicket, ReprintReply, ReprintUpload


def put_reprint(
    ctx: Central, caller: Caller, reprint_id: UUID, up: ReprintUpload
) -> tuple[int, ReprintReply]:
    d = digest(up)

    def tx(s: Session) -> tuple[int, ReprintReply]:
        serialize(s, f"put:{reprint_id}")
        existing = s.get(Reprint, str(reprint_id))
        if existing is not None:
            if existing.terminal_id != caller.terminal_id or existing.digest != d:
                raise conflict("reprint id already used with a different payload")
            return 200, ReprintReply.model_validate(existing.reply)
        return 201, _reprint(s, ctx, caller, reprint_id, up, d)

    return ctx.db.run(tx)


def _reprint(
    s: Session, ctx: Central, caller: Caller, reprint_id: UUID, up: ReprintUpload, d: str
) -> ReprintReply:
    now = ctx.now()
    order = s.scalars(select(Order).where(Order.id == str(up.order_id)).with_for_update()).first()
    if order is None or order.kind != "outlet" or order.outlet_id != caller.outlet_id:
        raise not_found(f"order {up.order_id}")
    old = s.scalars(
        select(Ticket).where(Ticket.id == up.revoked_ticket_id, Ticket.order_id == order.id).with_for_update()
    ).first()
    if old is None:
        raise not_found(f"ticket {up.revoked_ticket_id} of order {up.order_id}")
    if old.status != "valid":
        raise unprocessable("ticket_not_refundable", "the ticket is no longer valid", ticket_id=old.id)
    new = up.ticket
    same = (
        new.performance_id == old.performance_id
        and new.seat_id == old.seat_id
        and new.area_id == old.area_id
        and new.concession == old.concession
        and new.price == old.price
    )
    if not same:
        raise unprocessable(
            "invalid_request", "a reprint keeps the seat, concession and price of the old ticket"
        )
    if new.key_id != caller.key_id:
        raise unprocessable("key_unknown", "the new code must be signed with this terminal's key")
    check_codes(s, [(new.ticket_id, new.code)], sandbox=ctx.sandbox)
    order_codes.check_lines(s, caller, [new], version=ctx.code_version)  # this terminal's, for this line
    if s.get(Ticket, new.ticket_id) is not None:
        raise unprocessable("ticket_id_taken", f"ticket id {new.ticket_id} is taken")
    if s.scalars(select(Ticket.id).where(Ticket.code == new.code)).first() is not None:
        raise unprocessable("ticket_code_taken", "that ticket code is taken")
    old.status, old.revoked_at = "revoked", now
    s.flush()  # the old ticket gives up its seat before the new one takes it
    s.add(
        Ticket(
            id=new.ticket_id,
            order_id=order.id,
            performance_id=old.performance_id,
            seat_id=old.seat_id,
            area_id=old.area_id,
            concession=old.concession,
            price=old.price,
            code=new.code,
            key_id=new.key_id,
            status="valid",
            outlet_id=old.outlet_id,
            source=old.source,
            revoked_at=None,
        )
    )
    if old.seat_id:
        feed = FeedWriter()
        row = lock_seats(s, old.performance_id, [old.seat_id])[old.seat_id]
        if row.ticket_id == old.id:
            row.ticket_id = new.ticket_id
            feed.seat(row)
        feed.flush(s)
    seq = bump(s, "revocations", 1)
    s.add(
        Revocation(
            seq=seq,
            ticket_id=old.id,
            code=old.code,
            performance_id=old.performance_id,
            reason="reprint",
            revoked_at=now,
        )
    )
    reply = ReprintReply(
        reprint_id=reprint_id,
        order_id=up.order_id,
        revoked_ticket_id=old.id,
        ticket=IssuedTicket(
            ticket_id=new.ticket_id,
            performance_id=old.performance_id,
            seat_id=old.seat_id,
            area_id=old.area_id,
            concession=old.concession,
            price=old.price,
            code=new.code,
            key_id=new.key_id,
        ),
        accepted_at=now,
    )
    s.add(
        Reprint(
            id=str(reprint_id),
            order_id=order.id,
            terminal_id=caller.terminal_id,
            old_ticket_id=old.id,
            new_ticket_id=new.ticket_id,
            digest=d,
            reply=reply.model_dump(mode="json"),
            reprinted_at=up.reprinted_at,
            accepted_at=now,
        )
    )
    s.flush()
    return reply
