"""Tickets: signed codes (invariant 4, :mod:`.codec` for the layout, re-exported here),
real-name holders, and what printing needs from the store: print jobs, the printable view of
an order, reprints and printer profiles (:mod:`.printjobs`). The codec uses nothing of the
core; printing uses the store, the journal and outbox, and staff (a reprint's approval)."""

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
