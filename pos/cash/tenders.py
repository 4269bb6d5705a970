"""Taking payment: the clerk's tenders, checked and applied to an order's total.

Pure apart from the providers it is handed. A card is paid on a stand-alone terminal and the
clerk keys its approval code. A mobile payment is either keyed the same way (the wallet app's
transaction number), or, scanned as a payment code, charged at the wallet's gateway before the
sale by :mod:`pos.payments.checkout`, which hands the charge in here as an already-authorised
provider (named ``wechat`` / ``alipay``, the reference the gateway's transaction id).

Rules
-----
* Malformed input is :class:`InvalidInput`: a negative total, a tender of 0 or less, a
  currency other than the total's, an unknown kind, a provider registered under the wrong
  kind. Refusals of the payment itself are :class:`PaymentError`.
* Non-cash tenders are applied first, in the order given, then cash. A non-cash tender may
  not exceed what is still due (card and mobile give no change). Cash may exceed it; the
  excess is change. Several cash tenders are one handover and settle as one cash line.
* Every tender must pay something: cash when card and mobile already cover the total is
  refused, and a zero-total order takes no tenders at all.
* Tendered below the total: "underpaid by X".
* One card (or mobile) tender per reference; the same reference twice is refused.
* The settled amounts sum to the total exactly; ``change`` is cash tendered minus cash applied.
* Every arithmetic check runs before any provider is asked, so a refused split authorises
  nothing. If a provider refuses part-way, earlier authorisations stand; with the manual
  providers here there is nothing to undo (a real gateway provider would have to void them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, get_args

from pos.errors import InvalidInput, PaymentError
from pos.money import Money

# ``points``: a member's points (issue 22), only with central's authorisation for the sale
# (``pos.members.points``); no default provider takes them.
TenderKind = Literal["cash", "card", "mobile", "points"]
TENDER_KINDS: tuple[TenderKind, ...] = get_args(TenderKind)


@dataclass(frozen=True, slots=True)
class Tender:
    """What the clerk enters: a kind, the amount handed over or charged, a reference."""

    kind: TenderKind
    amount: Money
    reference: str = ""


@dataclass(frozen=True, slots=True)
class SettledTender:
    kind: TenderKind
    amount: Money  # applied to the order
    tendered: Money  # handed over; differs from amount only for cash
    reference: str  # as returned by the provider
    provider: str
    out_trade_no: str = ""  # a wallet charge's merchant trade number (issue 19), for central


@dataclass(frozen=True, slots=True)
class Settlement:
    tenders: tuple[SettledTender, ...]
    total: Money
    change: Money


class PaymentProvider(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def kind(self) -> TenderKind: ...

    def authorise(self, *, amount: Money, reference: str) -> str:
        """Take ``amount``; return the reference to store. Raise PaymentError if refused."""
        ...


class CashDrawer:
    """Cash goes into the drawer; there is no reference to keep."""

    name = "cash-drawer"
    kind: TenderKind = "cash"

    def authorise(self, *, amount: Money, reference: str) -> str:
        return ""


_CARD_REF = re.compile(r"[A-Za-z0-9]{4,20}")
_MOBILE_REF = re.compile(r"[A-Za-z0-9]{10,32}")


class ManualCardTerminal:
    """The clerk keys the approval code printed on the stand-alone card terminal's slip."""

    name = "manual-card"
    kind: TenderKind = "card"

    def authorise(self, *, amount: Money, reference: str) -> str:
        ref = reference.strip()
        if not _CARD_REF.fullmatch(ref):
            raise PaymentError(
                f"card approval code must be 4-20 letters or digits, got {reference!r}",
                reason="bad_reference",
            )
        # Approval codes are printed in capitals; a clerk typing lower case means the same code.
        return ref.upper()


class ManualMobilePay:
    """The clerk keys the transaction number the customer's wallet app (Alipay, WeChat Pay) shows."""

    name = "manual-mobile"
    kind: TenderKind = "mobile"

    def authorise(self, *, amount: Money, reference: str) -> str:
        ref = reference.strip()
        if not _MOBILE_REF.fullmatch(ref):
            raise PaymentError(
                f"mobile transaction number must be 10-32 letters or digits, got {reference!r}",
                reason="bad_reference",
            )
        return ref


def default_providers() -> dict[TenderKind, PaymentProvider]:
    return {"cash": CashDrawer(), "card": ManualCardTerminal(), "mobile": ManualMobilePay()}


