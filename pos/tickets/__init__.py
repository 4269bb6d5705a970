"""Signed ticket codes (invariant 4): see :mod:`pos.tickets.codec` for the layout."""

from __future__ import annotations

from pos.tickets.codec import (
    CODE_VERSION,
    MAX_CODE_CHARS,
    MAX_FIELD_BYTES,
    TicketClaims,
    TicketSigner,
    VerifiedTicket,
    generate_private_key,
    key_id_for,
    new_ticket_id,
    peek,
    private_key_from_pem,
    private_key_to_pem,
    verify,
)

__all__ = [
    "CODE_VERSION",
    "MAX_CODE_CHARS",
    "MAX_FIELD_BYTES",
    "TicketClaims",
    "TicketSigner",
    "VerifiedTicket",
    "generate_private_key",
    "key_id_for",
    "new_ticket_id",
    "peek",
    "private_key_from_pem",
    "private_key_to_pem",
    "verify",
]
