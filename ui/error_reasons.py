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
