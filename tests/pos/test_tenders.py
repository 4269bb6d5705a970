from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.cash.tenders import (
    CashDrawer,
    ManualCardTerminal,
    ManualMobilePay,
    PaymentProvider,
    Settlement,
    Tender,
    TenderKind,
    default_providers,
    parse_tender,
    settle,
)
from pos.errors import InvalidInput, PaymentError
from pos.money import Money


def cny(fen: int) -> Money:
    return Money(fen, "CNY")


def cash(fen: int) -> Tender:
    return Tender("cash", cny(fen))


def card(fen: int, ref: str = "AB1234") -> Tender:
    return Tender("card", cny(fen), ref)


def mobile(fen: int, ref: str = "2024112512345678") -> Tender:
    return Tender("mobile", cny(fen), ref)


def pay(total: int, *tenders: Tender, **kw: Any) -> Settlement:
    return settle(total=cny(total), tenders=list(tenders), providers=kw.get("providers", default_providers()))


# --- happy paths ----------------------------------------------------------------------


def test_exact_cash() -> None:
    s = pay(12050, cash(12050))
    assert s.change == cny(0)
    assert [(t.kind, t.amount, t.tendered, t.reference, t.provider) for t in s.tenders] == [
        ("cash", cny(12050), cny(12050), "", "cash-drawer")
    ]


def test_cash_with_change() -> None:
    s = pay(12050, cash(20000))
    assert s.change == cny(7950)
    assert s.tenders[0].amount == cny(12050)
    assert s.tenders[0].tendered == cny(20000)


def test_split_cash_and_card_with_change_applies_card_first() -> None:
    # Entered cash first; the card is applied first all the same.
    s = pay(50000, cash(30000), card(30000, "ab1234"))
    assert [(t.kind, t.amount.amount, t.tendered.amount) for t in s.tenders] == [
        ("card", 30000, 30000),
        ("cash", 20000, 30000),
    ]
    assert s.change == cny(10000)
    assert s.tenders[0].reference == "AB1234"  # normalised to capitals
    assert s.tenders[0].provider == "manual-card"


def test_card_and_mobile_exact() -> None:
    s = pay(30000, card(10000), mobile(20000))
    assert [t.kind for t in s.tenders] == ["card", "mobile"]
    assert s.change == cny(0)
    assert s.tenders[1].reference == "2024112512345678"


def test_several_cash_tenders_are_one_handover() -> None:
    s = pay(8000, cash(5000), cash(10000))
    assert len(s.tenders) == 1
    assert s.tenders[0].tendered == cny(15000)
    assert s.change == cny(7000)


def test_two_cards_with_different_references() -> None:
    s = pay(20000, card(10000, "AAAA1"), card(10000, "AAAA2"))
    assert [t.reference for t in s.tenders] == ["AAAA1", "AAAA2"]


def test_zero_total_needs_no_tenders() -> None:
    s = pay(0)
    assert s.tenders == ()
    assert s.change == cny(0)


# --- refusals -------------------------------------------------------------------------


def test_zero_total_refuses_any_tender() -> None:
    with pytest.raises(PaymentError, match="nothing is due"):
        pay(0, cash(100))


def test_card_overpay_refused() -> None:
    with pytest.raises(PaymentError, match=r"more than the 100\.00 still due") as exc:
        pay(10000, card(10001))
    assert exc.value.details["reason"] == "overpaid"


def test_card_beyond_what_remains_after_another_card_refused() -> None:
    with pytest.raises(PaymentError, match=r"more than the 40\.00 still due"):
        pay(10000, mobile(6000), card(5000))


def test_card_covering_total_plus_cash_refused() -> None:
    with pytest.raises(PaymentError, match="already paid"):
        pay(10000, card(10000), cash(5000))


def test_underpaid() -> None:
    with pytest.raises(PaymentError, match=r"underpaid by 20\.50") as exc:
        pay(10000, card(5000), cash(2950))
    assert exc.value.details["reason"] == "underpaid"


def test_no_tenders_for_a_positive_total_is_underpaid() -> None:
    with pytest.raises(PaymentError, match=r"underpaid by 100\.00"):
        pay(10000)


@pytest.mark.parametrize("refs", [("AB1234", "AB1234"), ("AB1234", " ab1234 ")])
def test_duplicate_card_reference(refs: tuple[str, str]) -> None:
    with pytest.raises(PaymentError, match="entered twice"):
        pay(20000, card(10000, refs[0]), card(10000, refs[1]))


def test_same_reference_on_card_and_mobile_is_not_a_duplicate() -> None:
    pay(20000, card(10000, "1234567890"), mobile(10000, "1234567890"))


@pytest.mark.parametrize("ref", ["", "ABC", "A" * 21, "AB-1234", "AB 1234"])
def test_bad_card_reference(ref: str) -> None:
    with pytest.raises(PaymentError, match="approval code"):
        pay(10000, card(10000, ref))


@pytest.mark.parametrize("ref", ["", "123456789", "1" * 33, "2024-11-25-1234"])
def test_bad_mobile_reference(ref: str) -> None:
    with pytest.raises(PaymentError, match="transaction number"):
        pay(10000, mobile(10000, ref))


