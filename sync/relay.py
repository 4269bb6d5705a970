"""The outbox relay: sends what the terminal did to central, in order, in batches.

Each message is a ``PUT`` by its own UUID, so a retry after a lost reply or a crash is
harmless (invariant 3). Consecutive orders go together in one ``POST /v1/order-batches``
(a drain after days offline is mostly orders), where each keeps its own UUID, its own
outcome and its own idempotency; every other kind goes alone, in its place in the queue, so
a refund or a reprint always reaches central after its order. What central refuses with a reason goes to the "needs attention"
list for a supervisor, never dropped and never retried forever; what fails for want of a
network stays pending and the terminal goes offline. Only short write transactions are
taken, so selling never waits on the network. A drain that reached central ends by
anchoring the journal's head there (``sync.anchor``), even with nothing to send.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pos.customers.invoiced import note_invoiced_refund
from pos.errors import InvalidInput, NotFound
from pos.journal import chain as journal
from pos.staff.access import Permission, StaffSession, authorise
from pos.store import sql
from pos.store.db import Store
from pos.terminal import connectivity
from pos.tickets import sealing
from sync.anchor import anchor_after_drain
from sync.members import record_earned
from sync.protocol.orders import (
    BATCH_MAX_BYTES,
    BATCH_MAX_ORDERS,
    OrderBatchItem,
    OrderBatchReply,
    OrderBatchUpload,
    RefundReply,
)
from sync.transport import CentralClient, CentralFailed, CentralRejected, CentralUnreachable
from sync.uploads import order_upload, send_one

log = logging.getLogger(__name__)

MAX_SERVER_FAILURES = 10  # then a person looks at it
# Kinds that travel in batches, by kind: the batch upload of a run of consecutive messages.
# Every kind (batched or not) also has its single upload in ``sync.uploads.send_one``.
BATCHED_KINDS = frozenset({"order"})
_NOT_ABOUT_THE_MESSAGE = frozenset({401, 403, 408, 429})
# Central refused the order itself and revoked its codes (``central.services.refusals``): the
# terminal voids its tickets at once (``pos.sales.refused``).
_ORDER_REFUSED = frozenset({409, 422})


@dataclass(frozen=True, slots=True)
class DrainReport:
    sent: int
    attention: int
    pending: int
    offline: bool
    stopped_by: str  # "" when the queue ran dry


def drain(
    store: Store,
    client: CentralClient,
    *,
    batch: int = 100,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DrainReport:
    """Send pending messages oldest first until the queue is empty, the network fails, or
    ``limit`` messages were tried. Up to ``batch`` consecutive orders go in one request."""
    sent = attention = tried = 0
    stopped_by = ""
    offline = False
    batches = True  # off for this drain if central has no batch endpoint
    total = pending_count(store)

    def done(outcomes: list[tuple[int, str, str]]) -> None:
        """Record outcomes (seq, status, error) of messages central answered, in one write."""
        nonlocal sent, attention
        if not outcomes:
            return
        _mark_many(store, [(status, error, 0, seq) for seq, status, error in outcomes])
        for _, status, _ in outcomes:
            sent += status == "sent"
            attention += status == "attention"
            if progress:
                progress(sent + attention, total)

    def about_the_messages(exc: CentralUnreachable | CentralRejected) -> CentralRejected | None:
        """The refusal when it is about the messages sent; None when the drain stops here:
        no network (the terminal goes offline), or the token, the rate or the server's mood,
        where every message would fail the same way (they stay pending instead of flooding
        "attention")."""
        nonlocal offline, stopped_by
        if isinstance(exc, CentralUnreachable):
            connectivity.record_offline(store, reason=exc.message)
            offline, stopped_by = True, exc.message
            return None
        if exc.status in _NOT_ABOUT_THE_MESSAGE:
            stopped_by = exc.message
            return None
        return exc

    while limit is None or tried < limit:
        with store.read() as session:
            rows = sql.rows(
                session,
                "SELECT seq, id, kind, payload, attempts FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT ?",
                batch if limit is None else min(batch, limit - tried),
            )
        if not rows:
            break
        i = 0
        solo = 0  # rows before this index go one by one (their batch was refused whole)
        while i < len(rows) and not stopped_by:
            run = _run_of(rows, i) if batches and i >= solo else []
            if len(run) > 1:
                try:
                    outcomes = _send_batch(store, client, run)
                except (CentralUnreachable, CentralRejected) as exc:
                    refused = about_the_messages(exc)
                    if refused is None:
                        break
                    # The batch as a whole was refused (an old central without the endpoint,
                    # a body it will not take): the same messages go one by one instead, so
                    # that whatever is wrong is pinned on the message that has it.
                    log.warning("order batch refused (%s), sending one by one", refused.message)
                    batches = refused.status not in (404, 405)
                    outcomes = None
                except CentralFailed as exc:
                    log.warning("order batch failed (%s), sending one by one", exc.message)
                    outcomes = None
                if outcomes is None:
                    solo = i + len(run)  # these one by one, below
                else:
                    tried += len(run)
                    i += len(run)
                    done([(seq, status, error) for seq, status, error, _ in outcomes])
                    for (_, status, error, refused_status), row in zip(outcomes, run, strict=True):
                        if status == "attention" and refused_status in _ORDER_REFUSED:
                            _void_refused(store, row.id, error.partition(":")[0], error)
                    continue
            row = rows[i]
            tried += 1
            i += 1
            try:
                payload = json.loads(row.payload)
                answer = send_one(client, row.kind, row.id, payload)
                record_earned(store, row.id, answer)
                if isinstance(answer, RefundReply) and answer.invoiced_at is not None:
                    # The invoice must be reversed: the Z-report lists the refund (issue 22).
                    note_invoiced_refund(
                        store, refund_id=row.id, order_id=str(answer.order_id), amount=answer.amount,
                        invoiced_at=answer.invoiced_at, now=datetime.now(UTC),
                    )
            except (CentralUnreachable, CentralRejected) as exc:
                refused = about_the_messages(exc)
                if refused is None:
                    break
                done([(row.seq, "attention", f"{refused.reason}: {refused.message}")])
                if row.kind == "order" and refused.status in _ORDER_REFUSED:
                    _void_refused(store, row.id, refused.reason, refused.message)
                continue
            except CentralFailed as exc:
                gave_up = row.attempts + 1 >= MAX_SERVER_FAILURES
                _mark(store, row.seq, "attention" if gave_up else "pending", exc.message, attempt=True)
                attention += int(gave_up)
                stopped_by = exc.message
                break
            except (ValueError, KeyError) as exc:  # a payload the protocol refuses: a bug, not a retry
                done([(row.seq, "attention", f"cannot be sent: {exc}")])
                continue
            done([(row.seq, "sent", "")])
        if stopped_by:
            break
    if not offline and not stopped_by and not anchor_after_drain(store, client):
        # The head goes last, so that it covers every entry whose message went up.
        connectivity.record_offline(store, reason="central did not answer the journal anchor")
        offline = True
    if sent and not offline:
        connectivity.record_online(store)
    return DrainReport(sent, attention, pending_count(store), offline, stopped_by)


def _run_of(rows: list[Any], start: int) -> list[Any]:
    """The consecutive messages of one batched kind from ``start``, within the size caps."""
    kind = rows[start].kind
    if kind not in BATCHED_KINDS:
        return []
    run: list[Any] = []
    size = 0
    for row in rows[start:]:
        size += len(row.payload)
        if row.kind != kind or len(run) >= BATCH_MAX_ORDERS or (run and size > BATCH_MAX_BYTES):
            break
        run.append(row)
    return run


def _void_refused(store: Store, order_id: str, reason: str, message: str) -> None:
    from pos.sales.refused import void_refused_order

    refused = void_refused_order(store, order_id=order_id, reason=reason, message=message)
    if refused is not None:
        log.warning("%s", refused.tell_customer)


def _send_batch(store: Store, client: CentralClient, run: list[Any]) -> list[tuple[int, str, str, int]] | None:
    """Send a run of orders in one request; (seq, status, error, central's status) for each,
    in order. None:
    something the batch cannot pin on one order (send them one by one instead). A message whose
    payload cannot be read goes to attention and the others go on, as when sent alone."""
    outcomes: dict[int, tuple[int, str, str, int]] = {}
    earned: list[tuple[str, Any]] = []  # points central credited (issue 22)
    items: list[tuple[Any, OrderBatchItem]] = []
    for row in run:
        try:
            items.append((row, OrderBatchItem(order_id=row.id, order=order_upload(json.loads(row.payload)))))
        except (ValueError, KeyError) as exc:  # a payload the protocol refuses: a bug, not a retry
            outcomes[row.seq] = (row.seq, "attention", f"cannot be sent: {exc}", 0)
    if items:
        reply = client.post(
            "/order-batches", OrderBatchUpload(orders=[it for _, it in items]), OrderBatchReply
        )
        by_id = {str(r.order_id): r for r in reply.results}
        if len(by_id) != len(items) or any(row.id not in by_id for row, _ in items):
            log.warning("central's batch reply does not answer every order sent")
            return None
        for row, _ in items:
            result = by_id[row.id]
            if result.status in (200, 201) and result.order is not None:
                outcomes[row.seq] = (row.seq, "sent", "", result.status)
                earned.append((row.id, result.order))
            elif 400 <= result.status < 500 and result.status not in _NOT_ABOUT_THE_MESSAGE:
                reason = result.error.reason if result.error else f"http_{result.status}"
                message = result.error.message if result.error else ""
                outcomes[row.seq] = (
                    row.seq, "attention", f"{reason}: central refused ({reason}): {message}", result.status
                )
            else:
                return None  # not an answer about this order: the single upload will tell
    for order_id, order in earned:
        record_earned(store, order_id, order)
    return [outcomes[row.seq] for row in run]


def _mark(store: Store, seq: int, status: str, error: str, *, attempt: bool = False) -> None:
    with store.write() as session:
        sql.run(
            session,
            "UPDATE outbox SET status = ?, last_error = ?, attempts = attempts + ? WHERE seq = ?",
            (status, error[:2000], 1 if attempt else 0, seq),
        )
        if status == "sent":
            sealing.forget_sealed(session, [seq])


def _mark_many(store: Store, marks: list[tuple[str, str, int, int]]) -> None:
    """(status, error, attempts to add, seq) for several messages, in one transaction."""
    with store.write() as session:
        sql.run(
            session,
            "UPDATE outbox SET status = ?, last_error = ?, attempts = attempts + ? WHERE seq = ?",
            [(status, error[:2000], add, seq) for status, error, add, seq in marks],
        )
        # Central has them: the sealed ID numbers are not kept a moment longer (issue 18).
        sealing.forget_sealed(session, [seq for status, _, _, seq in marks if status == "sent"])


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
    tell_customer: str = ""  # a refused order: what the clerk must tell its customer


def needs_attention(store: Store) -> tuple[AttentionItem, ...]:
    from pos.sales.refused import notice

    with store.read() as session:
        rows = sql.rows(
            session,
            "SELECT seq, id, kind, last_error, created_at FROM outbox WHERE status = 'attention' ORDER BY seq",
        )
    items = []
    for r in rows:
        refused = notice(store, order_id=r.id, reason=r.last_error.partition(":")[0]) if r.kind == "order" else None
        tell = refused.tell_customer if refused is not None and refused.items else ""
        items.append(AttentionItem(r.seq, r.id, r.kind, r.last_error, sql.time_out(r.created_at), tell))
    return tuple(items)


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