def settle(
    *, total: Money, tenders: Sequence[Tender], providers: Mapping[TenderKind, PaymentProvider]
) -> Settlement:
    currency = total.currency
    if total.amount < 0:
        raise InvalidInput(f"order total cannot be negative, got {total}")
    for t in tenders:
        if t.kind not in TENDER_KINDS:
            raise InvalidInput(f"unknown tender kind {t.kind!r}; use cash, card, mobile or points")
        if t.amount.currency != currency:
            raise InvalidInput(f"{t.kind} tender is in {t.amount.currency}, the order is in {currency}")
        if t.amount.amount <= 0:
            raise InvalidInput(f"{t.kind} tender must be more than 0, got {t.amount.format()}")

    non_cash = [t for t in tenders if t.kind != "cash"]
    cash = [t for t in tenders if t.kind == "cash"]

    if total.amount == 0:
        if tenders:
            raise PaymentError("nothing is due on this order; take no payment", reason="overpaid")
        return Settlement(tenders=(), total=total, change=Money.zero(currency))

    # Arithmetic first, so that a refused split never reaches a provider.
    due = total.amount
    seen: set[tuple[str, str]] = set()
    for t in non_cash:
        if t.amount.amount > due:
            raise PaymentError(
                f"{t.kind} payment of {t.amount.format()} is more than the {Money(due, currency).format()} "
                f"still due; {t.kind} gives no change",
                reason="overpaid",
            )
        due -= t.amount.amount
        key = (t.kind, t.reference.strip().upper())
        if key[1] and key in seen:
            raise PaymentError(
                f"{t.kind} reference {t.reference.strip()} is entered twice", reason="duplicate"
            )
        seen.add(key)
    cash_tendered = sum(t.amount.amount for t in cash)
    if cash_tendered < due:
        raise PaymentError(
            f"underpaid by {Money(due - cash_tendered, currency).format()}",
            reason="underpaid",
            short=Money(due - cash_tendered, currency),
        )
    if cash and due == 0:
        raise PaymentError("the order is already paid in full without the cash; remove it", reason="overpaid")

    for kind in [k for k in TENDER_KINDS if any(t.kind == k for t in tenders)]:  # stable error order
        provider = providers.get(kind)
        if provider is None:
            raise PaymentError(f"this terminal takes no {kind} payments", reason="no_provider")
        if provider.kind != kind:
            raise InvalidInput(f"provider {provider.name} handles {provider.kind}, not {kind}")

    settled: list[SettledTender] = []
    stored_refs: set[tuple[str, str]] = set()
    for t in non_cash:
        provider = providers[t.kind]
        ref = provider.authorise(amount=t.amount, reference=t.reference)
        # The provider may normalise the reference; check again on what will be stored.
        if ref and (t.kind, ref) in stored_refs:
            raise PaymentError(f"{t.kind} reference {ref} is entered twice", reason="duplicate")
        stored_refs.add((t.kind, ref))
        # Only a wallet charge's provider has a trade number (pos.payments.settling).
        trade_no = str(getattr(provider, "out_trade_no", ""))
        settled.append(SettledTender(t.kind, t.amount, t.amount, ref, provider.name, trade_no))
    change = Money(cash_tendered - due, currency)
    if cash:
        drawer = providers["cash"]
        applied = Money(due, currency)
        ref = drawer.authorise(amount=applied, reference="")
        settled.append(SettledTender("cash", applied, Money(cash_tendered, currency), ref, drawer.name))

    assert sum(s.amount.amount for s in settled) == total.amount
    return Settlement(tenders=tuple(settled), total=total, change=change)


_KINDS: dict[str, TenderKind] = {k: k for k in TENDER_KINDS}
_AMOUNT = re.compile(r"[0-9]+(\.[0-9]{1,2})?")


def parse_tender(text: str, *, currency: str) -> Tender:
    """Parse the CLI form ``kind:amount[:reference]``, e.g. ``cash:120.50``, ``card:300:AB1234``."""
    parts = [p.strip() for p in text.strip().split(":")]
    usage = "use cash:AMOUNT, card:AMOUNT:APPROVAL, mobile:AMOUNT:TRANSACTION or points:AMOUNT"
    if len(parts) not in (2, 3):
        raise InvalidInput(f"not a tender: {text!r} ({usage})")
    kind = _KINDS.get(parts[0].lower())
    if kind is None:
        raise InvalidInput(f"unknown tender kind {parts[0]!r} ({usage})")
    # ASCII digits only: str.isdigit() also accepts characters int() cannot read.
    if not _AMOUNT.fullmatch(parts[1]):
        raise InvalidInput(f"not an amount: {parts[1]!r} (use e.g. 120 or 120.50)")
    amount = Money.parse(parts[1], currency)
    if amount.amount <= 0:
        raise InvalidInput(f"tender amount must be more than 0, got {parts[1]!r}")
    reference = parts[2] if len(parts) == 3 else ""
    if kind in ("cash", "points") and reference:
        raise InvalidInput(f"{kind} takes no reference: {text!r} ({usage})")
    if kind not in ("cash", "points") and not reference:
        what = "approval code" if kind == "card" else "transaction number"
        raise InvalidInput(f"{kind} needs the {what}: {kind}:{parts[1]}:REFERENCE")
    return Tender(kind=kind, amount=amount, reference=reference)
