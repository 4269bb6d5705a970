"""A member's points and a scanned wallet code in one sale (issue 19 with issue 22), against the
real local gateway: the points are authorised at central (here a fake of central's points and
holds) before the charge, the wallet is charged only the rest, and a wallet that refuses,
a Cancel or a failed commit gives the points back; a crash is finished by recovery with the
same authorisations, or reversed and the points released."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest

from paygate.democodes import ALIPAY, WECHAT, Scenario
from pos.cash.tenders import Tender
from pos.errors import InvalidInput, PaymentError
from pos.money import Money
from pos.payments.checkout import ChargeWatch, sell_by_wallet
from pos.payments.recovery import recover
from pos.payments.wallet import ChargeState, WalletProvider
from pos.sales import CartItem
from pos.sales.holds import Hold
from pos.sales.service import quote
from tests.factories import NOW
from tests.payments.conftest import live_gateway
from tests.payments.flow_helpers import Around

SEATS = [CartItem("adult", seat_id="A-1-1"), CartItem("adult", seat_id="A-1-2")]
MEMBER = "G0001"
POINTS = Money(10_000)  # 10,000 points: 100 yuan


@pytest.fixture(scope="module")
def wallet_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with live_gateway(tmp_path_factory.mktemp("paygate")) as gateway:
        yield gateway


@pytest.fixture
def wallets(wechat_provider: WalletProvider, alipay_provider: WalletProvider) -> dict[str, WalletProvider]:
    return {"wechat": wechat_provider, "alipay": alipay_provider}


@dataclass
class Central:
    """Central's seat holds and points authorisations, as the core sees them (sync.online)."""

    free: int = 50_000
    auths: dict[str, list[Any]] = field(default_factory=dict)  # id -> [points, status, order_id]
    released_holds: list[str] = field(default_factory=list)
    committed: list[str] = field(default_factory=list)
    dead: bool = False  # the process died: nothing more reaches central

    def hold(self, **_kw: Any) -> Hold:
        raise AssertionError("the cart is already held")

    def release(self, held: Hold) -> None:
        if not self.dead:
            self.released_holds.append(held.hold_id)

    def order_committed(self, order_id: str) -> None:
        self.committed.append(order_id)

    def authorise_points(self, *, auth_id: str, member_number: str, points: int, order_id: str) -> None:
        assert member_number == MEMBER
        if points > self.free:
            raise PaymentError(f"the member has {self.free} points free", reason="points_insufficient")
        self.free -= points
        self.auths[auth_id] = [points, "active", order_id]

    def release_points(self, auth_id: str) -> None:
        a = self.auths.get(auth_id)
        if a is not None and a[1] == "active" and not self.dead:
            a[1] = "released"
            self.free += a[0]

    def statuses(self) -> list[str]:
        return [a[1] for a in self.auths.values()]


@pytest.fixture
def member_counter(counter: Any) -> Any:
    con = sqlite3.connect(counter.store.path)
    con.execute("INSERT INTO member (number, tier, phone_masked, points, active, seq, updated_at) "
                "VALUES (?, 'gold', '138****1111', 50000, 1, 1, ?)", (MEMBER, NOW.isoformat()))
    con.commit()
    con.close()
    return counter


def _hold(items: list[CartItem] = SEATS, expires: datetime = NOW + timedelta(minutes=5)) -> Hold:
    seats = tuple(sorted(i.seat_id for i in items if i.seat_id))
    return Hold("H-" + "-".join(seats), "P-CONCERT", seats, None, 0, expires)


def _total(counter: Any) -> Money:
    return quote(counter.store, performance_id="P-CONCERT", items=SEATS, member_number=MEMBER, now=NOW).breakdown.total


def _pay(counter: Any, central: Central | None, wallets: Any, code: str, *, points: Money = POINTS,
         amount: Money | None = None, **kw: Any) -> Any:
    kw.setdefault("clock", lambda: NOW)
    kw.setdefault("poll_seconds", 0.0)
    kw.setdefault("held", _hold())
    return sell_by_wallet(
        counter.store, wallets=wallets, auth_code=code, amount=amount or _total(counter) - points, gateway=central,
        performance_id="P-CONCERT", items=SEATS, actor=counter.clerk, signer=counter.signer,
        tenders=[Tender("points", points)] if points.amount else [], member_number=MEMBER.lower(), **kw,
    )


