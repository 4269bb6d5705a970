"""Journal anchors: a terminal's signed journal head in, central's signed receipt out."""

from __future__ import annotations

from fastapi import APIRouter, Response

from central.deps import Ctx, Key, Terminal, errors, with_status
from central.services import anchors
from sync.protocol.journal import AnchorReceipt, JournalHead

router = APIRouter(tags=["journal"])


@router.put(
    "/journal/anchor",
    response_model=AnchorReceipt,
    responses={201: {"model": AnchorReceipt}, **errors(401, 403, 409)},
)
def put_anchor(head: JournalHead, caller: Terminal, ctx: Ctx, key: Key, response: Response) -> AnchorReceipt:
    """Anchor the terminal's journal head: 201 with central's signed receipt when new, 200
    with the same receipt for the head acknowledged last; 403 for a signature that is not
    the terminal's; 409 ``anchor_behind`` (lower than acknowledged), ``anchor_fork`` (the
    same entry with another hash, or entries that do not chain from the acknowledged head to
    this one) or ``anchor_since`` (``since`` is not the last acknowledged entry, named in
    ``details.acknowledged_seq``)."""
    return with_status(response, anchors.put_anchor(ctx, caller, head, key))


@router.get("/journal/anchor", response_model=AnchorReceipt, responses=errors(401, 404))
def get_anchor(caller: Terminal, ctx: Ctx, key: Key) -> AnchorReceipt:
    """The last journal head central acknowledged for this terminal, with its receipt."""
    return anchors.last_anchor(ctx, caller, key)
