"""What the outbox holds, as central takes it: one wire document per message kind, and the
single ``PUT`` of a message by its own UUID (the relay batches orders on top of this).

Pure mapping from the payloads the core writes to ``sync.protocol`` documents: no store."""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from sync.protocol.aftersales import VoidReply, VoidUpload
from sync.protocol.closeouts import CloseoutReply, CloseoutUpload, Totals
from sync.protocol.customers import CustomerNoteReply, CustomerNoteUpload
from sync.protocol.online import PickupReply, PickupRequest
from sync.protocol.orders import (
    WALLET_NAMES,
    ExchangeReply,
    ExchangeUpload,
    OrderReply,
    OrderUpload,
    Payment,
    RefundReply,
    RefundUpload,
    ReprintReply,
    ReprintUpload,
    TicketLine,
)
from sync.transport import CentralClient, CentralRejected

log = logging.getLogger(__name__)
MEMBER_NUMBER = re.compile(r"[A-Z0-9]{4,20}")


def _ticket_line(t: dict[str, Any]) -> TicketLine:
    """A ticket row as the store keeps it, as central takes it (price after promotion)."""
    return TicketLine(
        ticket_id=t["id"],
        performance_id=t["performance_id"],
        seat_id=t["seat_id"],
        area_id=t["area_id"],
        concession=t["concession"],
        price=t["list_price"] - t["discount"],
        promotion_id=t["promotion_id"],
        code=t["code"],
        key_id=t["key_id"],
        holder_name=t.get("holder_name") or None,
        # The number travels only sealed to central (issue 18), never in clear.
        holder_sealed=t.get("holder_sealed") or None,
    )


def order_upload(payload: dict[str, Any]) -> OrderUpload:
    return OrderUpload(
        sold_at=datetime.fromisoformat(payload["created_at"]),
        currency=payload["currency"],
        hold_ids=[payload["hold_id"]] if payload.get("hold_id") else [],
        coupon_code=payload.get("coupon_code"),
        tickets=[_ticket_line(t) for t in payload["tickets"]],
        fees=payload["fee_total"],
        total=payload["total"],
        payments=[_payment(p) for p in payload["payments"]],
        approved_by=payload.get("approver_id"),
        price_overrides=payload.get("price_overrides") or [],
        customer_phone=payload.get("customer_phone") or None,
        order_number=payload.get("number") or None,
        member_number=_member(payload.get("member_number")),
    )


def _payment(p: dict[str, Any]) -> Payment:
    """A tender as central takes it. A mobile payment charged at a wallet's gateway (its
    provider is the wallet, its reference the gateway's transaction id) names the wallet and
    its trade numbers (issue 19); one queued before the trade number was kept goes without it."""
    reference = p["reference"] or None
    if p["kind"] == "mobile" and p.get("provider") in WALLET_NAMES and reference:
        try:
            return Payment(method="mobile", amount=p["amount"], reference=reference, wallet=p["provider"],
                           transaction_id=reference, out_trade_no=p.get("out_trade_no") or None)
        except ValidationError:  # ids central would refuse: the sale still goes up, as before
            log.warning("wallet payment ids not sendable, sent as a plain mobile payment: %r", p)
    return Payment(method=p["kind"], amount=p["amount"], reference=reference)


def _member(number: object) -> str | None:
    """The order's member (issue 22). A free-text number queued before members existed is
    not sent: central would refuse the whole order for its spelling."""
    text = str(number or "").strip().upper()
    return text if MEMBER_NUMBER.fullmatch(text) else None


def refund_upload(payload: dict[str, Any]) -> RefundUpload:
    return RefundUpload(
        order_id=payload["order_id"],
        ticket_ids=payload["ticket_ids"],
        amount=payload.get("ticket_amount", payload["amount"]),
        reason=(payload.get("reason") or "")[:200],
        refunded_at=datetime.fromisoformat(payload["created_at"]),
        approved_by=payload.get("approver_id"),
    )


