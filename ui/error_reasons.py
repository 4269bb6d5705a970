"""The words for refusals the core names by a reason (``details["reason"]``): which check of
the input, which pricing rule. :func:`ui.errors.describe` looks them up; %1 takes the core's
fact (a coupon's code, a ticket limit). Functions, so the words follow the language in force."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate  # lupdate reads translate("errors", "…")
Words = Callable[[], tuple[str, str]]


INVALID: dict[str, Words] = {  # an input refusal the core (or a screen's parser) named: what to type instead
    "not_an_amount": lambda: (
        translate("errors", "Not an amount."),
        translate("errors", "Type yuan, e.g. 500 or 12.50."),
    ),
}

PRICING: dict[str, Words] = {  # a pricing refusal's reason → what happened and what to do, the core's facts in %1
    "unknown_coupon": lambda: (
        translate("errors", "There is no coupon %1."),
        translate("errors", "Check the code on the coupon, or remove it."),
    ),
    "used_up": lambda: (
        translate("errors", "Coupon %1 has been used up."),
        translate("errors", "Remove the coupon: it cannot be used again."),
    ),
    "not_applicable": lambda: (
        translate("errors", "Coupon %1 does not apply to these tickets (show, concession or dates)."),
        translate("errors", "Remove the coupon, or change the tickets it is for."),
    ),
    "concession_not_sold": lambda: (
        translate("errors", "A ticket type in the cart is not sold in that price zone."),
        translate("errors", "Change the ticket type of that line."),
    ),
    "too_many_tickets": lambda: (
        translate("errors", "At most %1 tickets per order for this show."),
        translate("errors", "Remove tickets, or sell them as two orders."),
    ),
}

PAYMENT: dict[str, Words] = {  # a wallet payment's refusal (pos.payments), by the core's reason
    "insufficient_balance": lambda: (
        translate("errors", "The customer's balance is not enough for this payment. Nothing was charged."),
        translate("errors", "Ask the customer to choose another card in the wallet, or pay another way."),
    ),
    "code_expired": lambda: (
        translate("errors", "The payment code has expired. Nothing was charged."),
        translate("errors", "Ask the customer to refresh the code in the wallet app, then scan again."),
    ),
    "code_invalid": lambda: (
        translate("errors", "The payment code is not valid. Nothing was charged."),
        translate("errors", "Ask the customer to refresh the code in the wallet app, then scan again."),
    ),
    "duplicate_trade": lambda: (
        translate("errors", "The wallet says this payment was already made."),
        translate("errors", "Check the Orders screen before charging again; call a supervisor."),
    ),
    "trade_closed": lambda: (
        translate("errors", "The wallet closed the payment. Anything taken was given back."),
        translate("errors", "Scan a fresh payment code, or pay another way."),
    ),
    "account_restricted": lambda: (
        translate("errors", "The wallet refused this customer's account. Nothing was charged."),
        translate("errors", "Ask the customer to pay another way."),
    ),
    "limit_exceeded": lambda: (
        translate("errors", "The amount is over the customer's wallet limit. Nothing was charged."),
        translate("errors", "Split the payment (part in cash), or pay another way."),
    ),
    "wallet_refused": lambda: (
        translate("errors", "The wallet refused the payment. Nothing was charged."),
        translate("errors", "Scan a fresh code, or pay another way."),
    ),
    "cancelled": lambda: (
        translate("errors", "The payment was cancelled. Anything taken was given back."),
        translate("errors", "Scan again, or pay another way."),
    ),
    "no_confirmation": lambda: (
        translate("errors", "The customer did not confirm in time. Anything taken was given back."),
        translate("errors", "Scan a fresh code and ask the customer to confirm in the wallet app."),
    ),
    "no_provider": lambda: (
        translate("errors", "This terminal takes no payments from that wallet."),
        translate("errors", "Pay another way; a supervisor sets wallets up (pos payment setup)."),
    ),
    "already_done": lambda: (
        translate("errors", "This was already done: the customer is not charged again."),
        translate("errors", "Check the Orders screen; anything taken now is given back."),
    ),
    "points_offline": lambda: (
        translate("errors", "Points can be used only while central answers. Nothing was charged."),
        translate("errors", "Clear the points and take another payment."),
    ),
    "points_insufficient": lambda: (
        translate("errors", "The member has fewer points free than that. Nothing was charged."),
        translate("errors", "Type fewer points, or take another payment."),
    ),
}

def _yuan(fen: object) -> str:
    amount = int(fen) if isinstance(fen, int | str) and str(fen).lstrip("-").isdigit() else 0
    return f"¥{max(amount, 0) / 100:,.2f}"


# A city partner's sale refused by its contract or its credit (issue 24), with the core's figures.
PARTNER_REFUSALS: dict[str, Callable[[dict[str, object]], tuple[str, str]]] = {
    "credit_limit": lambda d: (
        translate("errors", "This sale would pass the outlet's credit: %1 left, the sale needs %2.")
        .replace("%1", _yuan(d.get("credit_left"))).replace("%2", _yuan(d.get("needed"))),
        translate("errors", "Sell fewer tickets, or ask the platform to record the outlet's payment."),
    ),
    "contract_ended": lambda d: (
        translate("errors", "This outlet's partner contract ended on %1: it sells no more.")
        .replace("%1", str(d.get("contract_end", ""))),
        translate("errors", "Pickups, refunds of this outlet's orders and the close-out still work."),
    ),
    "contract_not_started": lambda d: (
        translate("errors", "This outlet's partner contract starts on %1: no sales before then.")
        .replace("%1", str(d.get("contract_start", ""))),
        translate("errors", "Pickups and refunds still work; sell from the contract's first day."),
    ),
}
