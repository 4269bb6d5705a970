"""Outlet orders, one by one or in batches: idempotent by the terminal's UUID.

A replay with the same canonical payload answers the stored reply; the same UUID with a
different payload is a 409. Everything an order changes (seats, quotas, holds, credit,
tickets, the seat feed) commits in one transaction or not at all. The checks of one order
are ``order_accept``'s; refunds and exchanges have their own modules.
"""

from __future__ import annotations

import logging
from typing import Any, cast
from uuid import UUID

from sqlalchemy import Table, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.errors import ApiError, conflict, unprocessable
from central.models import Order
from central.models_refusals import RefusedOrder
from central.services import order_payments
from central.services.common import digest, serialize
from central.services.holds import sweep_performance
from central.services.order_accept import Batch, accept_order
from central.services.order_take import Replan
from central.services.refusals import check_not_refused, record_refusal
from sync.protocol.orders import OrderReply, OrderUpload

log = logging.getLogger(__name__)
ORDERS = cast(Table, Order.__table__)
# Built once: a statement built per call costs more CPU (construction, cache key) than running it.
_REPLAY = select(ORDERS.c.kind, ORDERS.c.terminal_id, ORDERS.c.digest, ORDERS.c.reply).where(
    ORDERS.c.id == bindparam("b_id"))
_REPLAYS = select(ORDERS.c.id, ORDERS.c.kind, ORDERS.c.terminal_id, ORDERS.c.digest, ORDERS.c.reply).where(
    ORDERS.c.id.in_(bindparam("b_ids", expanding=True)))


def put_order(ctx: Central, caller: Caller, order_id: UUID, up: OrderUpload) -> tuple[int, OrderReply]:
    """Take one order; a refusal revokes its codes at once (``refusals``)."""
    try:
        return _put_order(ctx, caller, order_id, up)
    except ApiError as exc:
        record_refusal(ctx, caller, order_id, up, exc)
        raise


def _put_order(ctx: Central, caller: Caller, order_id: UUID, up: OrderUpload) -> tuple[int, OrderReply]:
    d = digest(up)
    for pid in sorted({t.performance_id for t in up.tickets}):
        sweep_performance(ctx, pid)

    # No look-up of the order id first: a replay is rare (a reply lost on the way) and fails
    # on its own seats, holds or ids, so the stored order is looked for only after a refusal,
    # in the same transaction, which is then rolled back whatever the attempt wrote.
    def tx(s: Session) -> tuple[int, OrderReply]:
        serialize(s, f"put:{order_id}")
        try:
            check_not_refused(s, caller, order_id)
            return 201, accept_order(s, ctx, caller, order_id, up, d)
        except ApiError:
            stored = _replay_order(s, caller, order_id, d)
            if stored is None:
                raise
            raise _Replayed(stored) from None

    try:
        return ctx.db.run(tx)
    except _Replayed as replayed:
        return 200, replayed.reply
    except IntegrityError:
        # Either this order committed meanwhile (a replay), or its ticket ids clash.
        stored = ctx.db.run(lambda s: _replay_order(s, caller, order_id, d))
        if stored is None:
            ctx.db.run(lambda s: order_payments.check(s, order_id, up))  # a wallet trade taken meanwhile
            raise unprocessable(
                "ticket_id_taken",
                "a ticket id, ticket code or wallet transaction of this order is already in use",
            ) from None
        return 200, stored


class _Replayed(Exception):
    """The order was stored before: answer its reply, and roll back the attempt."""

    def __init__(self, reply: OrderReply) -> None:
        super().__init__("replay")
        self.reply = reply


def _replay_order(s: Session, caller: Caller, order_id: UUID, d: str) -> OrderReply | None:
    existing = s.connection().execute(_REPLAY, {"b_id": str(order_id)}).first()
    if existing is None:
        return None
    return _stored_reply(existing, caller, order_id, d)


def _stored_reply(existing: Any, caller: Caller, order_id: UUID, d: str) -> OrderReply:
    if existing.kind != "outlet" or existing.terminal_id != caller.terminal_id or existing.digest != d:
        raise conflict("order id already used with a different payload", order_id=str(order_id))
    return OrderReply.model_validate(existing.reply)


# ---------------------------------------------------------------- order batches

BatchResult = tuple[int, OrderReply | ApiError]


def put_order_batch(
    ctx: Central, caller: Caller, items: list[tuple[UUID, OrderUpload]]
) -> list[BatchResult]:
    """Orders in sequence, each with the outcome ``put_order`` would give it alone.

    The usual batch (a drain after reconnect: every order good, or a replay) goes in one
    transaction: one commit, one feed stamp per performance, one insert of all orders and of
    all tickets. If any order is refused, clashes or touches a seat an earlier order of the
    batch changed, that transaction is rolled back whole and the orders are taken one by one,
    each in its own transaction, so that a refusal never fails the others."""
    digests = [digest(up) for _, up in items]
    for pid in sorted({t.performance_id for _, up in items for t in up.tickets}):
        sweep_performance(ctx, pid)

    def together(s: Session) -> list[BatchResult]:
        ids = [str(oid) for oid, _ in items]
        stored = {r.id: r for r in s.connection().execute(_REPLAYS, {"b_ids": ids})}
        refused = select(RefusedOrder.id).where(RefusedOrder.id.in_(ids),
                                                RefusedOrder.terminal_id == caller.terminal_id)
        if s.scalars(refused).first() is not None:
            raise unprocessable("order_refused", "the batch names a refused order")  # one by one, below
        batch = Batch()
        batch.lock_seats(s, [(oid, up) for oid, up in items if str(oid) not in stored])
        out: list[BatchResult] = []
        for (oid, up), d in zip(items, digests, strict=True):
            existing = stored.get(str(oid))
            if existing is not None:
                try:
                    out.append((200, _stored_reply(existing, caller, oid, d)))
                except ApiError as exc:  # a conflict changes nothing: the others go on
                    out.append((exc.status, exc))
                continue
            out.append((201, accept_order(s, ctx, caller, oid, up, d, batch=batch)))
        batch.flush(s)
        return out

    try:
        return ctx.db.run(together)
    except (ApiError, IntegrityError, Replan) as exc:
        log.info("order batch of %d taken one by one: %s", len(items), exc)
    results: list[BatchResult] = []
    for oid, up in items:
        try:
            results.append(put_order(ctx, caller, oid, up))
        except ApiError as exc:
            results.append((exc.status, exc))
    return results
