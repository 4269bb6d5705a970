"""The partner account central last reported, kept in the store's settings, and the figures
the terminal derives from it: the credit left now and the contract's state today.

Credit left now = what central reported, less what this terminal's orders owe that central
had not counted when it answered: the orders not yet uploaded when the account was asked for,
and every order sold since. Refunds not yet uploaded are not given back here (erring on the
side of refusing). Other terminals of the outlet spend the same credit; central, which sees
them all, has the last word online, and offline this bound works with the offline caps.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from pos.store import settings, sql
from pos.store.db import Store

KEY = "partner_account"
WARN_DAYS = 14  # the contract's end is announced this many days ahead
AMBER_BELOW = 0.20  # the credit left is shown amber under this share of the limit


@dataclass(frozen=True, slots=True)
class Rule:
    scope: str  # event | category
    key: str
    bps: int


@dataclass(frozen=True, slots=True)
class Account:
    outlet_id: str
    outlet_kind: str
    commission_bps: int
    rules: tuple[Rule, ...]
    credit_limit: int  # fen; 0: none
    credit_left: int | None  # as central reported it; None: no limit
    contract_start: date | None
    contract_end: date | None
    asked_at: datetime  # when this terminal asked (its clock)
    pending: tuple[str, ...]  # this terminal's orders not uploaded when it asked

    @property
    def is_partner(self) -> bool:
        return self.outlet_kind == "partner"


@dataclass(frozen=True, slots=True)
class ContractState:
    state: str  # none | active | not_started | ended
    days_left: int | None  # days until the last day, while active
    warn: bool  # active and ending within WARN_DAYS


def keep(store: Store, account: Account) -> None:
    with store.write() as session:
        settings.write(session, KEY, {
            "outlet_id": account.outlet_id, "outlet_kind": account.outlet_kind,
            "commission_bps": account.commission_bps,
            "rules": [[r.scope, r.key, r.bps] for r in account.rules],
            "credit_limit": account.credit_limit, "credit_left": account.credit_left,
            "contract_start": account.contract_start.isoformat() if account.contract_start else None,
            "contract_end": account.contract_end.isoformat() if account.contract_end else None,
            "asked_at": account.asked_at.isoformat(), "pending": list(account.pending),
        })


def load_in(session: Session) -> Account | None:
    raw = settings.read(session, KEY)
    if not raw:
        return None
    day = date.fromisoformat
    return Account(
        outlet_id=str(raw["outlet_id"]), outlet_kind=str(raw["outlet_kind"]),
        commission_bps=int(raw["commission_bps"]),
        rules=tuple(Rule(str(s), str(k), int(b)) for s, k, b in raw.get("rules") or ()),
        credit_limit=int(raw["credit_limit"]),
        credit_left=None if raw.get("credit_left") is None else int(raw["credit_left"]),
        contract_start=day(raw["contract_start"]) if raw.get("contract_start") else None,
        contract_end=day(raw["contract_end"]) if raw.get("contract_end") else None,
        asked_at=datetime.fromisoformat(str(raw["asked_at"])), pending=tuple(raw.get("pending") or ()),
    )


def load(store: Store) -> Account | None:
    with store.read() as session:
        return load_in(session)


def pending_orders(session: Session) -> tuple[str, ...]:
    """This terminal's orders not (yet) taken by central: call just before asking for the account."""
    return tuple(r.id for r in sql.rows(
        session, "SELECT o.id FROM sale_order o JOIN outbox m ON m.id = o.id WHERE m.status != 'sent'"))


def commission(account: Account, total: int, lines: Iterable[tuple[int, str, str]]) -> int:
    """Central's commission (``central.services.commission``) for an order: each ticket's price
    at its event's rate, else its category's, else the default; the rest at the default."""
    by_event = {r.key: r.bps for r in account.rules if r.scope == "event"}
    by_category = {r.key: r.bps for r in account.rules if r.scope == "category"}
    if not by_event and not by_category:
        return _half_up(total, account.commission_bps)
    by_rate: dict[int, int] = defaultdict(int)
    priced = 0
    for price, event_id, category in lines:
        by_rate[by_event.get(event_id, by_category.get(category, account.commission_bps))] += price
        priced += price
    by_rate[account.commission_bps] += total - priced
    return sum(_half_up(a, b) for b, a in by_rate.items())


