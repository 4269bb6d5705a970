"""Customer service at central (issue 22): look-up by phone or member number, and notes."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from central.deps import Ctx, Terminal, errors, idempotent_put, with_status
from central.services import customers
from sync.protocol.customers import CustomerLookup, CustomerLookupReply, CustomerNoteReply, CustomerNoteUpload

router = APIRouter(tags=["customer service"])


@router.post("/customers/lookup", response_model=CustomerLookupReply, responses=errors(401, 404, 429))
def lookup_customer(req: CustomerLookup, caller: Terminal, ctx: Ctx) -> CustomerLookupReply:
    """A customer's recent orders from every channel and the notes recorded about them, by full
    phone number or member number. Any outlet's terminal may ask (customer service); names and
    phone are masked, no pickup or ticket code is given. Logged and throttled per terminal
    (429 ``customer_lookup_throttled``); 404 ``customer_not_found`` or ``unknown_member``."""
    return customers.lookup(ctx, caller, req)


@idempotent_put(router, "/customer-notes/{note_id}", CustomerNoteReply, 401, 409)
def put_customer_note(
    note_id: UUID, up: CustomerNoteUpload, caller: Terminal, ctx: Ctx, response: Response
) -> CustomerNoteReply:
    """A complaint or request recorded against a customer's phone at a counter."""
    return with_status(response, customers.put_note(ctx, caller, note_id, up))