def reprint_upload(payload: dict[str, Any]) -> ReprintUpload:
    t = payload["ticket"]
    return ReprintUpload(
        order_id=payload["order_id"],
        revoked_ticket_id=payload["revoked_ticket_id"],
        ticket=_ticket_line(t),
        reprinted_at=datetime.fromisoformat(payload["created_at"]),
        approved_by=payload.get("approver_id"),
        note=(payload.get("note") or "")[:200],
    )


def closeout_upload(payload: dict[str, Any]) -> CloseoutUpload:
    return CloseoutUpload(
        business_date=payload["business_date"],
        period_start=datetime.fromisoformat(payload["period_start"]),
        period_end=datetime.fromisoformat(payload["period_end"]),
        totals=Totals(**payload["totals"]),
    )


def void_upload(payload: dict[str, Any]) -> VoidUpload:
    return VoidUpload(
        order_id=payload["order_id"],
        ticket_ids=payload["ticket_ids"],
        amount=payload["ticket_amount"],
        voided_at=datetime.fromisoformat(payload["created_at"]),
        approved_by=payload.get("approver_id"),
        reason=(payload.get("reason") or "")[:200],
    )


def exchange_upload(payload: dict[str, Any]) -> ExchangeUpload:
    return ExchangeUpload(
        order_id=payload["order_id"],
        old_ticket_ids=payload["old_ticket_ids"],
        refund_amount=payload["refund_amount"],
        new_order_id=payload["new_order_id"],
        new_order=order_upload(payload["new_order"]),
        reason=(payload.get("reason") or "")[:200],
        approved_by=payload.get("approver_id"),
    )


def pickup_upload(payload: dict[str, Any]) -> PickupRequest:
    at = payload.get("collected_offline_at")
    return PickupRequest(
        pickup_code=payload["pickup_code"], collected_at=datetime.fromisoformat(at) if at else None
    )


def customer_note_upload(payload: dict[str, Any]) -> CustomerNoteUpload:
    return CustomerNoteUpload(
        phone=payload["phone"],
        kind=payload["kind"],
        text=payload["text"],
        noted_at=datetime.fromisoformat(payload["noted_at"]),
        staff_id=payload["staff_id"],
        order_id=payload.get("order_id"),
    )


# kind -> (path, payload to upload, reply model)
_UPLOADS: dict[str, tuple[str, Any, type[BaseModel]]] = {
    "order": ("/orders/", order_upload, OrderReply),
    "refund": ("/refunds/", refund_upload, RefundReply),
    "void": ("/voids/", void_upload, VoidReply),
    "exchange": ("/exchanges/", exchange_upload, ExchangeReply),
    "pickup": ("/pickups/", pickup_upload, PickupReply),
    "reprint": ("/reprints/", reprint_upload, ReprintReply),
    "closeout": ("/closeouts/", closeout_upload, CloseoutReply),
    "customer_note": ("/customer-notes/", customer_note_upload, CustomerNoteReply),
}


def release_hold(client: CentralClient, payload: dict[str, Any]) -> None:
    """A hold asked for when central stopped answering (the sale went offline instead): let
    it go before the offline order arrives. A hold central never made is nothing to do."""
    from sync.protocol.holds import HoldReply

    try:
        client.delete(f"/holds/{payload['hold_id']}", HoldReply)
    except CentralRejected as exc:
        if exc.status != 404:
            raise


def send_one(client: CentralClient, kind: str, message_id: str, payload: dict[str, Any]) -> BaseModel | None:
    """``PUT`` one message by its UUID and return central's reply; central's refusal raises
    ``CentralRejected``."""
    if kind == "hold_release":
        release_hold(client, payload)
        return None
    if kind not in _UPLOADS:
        raise CentralRejected(0, "unknown_kind", f"the terminal does not know how to send {kind!r}")
    path, upload, reply = _UPLOADS[kind]
    return client.put(f"{path}{message_id}", upload(payload), reply)
