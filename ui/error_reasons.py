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
}
