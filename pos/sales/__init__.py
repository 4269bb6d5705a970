"""Selling: quote a cart, then commit the sale in one transaction (see :mod:`.service`). The
CLI, the app and scripts sell through :func:`sell_cart` (:mod:`.selling`), which chooses the
online (hold at central) or offline policy the same way for all of them;
pricing, what is sellable, and the checks a sale and an exchange share. Uses the store, the
journal and outbox, cash (tenders, the drawer's open shift), staff, the terminal (online or
offline) and tickets (signing)."""

from __future__ import annotations

from pos.sales.cart import CartItem, IssuedTicket, Quote, SaleResult, holder_from_text, standing
from pos.sales.selling import sell_cart
from pos.sales.service import quote, sell

__all__ = [
    "CartItem",
    "IssuedTicket",
    "Quote",
    "SaleResult",
    "holder_from_text",
    "quote",
    "sell",
    "sell_cart",
    "standing",
]