@pytest.mark.parametrize(
    ("total", "tender"),
    [
        (10000, cash(0)),
        (10000, cash(-100)),
        (10000, Tender("cash", Money(10000, "USD"))),
        (10000, Tender("cheque", cny(10000))),  # type: ignore[arg-type]
        (-1, cash(100)),
    ],
)
def test_odd_tenders_are_invalid(total: int, tender: Tender) -> None:
    with pytest.raises(InvalidInput):
        pay(total, tender)


def test_missing_provider() -> None:
    providers: dict[TenderKind, PaymentProvider] = {"cash": CashDrawer()}
    with pytest.raises(PaymentError, match="no card payments"):
        pay(10000, card(10000), providers=providers)


def test_provider_under_the_wrong_kind() -> None:
    providers: dict[TenderKind, PaymentProvider] = {"card": ManualMobilePay()}
    with pytest.raises(InvalidInput):
        pay(10000, card(10000, "1234567890"), providers=providers)


class RecordingCard:
    name = "recording"
    kind: TenderKind = "card"

    def __init__(self) -> None:
        self.calls: list[Money] = []

    def authorise(self, *, amount: Money, reference: str) -> str:
        self.calls.append(amount)
        return reference


def test_refused_split_never_reaches_the_provider() -> None:
    rec = RecordingCard()
    providers: dict[TenderKind, PaymentProvider] = {"card": rec, "cash": CashDrawer()}
    for tenders in ([card(5000, "AAAA1"), cash(100)], [card(5000, "AAAA1"), card(6000, "AAAA2")]):
        with pytest.raises(PaymentError):
            pay(10000, *tenders, providers=providers)
    assert rec.calls == []
    pay(10000, card(4000, "AAAA1"), cash(6000), providers=providers)
    assert rec.calls == [cny(4000)]


def test_providers_satisfy_the_protocol() -> None:
    providers: list[PaymentProvider] = [CashDrawer(), ManualCardTerminal(), ManualMobilePay()]
    assert [p.kind for p in providers] == ["cash", "card", "mobile"]


# --- parse_tender ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cash:120.50", Tender("cash", cny(12050))),
        ("cash:120", Tender("cash", cny(12000))),
        ("cash:0.5", Tender("cash", cny(50))),
        ("card:300:AB1234", Tender("card", cny(30000), "AB1234")),
        (" CARD : 300 : AB1234 ", Tender("card", cny(30000), "AB1234")),
        ("mobile:88:2024112512345678", Tender("mobile", cny(8800), "2024112512345678")),
    ],
)
def test_parse_tender(text: str, expected: Tender) -> None:
    assert parse_tender(text, currency="CNY") == expected


def test_parse_tender_currency() -> None:
    assert parse_tender("cash:10", currency="HKD").amount == Money(1000, "HKD")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "cash",
        "120.50",
        "cash:",
        "cash:abc",
        "cash:1.234",
        "cash:-5",
        "cash:0",
        "cash:0.00",
        "cash:1e3",
        "cash:.5",
        "cash:²",  # isdigit() says yes, int() says no
        "cash:１２",  # full-width digits
        "cash:10:REF",
        "card:300",
        "card:300:",
        "mobile:88",
        "cheque:100:123",
        "card:300:AB:12",
    ],
)
def test_parse_tender_bad_syntax(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_tender(text, currency="CNY")


# --- properties -----------------------------------------------------------------------

kinds: st.SearchStrategy[TenderKind] = st.sampled_from(["cash", "card", "mobile"])


@st.composite
def tender_lists(draw: st.DrawFn) -> list[Tender]:
    out = []
    for i in range(draw(st.integers(min_value=0, max_value=5))):
        kind = draw(kinds)
        amount = draw(st.integers(min_value=1, max_value=200_000))
        ref = {"cash": "", "card": f"CARD{i:04d}", "mobile": f"{i:012d}"}[kind]
        out.append(Tender(kind, cny(amount), ref))
    return out


@given(total=st.integers(min_value=0, max_value=300_000), tenders=tender_lists())
def test_settlement_is_exact_or_refused(total: int, tenders: list[Tender]) -> None:
    try:
        s = pay(total, *tenders)
    except PaymentError:
        return
    assert sum(t.amount.amount for t in s.tenders) == total
    tendered = sum(t.amount.amount for t in tenders)
    assert s.change.amount == tendered - total >= 0
    for t in s.tenders:
        assert t.amount.amount > 0
        if t.kind != "cash":
            assert t.tendered == t.amount
    cash_lines = [t for t in s.tenders if t.kind == "cash"]
    assert s.change.amount == sum(t.tendered.amount - t.amount.amount for t in cash_lines)
    # Non-cash first, then cash.
    assert [t.kind == "cash" for t in s.tenders] == sorted(t.kind == "cash" for t in s.tenders)


@given(
    total=st.integers(min_value=1, max_value=300_000),
    card_share=st.integers(min_value=0, max_value=300_000),
    extra_cash=st.integers(min_value=0, max_value=100_000),
)
def test_card_plus_cash_up_to_total_always_settles(total: int, card_share: int, extra_cash: int) -> None:
    card_fen = min(card_share, total)
    cash_fen = total - card_fen + extra_cash
    tenders = ([card(card_fen)] if card_fen else []) + ([cash(cash_fen)] if cash_fen else [])
    if card_fen == total and extra_cash:
        with pytest.raises(PaymentError):
            pay(total, *tenders)
        return
    s = pay(total, *tenders)
    assert s.change.amount == (extra_cash if cash_fen else 0)
    assert sum(t.amount.amount for t in s.tenders) == total
