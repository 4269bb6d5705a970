"""Selling: quote a cart, then commit the sale in one transaction (see :mod:`.service`)."""

from __future__ import annotations

from pos.sales.cart import CartItem, IssuedTicket, Quote, SaleResult, holder_from_text, standing
from pos.sales.service import quote, sell

__all__ = ["CartItem", "IssuedTicket", "Quote", "SaleResult", "holder_from_text", "quote", "sell", "standing"]
