"""Payment intents in the store: written before a wallet gateway is called, moved on by short
write transactions that compare and set the state (so that a live sale and a recovery never
both settle the same payment).

States: ``pending`` (the gateway may be charging) → ``committed`` (in the sale's own
transaction), or ``reversing`` → ``reversed``, or ``failed`` (nothing was taken). Every step
is journaled.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from pos.journal import chain as journal
from pos.money import Money
from pos.payments.wallet import ChargeState, WalletName
from pos.store import sql
from pos.store.db import Store

OPEN = ("pending", "reversing")  # what recovery looks at


@dataclass(frozen=True, slots=True)
class Intent:
    out_trade_no: str
    order_id: str
    attempt: int
    wallet: WalletName
    amount: Money
    state: str
    charge_state: str
    transaction_id: str | None
    reason: str
    staff_id: str
    performance_id: str
    sale: dict[str, Any]  # what finishing the sale needs (see pos.payments.checkout)
    created_at: datetime
    deadline: datetime


def _terminal_id(session: Session) -> str:
    row = sql.row(session, "SELECT terminal_id FROM terminal")
    return row.terminal_id if row else "?"


def _intent(row: Any) -> Intent:
    created, deadline = sql.time_out(row.created_at), sql.time_out(row.deadline)
    assert created is not None and deadline is not None
    return Intent(
        out_trade_no=row.out_trade_no,
        order_id=row.order_id,
        attempt=row.attempt,
        wallet=row.wallet,
        amount=Money(row.amount, row.currency),
        state=row.state,
        charge_state=row.charge_state,
        transaction_id=row.transaction_id,
        reason=row.reason,
        staff_id=row.staff_id,
        performance_id=row.performance_id,
        sale=json.loads(row.sale),
        created_at=created,
        deadline=deadline,
    )


def get(session: Session, out_trade_no: str) -> Intent | None:
    row = sql.row(session, "SELECT * FROM payment_intent WHERE out_trade_no = ?", out_trade_no)
    return _intent(row) if row else None


def load(store: Store, out_trade_no: str) -> Intent | None:
    with store.read() as session:
        return get(session, out_trade_no)


def open_intents(store: Store) -> list[Intent]:
    with store.read() as session:
        rows = sql.rows(
            session,
            f"SELECT * FROM payment_intent WHERE state IN ({sql.marks(len(OPEN))}) ORDER BY created_at",
            *OPEN,
        )
    return [_intent(r) for r in rows]


def next_attempt(session: Session, order_id: str) -> int:
    row = sql.row(session, "SELECT max(attempt) AS n FROM payment_intent WHERE order_id = ?", order_id)
    return (row.n or 0) + 1 if row else 1


def record(
    session: Session,
    *,
    out_trade_no: str,
    order_id: str,
    attempt: int,
    wallet: WalletName,
    amount: Money,
    staff_id: str,
    performance_id: str,
    sale: dict[str, Any],
    deadline: datetime,
    now: datetime,
) -> None:
    """The intent, before the gateway hears of it (with its journal entry)."""
    sql.insert(
        session,
        "payment_intent",
        [
            {
                "out_trade_no": out_trade_no,
                "order_id": order_id,
                "attempt": attempt,
                "wallet": wallet,
                "amount": amount.amount,
                "currency": amount.currency,
                "state": "pending",
                "charge_state": "",
                "transaction_id": None,
                "reason": "",
                "staff_id": staff_id,
                "performance_id": performance_id,
                "sale": json.dumps(sale, sort_keys=True, ensure_ascii=False),
                "created_at": now,
                "deadline": deadline,
                "updated_at": now,
            }
        ],
    )
    journal.append(
        session,
        kind="payment_intent",
        terminal_id=_terminal_id(session),
        staff_id=staff_id,
        ref=order_id,
        data={"out_trade_no": out_trade_no, "wallet": wallet, "amount": amount.amount, "attempt": attempt},
        now=now,
    )


def move(
    session: Session,
    intent: Intent,
    *,
    to: str,
    frm: tuple[str, ...],
    now: datetime,
    charge: ChargeState | None = None,
    transaction_id: str | None = None,
    reason: str = "",
    journal_kind: str | None = None,
    staff_id: str | None = None,
) -> bool:
    """Compare and set: move the intent to ``to`` if it is in one of ``frm``. False if it was
    not (someone else settled it first): the caller must then leave it alone."""
    # A settled intent keeps no customer phone, not even sealed (pos.customers.kept_phone).
    forget = "" if to in OPEN else ", sale = json_remove(sale, '$.phone_sealed')"
    cur = sql.run(
        session,
        f"UPDATE payment_intent SET state = ?, charge_state = coalesce(?, charge_state),"
        f" transaction_id = coalesce(?, transaction_id), reason = ?, updated_at = ?{forget}"
        f" WHERE out_trade_no = ? AND state IN ({sql.marks(len(frm))})",
        (to, charge.value if charge else None, transaction_id, reason[:64], sql.time_in(now),
         intent.out_trade_no, *frm),
    )
    if cur.rowcount != 1:
        return False
    if journal_kind is not None:
        journal.append(
            session,
            kind=journal_kind,
            terminal_id=_terminal_id(session),
            staff_id=staff_id or intent.staff_id,
            ref=intent.order_id,
            data={
                "out_trade_no": intent.out_trade_no,
                "wallet": intent.wallet,
                "amount": intent.amount.amount,
                "transaction_id": transaction_id or intent.transaction_id,
                "state": to,
                "reason": reason,
            },
            now=now,
        )
    return True


def move_now(store: Store, intent: Intent, **kw: Any) -> bool:
    with store.write() as session:
        return move(session, intent, **kw)
