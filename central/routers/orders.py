from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from central.deps import Ctx, Terminal, errors, idempotent_put, with_status
from central.errors import ApiError
from central.services import exchanges, orders, refunds, reprints
from sync.protocol.common import ErrorReply
from sync.protocol.orders import (
    ExchangeReply,
    ExchangeUpload,
    OrderBatchReply,
    OrderBatchResult,
    OrderBatchUpload,
    OrderReply,
    OrderUpload,
    RefundReply,
    RefundUpload,
    ReprintReply,
    ReprintUpload,
)

router = APIRouter(tags=["orders"])


@router.put(
    "/orders/{order_id}",
    response_model=OrderReply,
    responses={201: {"model": OrderReply}, **errors(401, 409)},
)
def put_order(order_id: UUID, up: OrderUpload, caller: Terminal, ctx: Ctx) -> Response:
    """Upload a sale. 201 when accepted now, 200 with the stored reply on a retry."""
    status, reply = orders.put_order(ctx, caller, order_id, up)
    # Already a validated OrderReply: serialise it once, skipping FastAPI's re-validation.
    return Response(reply.model_dump_json(), status_code=status, media_type="application/json")


@router.post(
    "/order-batches",
    response_model=OrderBatchReply,
    responses=errors(401),
)
def post_order_batch(up: OrderBatchUpload, caller: Terminal, ctx: Ctx) -> Response:
    """Upload sales in bulk (a drain after reconnect): each order is accepted or refused on
    its own, exactly as by ``PUT /v1/orders/{order_id}``, and keeps its own idempotency by
    UUID and payload. Always 200 for a well-formed batch: the outcomes are per order."""
    results = []
    for item, (status, outcome) in zip(
        up.orders, orders.put_order_batch(ctx, caller, [(i.order_id, i.order) for i in up.orders]),
        strict=True,
    ):
        if isinstance(outcome, ApiError):
            error = ErrorReply(reason=outcome.reason, message=outcome.message, details=outcome.details)
            results.append(OrderBatchResult(order_id=item.order_id, status=status, error=error))
        else:
            results.append(OrderBatchResult(order_id=item.order_id, status=status, order=outcome))
    return Response(OrderBatchReply(results=results).model_dump_json(), media_type="application/json")


@idempotent_put(router, "/refunds/{refund_id}", RefundReply, 401, 404, 409)
def put_refund(
    refund_id: UUID, up: RefundUpload, caller: Terminal, ctx: Ctx, response: Response
) -> RefundReply:
    return with_status(response, refunds.put_refund(ctx, caller, refund_id, up))


@idempotent_put(router, "/exchanges/{exchange_id}", ExchangeReply, 401, 404, 409)
def put_exchange(
    exchange_id: UUID, up: ExchangeUpload, caller: Terminal, ctx: Ctx, response: Response
) -> ExchangeReply:
    return with_status(response, exchanges.put_exchange(ctx, caller, exchange_id, up))


@idempotent_put(router, "/reprints/{reprint_id}", ReprintReply, 401, 404, 409)
def put_reprint(
    reprint_id: UUID, up: ReprintUpload, caller: Terminal, ctx: Ctx, response: Response
) -> ReprintReply:
    """Replace a printed ticket's code: the old one is revoked (reason ``reprint``)."""
    return with_status(response, reprints.put_reprint(ctx, caller, reprint_id, up))