def _rows(counter: Any, query: str) -> list[Any]:
    con = sqlite3.connect(counter.store.path)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def _sales(counter: Any) -> int:
    return int(_rows(counter, "SELECT count(*) FROM sale_order")[0][0])


@pytest.mark.parametrize("wallet", ["wechat", "alipay"])
def test_points_and_wallet_pay_one_sale_the_wallet_only_the_rest(
    member_counter: Any, wallets: Any, wallet: str
) -> None:
    central = Central()
    codes = {"wechat": WECHAT, "alipay": ALIPAY}
    total = _total(member_counter)
    result = _pay(member_counter, central, wallets, codes[wallet][Scenario.SUCCESS])
    ((auth_id, (points, status, order_id)),) = central.auths.items()
    assert (points, status, order_id) == (10_000, "active", result.order_id)  # the upload consumes it
    ((trade_no, state),) = _rows(member_counter, "SELECT out_trade_no, state FROM payment_intent")
    charged = wallets[wallet].query(out_trade_no=trade_no)
    assert state == "committed" and charged.state is ChargeState.PAID and charged.amount == total - POINTS
    assert sorted(_rows(member_counter, "SELECT kind, amount, reference FROM payment")) == sorted([
        ("points", 10_000, auth_id), ("mobile", total.amount - 10_000, charged.transaction_id)])
    assert central.committed == [result.order_id] and central.free == 40_000


@pytest.mark.parametrize("scenario", [Scenario.NOT_ENOUGH, Scenario.CODE_INVALID])
def test_wallet_refused_spends_no_points_and_sells_nothing(member_counter: Any, wallets: Any, scenario: Scenario) -> None:
    central = Central()
    with pytest.raises(PaymentError) as err:
        _pay(member_counter, central, wallets, WECHAT[scenario])
    assert err.value.details["wallet"] == "wechat"
    assert central.statuses() == ["released"] and central.free == 50_000
    assert central.released_holds == []  # the screen's own hold stays for the next code
    assert _sales(member_counter) == 0
    assert [s for (s,) in _rows(member_counter, "SELECT state FROM payment_intent")] == ["failed"]


def test_cancel_reverses_the_wallet_and_gives_the_points_back(member_counter: Any, wallets: Any) -> None:
    central, watch = Central(), ChargeWatch()
    hesitant = Around(wallets["alipay"], after_pay=lambda _c: watch.cancel())
    with pytest.raises(PaymentError) as err:
        _pay(member_counter, central, {"alipay": hesitant}, ALIPAY[Scenario.CONFIRM_THEN_PAID], watch=watch)
    assert err.value.details["reason"] == "cancelled" and hesitant.calls == ["pay", "reverse"]
    ((trade_no, state),) = _rows(member_counter, "SELECT out_trade_no, state FROM payment_intent")
    assert state == "reversed" and wallets["alipay"].query(out_trade_no=trade_no).state is ChargeState.CLOSED
    assert central.statuses() == ["released"] and central.free == 50_000 and _sales(member_counter) == 0


def test_points_refused_or_offline_charge_nobody(member_counter: Any, wallets: Any) -> None:
    watched = Around(wallets["wechat"])
    poor = Central(free=500)
    with pytest.raises(PaymentError) as err:
        _pay(member_counter, poor, {"wechat": watched}, WECHAT[Scenario.SUCCESS])
    assert err.value.details["reason"] == "points_insufficient"
    # Offline (no hold at central): points are never redeemed offline.
    with pytest.raises(PaymentError) as err:
        _pay(member_counter, None, {"wechat": watched}, WECHAT[Scenario.SUCCESS], held=None)
    assert err.value.details["reason"] == "points_offline"
    # Points that pay it all leave nothing for the wallet: refused, the points go back.
    everything = Central(free=100_000)
    with pytest.raises(InvalidInput):
        _pay(member_counter, everything, {"wechat": watched}, WECHAT[Scenario.SUCCESS],
             points=_total(member_counter), amount=Money(0))
    assert everything.statuses() == ["released"] and everything.free == 100_000
    # A points tender naming someone else's authorisation is not believed: a new one is asked for.
    honest = Central()
    _pay(member_counter, honest, {"wechat": watched}, WECHAT[Scenario.SUCCESS])
    forged = [r for (r,) in _rows(member_counter, "SELECT reference FROM payment WHERE kind = 'points'")]
    assert forged == list(honest.auths)
    assert watched.calls == ["pay"] and _sales(member_counter) == 1


