"""Refunds go back where the money came from: a refund, void or exchange of a wallet-paid
order refunds that wallet charge, for the exact amount, once.

The reversal's transaction writes one ``wallet_refund`` row per wallet charge it returns
money to (:func:`queue`), keyed by a refund number made from the reversal's UUID: the
gateway's idempotency key, stored before the gateway is asked. :func:`send` then asks the
gateway outside any transaction; a lost reply or an unreachable gateway leaves the row queued,
and the next :func:`send` (after a sync, ``pos payment recover``) asks again with the same
number, which the gateway answers without refunding twice.

A mobile tender with a hand-typed reference (no intent behind it) is refunded by hand, as
before this existed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from pos.journal import chain as journal
from pos.money import Money
from pos.payments.wallet import RefundState, WalletName, WalletProvider, WalletRefund
from pos.store import sql
from pos.store.db import Store

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
PENDING = ("pending", "processing")


@dataclass(frozen=True, slots=True)
class RefundOutcome:
    refund_no: str
    order_id: str
    wallet: WalletName
    amount: Money
    state: str  # success | queued (to be retried) | processing | failed (refund by other means)
    reason: str = ""


def queue(
    session: Session,
    *,
    order_id: str,
    reversal_id: str,
    refunds: Sequence[tuple[str, int, str]],
    now: datetime,
) -> list[str]:
    """In the reversal's transaction: a row for each mobile refund going to a wallet charge
    (found by its transaction id). Returns the refund numbers."""
    numbers: list[str] = []
    for n, (kind, fen, reference) in enumerate(refunds):
        if kind != "mobile" or fen <= 0:
            continue
        intent = sql.row(
            session,
            "SELECT out_trade_no, wallet, amount, currency FROM payment_intent"
            " WHERE order_id = ? AND transaction_id = ? AND state = 'committed'",
            order_id,
            reference,
        )
        if intent is None:
            continue
        refund_no = f"{reversal_id.replace('-', '')}{n:02d}"
        sql.insert(
            session,
            "wallet_refund",
            [
                {
                    "refund_no": refund_no,
                    "out_trade_no": intent.out_trade_no,
                    "order_id": order_id,
                    "reversal_id": reversal_id,
                    "wallet": intent.wallet,
                    "amount": fen,
                    "total": intent.amount,
                    "currency": intent.currency,
                    "state": "pending",
                    "refund_id": None,
                    "reason": "",
                    "attempts": 0,
                    "created_at": now,
                    "updated_at": now,
                }
            ],
        )
        numbers.append(refund_no)
    return numbers


def _outcome(row: Any, state: str, reason: str = "") -> RefundOutcome:
    r = row
    return RefundOutcome(
        r.refund_no, r.order_id, r.wallet, Money(r.amount, r.currency), state, reason
    )


def send(
    store: Store,
    *,
    wallets: Mapping[WalletName, WalletProvider],
    reversal_id: str | None = None,
    only: Collection[str] | None = None,
    clock: Clock | None = None,
) -> list[RefundOutcome]:
    """Ask the gateways for every queued refund (of one reversal, or all). Never raises for
    the gateway: what it did not confirm stays queued."""
    clock = clock or (lambda: datetime.now(UTC))
    with store.read() as session:
        rows = sql.rows(
            session,
            f"SELECT * FROM wallet_refund WHERE state IN ({sql.marks(len(PENDING))})"
            + (" AND reversal_id = ?" if reversal_id else "")
            + " ORDER BY created_at, refund_no",
            *PENDING,
            *([reversal_id] if reversal_id else []),
        )
    out: list[RefundOutcome] = []
    for row in rows:
        if only is not None and row.refund_no not in only:
            continue
        provider = wallets.get(row.wallet)
        if provider is None:
            out.append(_outcome(row, "queued", "no_provider"))
            continue
        amount, total = Money(row.amount, row.currency), Money(row.total, row.currency)
        try:
            answer = provider.refund(
                out_trade_no=row.out_trade_no, refund_no=row.refund_no, amount=amount, total=total,
                reason="refund",
            )
        except Exception as exc:  # no answer we can read: the same number is asked again later
            log.exception("wallet refund %s failed", row.refund_no)
            answer = WalletRefund(row.wallet, row.out_trade_no, row.refund_no, amount, RefundState.UNKNOWN,
                                  reason=str(exc)[:64])
        out.append(_record(store, row, answer, clock()))
    return out


_STATE = {
    RefundState.SUCCESS: "success",
    RefundState.PROCESSING: "processing",
    RefundState.FAILED: "failed",
    RefundState.UNKNOWN: "pending",
}


def _record(store: Store, row: Any, answer: WalletRefund, now: datetime) -> RefundOutcome:
    r = row
    state = _STATE[answer.state]
    if answer.amount.amount != r.amount and answer.state is RefundState.SUCCESS:
        log.error("gateway refunded %s for %s, not %s", answer.amount, r.refund_no, r.amount)
    with store.write() as session:
        sql.run(
            session,
            "UPDATE wallet_refund SET state = ?, refund_id = coalesce(?, refund_id), reason = ?,"
            " attempts = attempts + 1, updated_at = ? WHERE refund_no = ? AND state IN (?, ?)",
            (state, answer.refund_id, answer.reason[:64], sql.time_in(now), r.refund_no, *PENDING),
        )
        if state in ("success", "failed"):
            terminal = sql.row(session, "SELECT terminal_id FROM terminal")
            journal.append(
                session,
                kind="wallet_refund",
                terminal_id=terminal.terminal_id if terminal else "?",
                staff_id=None,
                ref=r.order_id,
                data={
                    "refund_no": r.refund_no,
                    "out_trade_no": r.out_trade_no,
                    "wallet": r.wallet,
                    "amount": r.amount,
                    "state": state,
                    "refund_id": answer.refund_id,
                    "reason": answer.reason,
                },
                now=now,
            )
    return _outcome(row, "queued" if state == "pending" else state, answer.reason)


def queued(store: Store) -> list[RefundOutcome]:
    """Refunds still waiting for their gateway (for the clerk's and the supervisor's screens)."""
    with store.read() as session:
        rows = sql.rows(
            session,
            f"SELECT * FROM wallet_refund WHERE state IN ({sql.marks(len(PENDING))}) ORDER BY created_at",
            *PENDING,
        )
    return [_outcome(r, "queued" if r.state == "pending" else r.state, r.reason) for r in rows]
