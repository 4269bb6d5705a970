"""The outbox relay: sends what the terminal did to central, in order, in batches.

Each message is a ``PUT`` by its own UUID, so a retry after a lost reply or a crash is
harmless (invariant 3). What central refuses with a reason goes to the "needs attention"
list for a supervisor, never dropped and never retried forever; what fails for want of a
network stays pending and the terminal goes offline. Only short write transactions are
taken, so selling never waits on the network.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pos import connectivity, journal
from pos.errors import InvalidInput, NotFound
from pos.staff import Permission, StaffSession, authorise
from pos.store import sql
from pos.store.db import Store
from sync.aftersales_upload import AFTERSALES_KINDS, send_aftersales
from sync.protocol.orders import (
    OrderReply,
    OrderUpload,
    Payment,
    RefundReply,
    RefundUpload,
    ReprintReply,
    ReprintUpload,
    TicketLine,
)
from sync.transport import CentralClient, CentralFailed, CentralRejected, CentralUnreachable

log = logging.getLogger(__name__)

MAX_SERVER_FAILURES = 10  # then a person looks at it
_NOT_ABOUT_THE_MESSAGE = frozenset({401, 403, 408, 429})


@dataclass(frozen=True, slots=True)
class DrainReport:
    sent: int
    attention: int
    pending: int
    offline: bool
    stopped_by: str  # "" when the queue ran dry


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
        holder_id_no=t.get("holder_id_number") or None,
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
        payments=[
            Payment(method=p["kind"], amount=p["amount"], reference=p["reference"] or None)
            for p in payload["payments"]
        ],
    )


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


def _send(client: CentralClient, kind: str, message_id: str, payload: dict[str, Any]) -> None:
    if kind == "order":
        client.put(f"/orders/{message_id}", order_upload(payload), OrderReply)
    elif kind == "refund":
        client.put(f"/refunds/{message_id}", refund_upload(payload), RefundReply)
    elif kind in AFTERSALES_KINDS:
        send_aftersales(client, kind, message_id, payload)
    elif kind == "reprint":
        client.put(f"/reprints/{message_id}", reprint_upload(payload), ReprintReply)
    else:
        raise CentralRejected(0, "unknown_kind", f"the terminal does not know how to send {kind!r}")


def drain(
    store: Store,
    client: CentralClient,
    *,
    batch: int = 100,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DrainReport:
    """Send pending messages oldest first until the queue is empty, the network fails, or
    ``limit`` messages were tried."""
    sent = attention = tried = 0
    stopped_by = ""
    offline = False
    total = pending_count(store)
    while limit is None or tried < limit:
        with store.read() as session:
            rows = sql.rows(
                session,
                "SELECT seq, id, kind, payload, attempts FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT ?",
                batch if limit is None else min(batch, limit - tried),
            )
        if not rows:
            break
        for row in rows:
            tried += 1
            try:
                payload = json.loads(row.payload)
                _send(client, row.kind, row.id, payload)
            except CentralUnreachable as exc:
                connectivity.record_offline(store, reason=exc.message)
                offline, stopped_by = True, exc.message
                break
            except CentralRejected as exc:
                if exc.status in _NOT_ABOUT_THE_MESSAGE:
                    # The token, the rate or the server's mood: every message would fail the
                    # same way. Stop and keep them pending instead of flooding "attention".
                    stopped_by = exc.message
                    break
                _mark(store, row.seq, "attention", f"{exc.reason}: {exc.message}")
                attention += 1
                if progress:
                    progress(sent + attention, total)
                continue
            except CentralFailed as exc:
                gave_up = row.attempts + 1 >= MAX_SERVER_FAILURES
                _mark(store, row.seq, "attention" if gave_up else "pending", exc.message, attempt=True)
                attention += int(gave_up)
                stopped_by = exc.message
                break
            except (ValueError, KeyError) as exc:  # a payload the protocol refuses: a bug, not a retry
                _mark(store, row.seq, "attention", f"cannot be sent: {exc}")
                attention += 1
                if progress:
                    progress(sent + attention, total)
                continue
            _mark(store, row.seq, "sent", "")
            sent += 1
            if progress:
                progress(sent + attention, total)
        else:
            continue
        break
    if sent and not offline:
        connectivity.record_online(store)
    return DrainReport(sent, attention, pending_count(store), offline, stopped_by)


def _mark(store: Store, seq: int, status: str, error: str, *, attempt: bool = False) -> None:
    with store.write() as session:
        sql.run(
            session,
            "UPDATE outbox SET status = ?, last_error = ?, attempts = attempts + ? WHERE seq = ?",
            (status, error[:2000], 1 if attempt else 0, seq),
        )


def pending_count(store: Store) -> int:
    with store.read() as session:
        found = sql.row(session, "SELECT count(*) AS n FROM outbox WHERE status = 'pending'")
        return int(found.n) if found else 0


@dataclass(frozen=True, slots=True)
class AttentionItem:
    seq: int
    message_id: str
    kind: str
    error: str
    created_at: datetime | None


def needs_attention(store: Store) -> tuple[AttentionItem, ...]:
    with store.read() as session:
        return tuple(
            AttentionItem(r.seq, r.id, r.kind, r.last_error, sql.time_out(r.created_at))
            for r in sql.rows(
                session,
                "SELECT seq, id, kind, last_error, created_at FROM outbox WHERE status = 'attention' ORDER BY seq",
            )
        )


def resolve(store: Store, *, message_id: str, action: str, note: str, actor: StaffSession) -> None:
    """A supervisor deals with a refused message: ``retry`` it (the cause was fixed at
    central) or ``dismiss`` it (settled by hand, e.g. the customer was refunded). Journaled."""
    authorise(actor=actor, permission=Permission.RESOLVE_SYNC)
    if action not in ("retry", "dismiss"):
        raise InvalidInput("resolve with retry or dismiss")
    if action == "dismiss" and not note.strip():
        raise InvalidInput("say how it was settled")
    with store.write() as session:
        found = sql.row(
            session,
            "SELECT seq, kind, last_error FROM outbox WHERE id = ? AND status = 'attention'",
            message_id,
        )
        if found is None:
            raise NotFound(f"no message {message_id} needs attention")
        sql.run(
            session,
            "UPDATE outbox SET status = ?, attempts = 0 WHERE seq = ?",
            ("pending" if action == "retry" else "dismissed", found.seq),
        )
        terminal = sql.row(session, "SELECT terminal_id FROM terminal")
        journal.append(
            session,
            kind="sync_resolve",
            terminal_id=terminal.terminal_id if terminal else "?",
            staff_id=actor.staff_id,
            ref=message_id,
            data={"action": action, "note": note.strip(), "kind": found.kind, "error": found.last_error},
            now=datetime.now(UTC),
        )