def test_without_member_points_are_refused_before_any_charge(member_counter: Any, wallets: Any) -> None:
    watched = Around(wallets["wechat"])
    with pytest.raises(PaymentError) as err:
        sell_by_wallet(
            member_counter.store, wallets={"wechat": watched}, auth_code=WECHAT[Scenario.SUCCESS],
            amount=Money(10_000), gateway=Central(), performance_id="P-CONCERT", items=SEATS,
            actor=member_counter.clerk, signer=member_counter.signer, held=_hold(),
            tenders=[Tender("points", Money(67_000))], clock=lambda: NOW, poll_seconds=0.0,
        )
    assert err.value.details["reason"] == "points_need_member" and watched.calls == []


class Crash(BaseException):
    """The process dies here."""


def test_recovery_sells_with_the_same_points_or_reverses_and_releases_them(member_counter: Any, wallets: Any) -> None:
    central, total = Central(), _total(member_counter)

    def crash(_charge: Any) -> None:
        central.dead = True
        raise Crash

    with pytest.raises(Crash):
        _pay(member_counter, central, {"wechat": Around(wallets["wechat"], after_pay=crash)}, WECHAT[Scenario.SUCCESS])
    assert central.statuses() == ["active"]  # a dead process releases nothing
    central.dead = False
    out = recover(member_counter.store, wallets=wallets, signer=member_counter.signer, gateway=central,
                  include_live=True, clock=lambda: NOW)
    assert [r.outcome for r in out] == ["committed"]
    (auth_id,) = central.auths
    assert ("points", 10_000, auth_id) in _rows(member_counter, "SELECT kind, amount, reference FROM payment")
    assert central.statuses() == ["active"]

    # Again on other seats, but recovery comes after the seats' hold is gone: points are never
    # redeemed offline, so the wallet is reversed and the points released.
    later = Central()
    seats = [CartItem("adult", seat_id="A-2-1"), CartItem("adult", seat_id="A-2-2")]

    def crash_later(_charge: Any) -> None:
        later.dead = True
        raise Crash

    with pytest.raises(Crash):
        sell_by_wallet(
            member_counter.store, wallets={"wechat": Around(wallets["wechat"], after_pay=crash_later)},
            auth_code=WECHAT[Scenario.SUCCESS], amount=total - POINTS, gateway=later,
            performance_id="P-CONCERT", items=seats, actor=member_counter.clerk, signer=member_counter.signer,
            held=_hold(seats), tenders=[Tender("points", POINTS)], member_number=MEMBER,
            clock=lambda: NOW, poll_seconds=0.0,
        )
    later.dead = False
    out = recover(member_counter.store, wallets=wallets, signer=member_counter.signer, gateway=later,
                  include_live=True, clock=lambda: NOW + timedelta(minutes=10))
    assert [(r.outcome, r.detail) for r in out] == [("reversed", "points_offline")]
    assert later.statuses() == ["released"] and later.free == 50_000 and _sales(member_counter) == 1


def test_replayed_order_or_a_wallet_without_an_account_asks_for_no_points(member_counter: Any, wallets: Any) -> None:
    central, rest = Central(), _total(member_counter) - POINTS
    watched = Around(wallets["wechat"])
    done = _pay(member_counter, central, {"wechat": watched}, WECHAT[Scenario.SUCCESS])
    with pytest.raises(PaymentError) as err:  # the same order again (a double tap, a replayed request)
        _pay(member_counter, central, {"wechat": watched}, WECHAT[Scenario.SUCCESS], order_id=done.order_id,
             amount=rest)
    assert err.value.details["reason"] == "already_done"
    with pytest.raises(PaymentError) as err:  # this terminal has no Alipay account
        _pay(member_counter, central, {"wechat": watched}, ALIPAY[Scenario.SUCCESS], amount=rest)
    assert err.value.details["reason"] == "no_provider"
    assert watched.calls == ["pay"] and len(central.auths) == 1 and _sales(member_counter) == 1
