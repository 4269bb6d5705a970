"""The local gateway's books: merchants, trades and refunds in one SQLite file.

Vendor-neutral: the Alipay and WeChat front ends translate their protocol into these calls
and these answers back into their codes. Kept in a file so that a trade charged before a
restart is still there to query, reverse or refund after it (as at the real gateways).
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from paygate.democodes import Scenario, scenario_of

BEIJING = ZoneInfo("Asia/Shanghai")  # both vendors date their trades and bills in Beijing time

SCHEMA = """
CREATE TABLE IF NOT EXISTS merchant (
    name TEXT PRIMARY KEY,
    alipay_app_id TEXT NOT NULL UNIQUE,
    alipay_app_public_key TEXT NOT NULL,
    wechat_mch_id TEXT NOT NULL UNIQUE,
    wechat_app_id TEXT NOT NULL,
    wechat_api_key TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS trade (
    wallet TEXT NOT NULL,
    merchant TEXT NOT NULL,
    out_trade_no TEXT NOT NULL,
    trade_no TEXT NOT NULL UNIQUE,
    auth_code TEXT NOT NULL,
    amount INTEGER NOT NULL,
    subject TEXT NOT NULL,
    scenario TEXT NOT NULL,
    state TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    queries INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    paid_at TEXT,
    reversed_at TEXT,
    PRIMARY KEY (wallet, merchant, out_trade_no)
);
CREATE TABLE IF NOT EXISTS refund (
    wallet TEXT NOT NULL,
    merchant TEXT NOT NULL,
    out_trade_no TEXT NOT NULL,
    refund_no TEXT NOT NULL,
    refund_id TEXT NOT NULL UNIQUE,
    amount INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    replies_dropped INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (wallet, merchant, refund_no)
);
"""

# Trade states (vendor-neutral).
USERPAYING, PAID, FAILED, CLOSED, REVOKED = "USERPAYING", "PAID", "FAILED", "CLOSED", "REVOKED"

_FAILURES = {
    Scenario.NOT_ENOUGH: "NOT_ENOUGH",
    Scenario.CODE_EXPIRED: "CODE_EXPIRED",
    Scenario.CODE_INVALID: "CODE_INVALID",
}


@dataclass(frozen=True, slots=True)
class Merchant:
    name: str
    alipay_app_id: str
    alipay_app_public_key: str
    wechat_mch_id: str
    wechat_app_id: str
    wechat_api_key: str


@dataclass(frozen=True, slots=True)
class Trade:
    wallet: str
    merchant: str
    out_trade_no: str
    trade_no: str
    auth_code: str
    amount: int  # fen
    subject: str
    scenario: Scenario
    state: str
    reason: str
    created_at: datetime
    paid_at: datetime | None
    reversed_at: datetime | None
    refunded: int = 0  # fen refunded so far


@dataclass(frozen=True, slots=True)
class Refund:
    wallet: str
    merchant: str
    out_trade_no: str
    refund_no: str
    refund_id: str
    amount: int
    created_at: datetime
    replies_dropped: int


class Refused(Exception):
    """A call the gateway refuses; ``code`` is vendor-neutral, the front end maps it."""

    def __init__(self, code: str, trade: Trade | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.trade = trade


def _ts(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class Ledger:
    """One SQLite connection guarded by a lock: the gateway is small and its calls short."""

    def __init__(self, path: Path, *, confirm_queries: int = 2, confirm_seconds: float = 30.0) -> None:
        self.path = path
        self.confirm_queries = confirm_queries
        self.confirm_seconds = confirm_seconds
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- merchants ------------------------------------------------------------------------

    def add_merchant(self, merchant: Merchant) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO merchant VALUES (?, ?, ?, ?, ?, ?)",
                (merchant.name, merchant.alipay_app_id, merchant.alipay_app_public_key,
                 merchant.wechat_mch_id, merchant.wechat_app_id, merchant.wechat_api_key),
            )

    def merchant(self, *, name: str | None = None, alipay_app_id: str | None = None,
                 wechat_mch_id: str | None = None) -> Merchant | None:
        column, value = (("name", name) if name is not None else
                         ("alipay_app_id", alipay_app_id) if alipay_app_id is not None else
                         ("wechat_mch_id", wechat_mch_id))
        with self._lock:
            row = self._db.execute(f"SELECT * FROM merchant WHERE {column} = ?", (value,)).fetchone()
        return Merchant(**dict(row)) if row else None

    # --- trades ---------------------------------------------------------------------------

    def _trade(self, wallet: str, merchant: str, out_trade_no: str) -> Trade | None:
        row = self._db.execute(
            "SELECT * FROM trade WHERE wallet = ? AND merchant = ? AND out_trade_no = ?",
            (wallet, merchant, out_trade_no),
        ).fetchone()
        if row is None:
            return None
        refunded = self._db.execute(
            "SELECT COALESCE(SUM(amount), 0) FROM refund WHERE wallet = ? AND merchant = ? AND out_trade_no = ?",
            (wallet, merchant, out_trade_no),
        ).fetchone()[0]
        d = dict(row)
        del d["queries"]
        return Trade(**{**d, "scenario": Scenario(d["scenario"]), "created_at": _ts(d["created_at"]),
                        "paid_at": _ts(d["paid_at"]), "reversed_at": _ts(d["reversed_at"]),
                        "refunded": refunded})

    def trade(self, wallet: str, merchant: str, out_trade_no: str) -> Trade | None:
        with self._lock:
            return self._trade(wallet, merchant, out_trade_no)

    def pay(self, *, wallet: str, merchant: str, out_trade_no: str, auth_code: str, amount: int,
            subject: str, now: datetime) -> tuple[Trade, bool]:
        """The trade and whether this call created it (False: a replay answered as before)."""
        with self._lock:
            found = self._trade(wallet, merchant, out_trade_no)
            if found is not None:
                if found.state == REVOKED and found.auth_code == "":
                    raise Refused("REVERSED", found)  # reversed before it ever arrived
                if found.auth_code != auth_code or found.amount != amount:
                    raise Refused("DUPLICATE", found)
                return found, False
            scenario = scenario_of(auth_code)
            if scenario in _FAILURES:
                state, reason, paid_at = FAILED, _FAILURES[scenario], None
            elif scenario in (Scenario.CONFIRM_THEN_PAID, Scenario.CONFIRM_THEN_CLOSED):
                state, reason, paid_at = USERPAYING, "", None
            else:
                state, reason, paid_at = PAID, "", now.isoformat()
            self._db.execute(
                "INSERT INTO trade (wallet, merchant, out_trade_no, trade_no, auth_code, amount, subject,"
                " scenario, state, reason, created_at, paid_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (wallet, merchant, out_trade_no, _trade_no(wallet, now), auth_code, amount, subject,
                 scenario.value, state, reason, now.isoformat(), paid_at),
            )
            made = self._trade(wallet, merchant, out_trade_no)
            assert made is not None
            return made, True

    def query(self, *, wallet: str, merchant: str, out_trade_no: str, now: datetime) -> Trade:
        """The trade; a USERPAYING one moves on once the customer "confirmed" (after
        ``confirm_queries`` queries or ``confirm_seconds``)."""
        with self._lock:
            found = self._trade(wallet, merchant, out_trade_no)
            if found is None or (found.state == REVOKED and found.auth_code == ""):
                raise Refused("NOT_FOUND")
            if found.state != USERPAYING:
                return found
            queries = self._db.execute(
                "UPDATE trade SET queries = queries + 1 WHERE wallet = ? AND merchant = ? AND out_trade_no = ?"
                " RETURNING queries", (wallet, merchant, out_trade_no),
            ).fetchone()[0]
            waited = now - found.created_at >= timedelta(seconds=self.confirm_seconds)
            if queries >= self.confirm_queries or waited:
                if found.scenario == Scenario.CONFIRM_THEN_PAID:
                    self._set(found, state=PAID, paid_at=now.isoformat())
                else:
                    self._set(found, state=CLOSED, reason="USER_TIMEOUT")
            made = self._trade(wallet, merchant, out_trade_no)
            assert made is not None
            return made

    def _set(self, trade: Trade, **values: str) -> None:
        assignments = ", ".join(f"{k} = ?" for k in values)
        self._db.execute(
            f"UPDATE trade SET {assignments} WHERE wallet = ? AND merchant = ? AND out_trade_no = ?",
            (*values.values(), trade.wallet, trade.merchant, trade.out_trade_no),
        )

    def reverse(self, *, wallet: str, merchant: str, out_trade_no: str, now: datetime) -> tuple[Trade, bool]:
        """Reverse (WeChat) / cancel (Alipay): the trade afterwards and whether money went back.

        A number never seen is recorded as reversed, so that a pay request still in flight
        that arrives afterwards is refused instead of charging."""
        with self._lock:
            found = self._trade(wallet, merchant, out_trade_no)
            if found is None:
                self._db.execute(
                    "INSERT INTO trade (wallet, merchant, out_trade_no, trade_no, auth_code, amount, subject,"
                    " scenario, state, created_at, reversed_at) VALUES (?, ?, ?, ?, '', 0, '', ?, ?, ?, ?)",
                    (wallet, merchant, out_trade_no, _trade_no(wallet, now), Scenario.SUCCESS.value,
                     REVOKED, now.isoformat(), now.isoformat()),
                )
                refunded_money = False
            elif found.refunded:
                raise Refused("REFUNDED", found)  # the vendors refuse to cancel a refunded trade
            else:
                refunded_money = found.state == PAID
                if found.state != REVOKED:
                    self._set(found, state=REVOKED, reversed_at=now.isoformat())
            made = self._trade(wallet, merchant, out_trade_no)
            assert made is not None
            return made, refunded_money

    # --- refunds --------------------------------------------------------------------------

    def refund(self, *, wallet: str, merchant: str, out_trade_no: str, refund_no: str, amount: int,
               total: int | None, now: datetime) -> tuple[Refund, Trade, bool]:
        """The refund, its trade, and whether this call made it (False: a replay)."""
        with self._lock:
            found = self._trade(wallet, merchant, out_trade_no)
            if found is None or found.auth_code == "":
                raise Refused("NOT_FOUND")
            if found.state != PAID:
                raise Refused("TRADE_STATE", found)
            if total is not None and total != found.amount:
                raise Refused("TOTAL_MISMATCH", found)
            row = self._db.execute(
                "SELECT * FROM refund WHERE wallet = ? AND merchant = ? AND refund_no = ?",
                (wallet, merchant, refund_no),
            ).fetchone()
            if row is not None:
                if row["out_trade_no"] != out_trade_no or row["amount"] != amount:
                    raise Refused("REFUND_MISMATCH", found)
                return _refund(row), found, False
            if amount <= 0 or found.refunded + amount > found.amount:
                raise Refused("OVER_AMOUNT", found)
            self._db.execute(
                "INSERT INTO refund (wallet, merchant, out_trade_no, refund_no, refund_id, amount, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (wallet, merchant, out_trade_no, refund_no, _refund_id(wallet, now), amount, now.isoformat()),
            )
            row = self._db.execute(
                "SELECT * FROM refund WHERE wallet = ? AND merchant = ? AND refund_no = ?",
                (wallet, merchant, refund_no),
            ).fetchone()
            after = self._trade(wallet, merchant, out_trade_no)
            assert after is not None
            return _refund(row), after, True

    def note_refund_reply_dropped(self, refund: Refund) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE refund SET replies_dropped = replies_dropped + 1 WHERE wallet = ? AND merchant = ?"
                " AND refund_no = ?", (refund.wallet, refund.merchant, refund.refund_no),
            )

    # --- the day's statement --------------------------------------------------------------

    def day(self, *, wallet: str, merchant: str, day: str) -> tuple[list[Trade], list[tuple[Refund, Trade]]]:
        """Trades paid and refunds made on ``day`` (YYYY-MM-DD, Beijing time). A trade reversed
        after payment appears as paid and, at its reversal, refunded in full (as the vendors' bills show it)."""
        start = datetime.fromisoformat(day).replace(tzinfo=BEIJING).astimezone(UTC)
        end = start + timedelta(days=1)
        with self._lock:
            rows = self._db.execute(
                "SELECT out_trade_no FROM trade WHERE wallet = ? AND merchant = ? AND paid_at IS NOT NULL",
                (wallet, merchant),
            ).fetchall()
            trades = [t for r in rows if (t := self._trade(wallet, merchant, r[0])) is not None]
            refund_rows = self._db.execute(
                "SELECT * FROM refund WHERE wallet = ? AND merchant = ?", (wallet, merchant)
            ).fetchall()
            by_no = {t.out_trade_no: t for t in trades}
        paid = [t for t in trades if t.paid_at is not None and start <= t.paid_at < end]
        refunds = [(r, by_no[r.out_trade_no]) for r in map(_refund, refund_rows)
                   if start <= r.created_at < end and r.out_trade_no in by_no]
        for t in trades:  # reversals of paid trades: a full refund at the reversal
            if t.state == REVOKED and t.reversed_at is not None and start <= t.reversed_at < end:
                refunds.append((Refund(wallet, merchant, t.out_trade_no, "REVERSE", "R" + t.trade_no[1:],
                                       t.amount, t.reversed_at, 0), t))
        return paid, refunds


def _refund(row: sqlite3.Row) -> Refund:
    d = dict(row)
    return Refund(**{**d, "created_at": datetime.fromisoformat(d["created_at"])})


def _trade_no(wallet: str, now: datetime) -> str:
    """28 characters like the vendors' (WeChat: 4200…; Alipay: the date then 2200…)."""
    if wallet == "wechat":
        return "4200" + "".join(secrets.choice("0123456789") for _ in range(24))
    return now.astimezone(BEIJING).strftime("%Y%m%d") + "2200" + "".join(
        secrets.choice("0123456789") for _ in range(16))


def _refund_id(wallet: str, now: datetime) -> str:
    del wallet
    return "50" + now.astimezone(BEIJING).strftime("%Y%m%d") + "".join(
        secrets.choice("0123456789") for _ in range(20))
