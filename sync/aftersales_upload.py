"""How the relay sends voids, exchanges and offline pickups (kept out of relay.py's loop)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sync.protocol.aftersales import VoidReply, VoidUpload
from sync.protocol.online import PickupReply, PickupRequest
from sync.protocol.orders import ExchangeReply, ExchangeUpload
from sync.transport import CentralClient

AFTERSALES_KINDS = frozenset({"void", "exchange", "pickup"})


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
    from sync.relay import order_upload  # the relay owns the order mapping

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


def send_aftersales(client: CentralClient, kind: str, message_id: str, payload: dict[str, Any]) -> None:
    if kind == "void":
        client.put(f"/voids/{message_id}", void_upload(payload), VoidReply)
    elif kind == "exchange":
        client.put(f"/exchanges/{message_id}", exchange_upload(payload), ExchangeReply)
    elif kind == "pickup":
        client.put(f"/pickups/{message_id}", pickup_upload(payload), PickupReply)
    else:  # pragma: no cover - AFTERSALES_KINDS guards the call
        raise ValueError(kind)
