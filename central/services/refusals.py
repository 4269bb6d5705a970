"""A refused outlet order never enters (invariant 1): its codes go on the revocation feed in
the same breath as the refusal, and the order id stays refused.

An offline sale has been paid and printed before central sees it; when central refuses it
(a seat taken meanwhile, a cap, the credit limit, a bad code), every door of the venue must
refuse its codes at its next sync, and a retry of the same order must not make them valid
later. Only what the refused payload itself claims is revoked, and only what this terminal
signed: codes signed by another key, and ticket ids central already holds for an accepted
order (a replay with a changed payload), are left alone, so that a terminal cannot revoke
other people's tickets by uploading them in a bad order."""

from __future__ import annotations

import logging
from typing import cast
from uuid import UUID

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.errors import ApiError, unprocessable
from central.models import Order, Revocation, Ticket
from central.models_refusals import RefusedOrder
from central.services.common import bump
from sync.protocol.orders import OrderUpload

log = logging.getLogger(__name__)
# Refusals about the order itself. Not 401/403/429 (about the caller or the rate), not 5xx.
REFUSAL_STATUSES = frozenset({409, 422})
REASON = "refused"  # on the revocation feed; doors say ``refused_by_central``


REFUSED = cast(Table, RefusedOrder.__table__)
_REFUSED = select(REFUSED.c.reason).where(REFUSED.c.id == bindparam("b_id"),
                                          REFUSED.c.terminal_id == bindparam("b_terminal"))


def check_not_refused(s: Session, caller: Caller, order_id: UUID) -> None:
    """An order id refused once is refused for good (for its terminal), with its first reason."""
    row = s.connection().execute(_REFUSED, {"b_id": str(order_id), "b_terminal": caller.terminal_id}).first()
    if row is not None:
        raise unprocessable(
            "order_refused",
            f"this order was refused ({row.reason}) and its tickets revoked: it cannot be taken now",
            first_reason=row.reason,
        )


def record_refusal(ctx: Central, caller: Caller, order_id: UUID, up: OrderUpload, exc: ApiError) -> int:
    """After ``exc`` refused the order (its own transaction rolled back): remember the
    refusal and revoke its codes, in one transaction. Returns the codes revoked."""
    if exc.status not in REFUSAL_STATUSES or exc.reason == "order_refused":
        return 0

    def tx(s: Session) -> int:
        if s.get(RefusedOrder, (str(order_id), caller.terminal_id)) is not None:
            return 0
        # The id names an order central took (the same terminal with a changed payload, or
        # another terminal's id): that order stands and its replay still answers; only codes
        # of this payload that central does not hold are revoked below.
        accepted = s.get(Order, str(order_id)) is not None
        now = ctx.now()
        mine = {t.ticket_id: t for t in up.tickets if t.key_id == caller.key_id}
        ids = sorted(mine)
        held = set(s.scalars(select(Ticket.id).where(Ticket.id.in_(ids)))) if ids else set()
        gone = set(s.scalars(select(Revocation.ticket_id).where(Revocation.ticket_id.in_(ids)))) if ids else set()
        revoke = [mine[i] for i in ids if i not in held and i not in gone]
        if not accepted:
            s.add(RefusedOrder(id=str(order_id), terminal_id=caller.terminal_id, outlet_id=caller.outlet_id,
                               reason=exc.reason[:40], message=exc.message[:400], tickets=len(revoke),
                               refused_at=now))
        if revoke:
            seq = bump(s, "revocations", len(revoke))  # last: its row lock orders the feed
            for i, t in enumerate(revoke):
                s.add(Revocation(seq=seq + i, ticket_id=t.ticket_id, code=t.code,
                                 performance_id=t.performance_id, reason=REASON, revoked_at=now))
        s.flush()
        return len(revoke)

    revoked = ctx.db.run(tx)
    log.info("order %s refused (%s): %d code(s) revoked", order_id, exc.reason, revoked)
    return revoked