def _half_up(amount: int, bps: int) -> int:
    return (amount * bps + 5000) // 10000


def owed_since(session: Session, account: Account) -> int:
    """What this terminal's orders owe that central had not counted when it last answered.
    One grouped read: an order is of one performance, so its tickets share one rate."""
    pending = f" OR o.id IN ({sql.marks(len(account.pending))})" if account.pending else ""
    rows = sql.rows(
        session,
        "SELECT o.total, e.id AS event_id, e.category, "
        "(SELECT coalesce(sum(t.list_price - t.discount), 0) FROM ticket t WHERE t.order_id = o.id) AS priced "
        "FROM sale_order o JOIN performance p ON p.id = o.performance_id JOIN event e ON e.id = p.event_id "
        f"WHERE o.created_at >= ?{pending}",
        sql.time_in(account.asked_at), *account.pending,
    )
    by_event = {r.key: r.bps for r in account.rules if r.scope == "event"}
    by_category = {r.key: r.bps for r in account.rules if r.scope == "category"}
    default = account.commission_bps
    owed = 0
    for r in rows:
        bps = by_event.get(r.event_id, by_category.get(r.category, default))
        if bps == default:  # as central: one rate, rounded once on the total
            owed += r.total - _half_up(r.total, default)
        else:
            owed += r.total - _half_up(int(r.priced), bps) - _half_up(r.total - int(r.priced), default)
    return owed


def credit_left(session: Session, account: Account) -> int | None:
    if account.credit_left is None:
        return None
    return account.credit_left - owed_since(session, account)


def contract(account: Account, today: date) -> ContractState:
    start, end = account.contract_start, account.contract_end
    if not account.is_partner or (start is None and end is None):
        return ContractState("none", None, False)
    if start is not None and today < start:
        return ContractState("not_started", None, False)
    if end is not None and today > end:
        return ContractState("ended", None, False)
    left = (end - today).days if end is not None else None
    return ContractState("active", left, left is not None and left < WARN_DAYS)


def local_today(session: Session, now: datetime) -> date:
    """Today in the terminal's time zone (the contract's days are the outlet's days)."""
    from zoneinfo import ZoneInfo

    row = sql.row(session, "SELECT timezone FROM terminal")
    try:
        zone = ZoneInfo(row.timezone) if row is not None and row.timezone else None
    except (KeyError, ValueError):
        zone = None
    return now.astimezone(zone).date() if zone else now.date()


def from_wire(raw: dict[str, Any], *, asked_at: datetime, pending: Sequence[str]) -> Account:
    """An account from central's reply (``sync.protocol.partner.PartnerAccount`` as a dict)."""
    return Account(
        outlet_id=str(raw["outlet_id"]), outlet_kind=str(raw["outlet_kind"]),
        commission_bps=int(raw["commission_bps"]),
        rules=tuple(Rule(str(r["scope"]), str(r["key"]), int(r["bps"])) for r in raw.get("rules") or ()),
        credit_limit=int(raw["credit_limit"]),
        credit_left=None if raw.get("credit_left") is None else int(raw["credit_left"]),
        contract_start=_day(raw.get("contract_start")), contract_end=_day(raw.get("contract_end")),
        asked_at=asked_at, pending=tuple(pending),
    )


def _day(value: Any) -> date | None:
    if value is None:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))





@dataclass(frozen=True, slots=True)
class PartnerStatus:
    """What the status bar shows of a partner's account."""

    credit_limit: int
    credit_left: int | None  # now (see the module); None: no limit
    low: bool  # under AMBER_BELOW of the limit
    contract: ContractState
    contract_start: date | None
    contract_end: date | None


def status(store: Store, now: datetime) -> PartnerStatus | None:
    """None for an own box office, or a terminal that never heard its account."""
    with store.read() as session:
        account = load_in(session)
        if account is None or not account.is_partner:
            return None
        left = credit_left(session, account)
        today = local_today(session, now)
    low = left is not None and account.credit_limit > 0 and left < account.credit_limit * AMBER_BELOW
    return PartnerStatus(account.credit_limit, left, low, contract(account, today), account.contract_start,
                         account.contract_end)
