"""A day's mobile payments in the store against the wallet's statement: the differences.

The store's side: the ``mobile`` tenders whose provider is the wallet's name (``wechat``,
``alipay``) and whose reference is the gateway's transaction id, on orders made that day
(the terminal's time zone); refunds are the negative mobile rows with the same reference.

A transaction charged and reversed the same day (a sale that did not commit) is in the
statement as paid and refunded and in the store not at all: no difference.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select

from payments.statements import StatementRow
from pos.payments.wallet import WalletName
from pos.store.db import Store
from pos.store.models.sales import Order, Payment

DifferenceKind = Literal["statement_only", "store_only", "amount_differs"]


@dataclass(frozen=True, slots=True)
class StoreTender:
    wallet: WalletName
    transaction_id: str
    order_id: str
    amount: int  # fen; negative for a refund


@dataclass(frozen=True, slots=True)
class Difference:
    wallet: WalletName
    transaction_id: str
    kind: DifferenceKind
    statement_paid: int  # fen
    statement_refunded: int
    store_paid: int
    store_refunded: int
    out_trade_no: str = ""
    order_id: str = ""


def store_tenders(store: Store, *, wallet: WalletName, day: date, timezone: str) -> list[StoreTender]:
    zone = ZoneInfo(timezone)
    start = datetime.combine(day, time(), zone)
    end = start + timedelta(days=1)
    with store.read() as session:
        found = session.execute(
            select(Payment.provider, Payment.amount, Payment.reference, Order.id, Order.created_at)
            .join(Order, Order.id == Payment.order_id)
            .where(Payment.kind == "mobile")
        ).all()
    paid = [StoreTender(wallet, ref, order_id, amount) for provider, amount, ref, order_id, created in found
            if provider == wallet and amount > 0 and start <= created < end]
    ours = {t.transaction_id for t in paid}
    refunds = [StoreTender(wallet, ref, order_id, amount) for _p, amount, ref, order_id, _c in found
               if amount < 0 and ref in ours]
    return paid + refunds


def compare(wallet: WalletName, statement: list[StatementRow], tenders: list[StoreTender]) -> list[Difference]:
    s_paid: dict[str, int] = defaultdict(int)
    s_refunded: dict[str, int] = defaultdict(int)
    trade_no: dict[str, str] = {}
    for row in statement:
        if row.wallet != wallet:
            continue
        (s_paid if row.kind == "pay" else s_refunded)[row.transaction_id] += row.amount.amount
        trade_no[row.transaction_id] = row.out_trade_no
    t_paid: dict[str, int] = defaultdict(int)
    t_refunded: dict[str, int] = defaultdict(int)
    order: dict[str, str] = {}
    for t in tenders:
        if t.amount > 0:
            t_paid[t.transaction_id] += t.amount
            order[t.transaction_id] = t.order_id
        else:
            t_refunded[t.transaction_id] -= t.amount
    differences = []
    for tx in sorted(set(s_paid) | set(s_refunded) | set(t_paid)):
        sp, sr, tp, tr = s_paid.get(tx, 0), s_refunded.get(tx, 0), t_paid.get(tx, 0), t_refunded.get(tx, 0)
        if tp == 0 and tr == 0:
            if sp == sr and tx in s_paid:
                continue  # charged and reversed the same day: no sale, no money
            if sp == 0:
                continue  # a refund today of an earlier day's sale: that day's reconciliation
            kind: DifferenceKind = "statement_only"
        elif sp == 0 and sr == 0:
            kind = "store_only"
        elif sp != tp or sr > tr:
            kind = "amount_differs"
        else:
            continue
        differences.append(Difference(wallet, tx, kind, sp, sr, tp, tr, trade_no.get(tx, ""), order.get(tx, "")))
    return differences


def download_statement(provider: object, *, day: date, timeout: float = 30.0) -> list[StatementRow]:
    """The day's statement of a configured provider, fetched from its gateway and parsed."""
    import requests

    from payments.alipay import AlipayProvider
    from payments.statements import parse_alipay_zip, parse_wechat_text
    from payments.wechat import WeChatProvider
    from pos.errors import PaymentError

    if isinstance(provider, WeChatProvider):
        text = provider.statement_text(day=day)
        return parse_wechat_text(text) if text else []
    if not isinstance(provider, AlipayProvider):
        raise PaymentError(f"no statement download for {provider!r}")
    from payments.config import check_gateway

    url = check_gateway(provider.statement_url(day=day))  # https, or loopback: as for the gateway
    try:
        reply = requests.get(url, timeout=timeout)
        reply.raise_for_status()
    except requests.RequestException as exc:
        raise PaymentError(f"the Alipay bill could not be downloaded: {exc}") from exc
    return parse_alipay_zip(reply.content)
