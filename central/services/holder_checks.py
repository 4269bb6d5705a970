"""One ticket per ID document per performance, across every channel (issue 18).

Terminals send each real-name ticket's holder sealed to central's key (``holder_sealed`` on a
ticket line, ``holders`` on a hold request). Central opens the box, names the document by its
keyed digest (``central.holder_keys``) and keeps one :class:`HolderClaim` per performance and
digest: checked before seats are held (:func:`check_hold`) and taken with the order
(:func:`claim_tickets`), where a duplicate refuses the order and so revokes its codes (the
refused-order path, ``central.services.refusals``).

Central trusts no digest a terminal could compute: it derives its own from the number in the
box, so a forged digest, a box sealed to another key, or one copied from another order
(replay) gets the terminal nothing. A claim is released when its ticket is refunded, voided
or exchanged (revoked for any reason but a reprint, whose new code keeps the claim)."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.errors import ApiError, unprocessable
from central.holder_keys import Unsealable
from central.models import CatalogItem, Revocation, Ticket
from central.models_holders import HolderClaim
from sync.protocol.orders import TicketLine

ID_TYPES = frozenset({"resident_id", "passport", "hk_macau_permit", "taiwan_permit"})
_RESIDENT = re.compile(r"[0-9]{17}[0-9X]")
_OTHER = re.compile(r"[A-Z0-9]{5,20}")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _document(ctx: Central, box: str) -> tuple[str, str]:
    """``(id_type, number)`` out of a sealed holder; 422 when it is not one of ours."""
    try:
        plain = ctx.holders().unseal(box)
    except Unsealable as exc:
        raise unprocessable("holder_unsealable", str(exc)) from exc
    id_type, _, number = plain.partition("|")
    if id_type == "resident_id":
        ok = bool(_RESIDENT.fullmatch(number)) and "10X98765432"[
            sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True)) % 11] == number[17]
    else:
        ok = id_type in ID_TYPES and bool(_OTHER.fullmatch(number))
    if not ok:
        raise unprocessable("holder_invalid", "the sealed holder is not a valid ID document")
    return id_type, number


def _taken(s: Session, performance_id: str, digests: Sequence[str]) -> dict[str, Any]:
    """The claims on these digests that still stand, by digest; stale ones are deleted."""
    if not digests:
        return {}
    rows = list(s.execute(select(HolderClaim.digest, HolderClaim.ticket_id).where(
        HolderClaim.performance_id == performance_id, HolderClaim.digest.in_(sorted(set(digests))))))
    if not rows:
        return {}
    ids = [r.ticket_id for r in rows]
    # A ticket not written yet (an earlier order of the same batch) still holds its claim.
    revoked = set(s.scalars(select(Ticket.id).where(Ticket.id.in_(ids), Ticket.status != "valid")))
    reprinted = set(s.scalars(select(Revocation.ticket_id).where(
        Revocation.ticket_id.in_(revoked), Revocation.reason == "reprint"))) if revoked else set()
    stale = [r.digest for r in rows if r.ticket_id in revoked and r.ticket_id not in reprinted]
    if stale:
        s.execute(delete(HolderClaim).where(HolderClaim.performance_id == performance_id,
                                            HolderClaim.digest.in_(stale)))
    return {r.digest: r.ticket_id for r in rows if r.digest not in stale}


def _refuse_taken(performance_id: str) -> ApiError:
    return unprocessable("holder_has_ticket",
                         "this ID document already holds a ticket for this performance",
                         performance_id=performance_id)


def check_hold(s: Session, ctx: Central, performance_id: str, boxes: Sequence[str]) -> None:
    """Before seats are held: none of the cart's holders already holds a ticket (409)."""
    if not boxes:
        return
    keys = ctx.holders()
    digests = [keys.digest(*_document(ctx, b)) for b in boxes]
    if len(set(digests)) != len(digests):
        raise unprocessable("holder_repeated", "real-name events allow one ticket per ID document")
    if _taken(s, performance_id, digests):
        raise ApiError(409, "holder_has_ticket",
                       "this ID document already holds a ticket for this performance",
                       performance_id=performance_id)


def _real_name_events(s: Session, ctx: Central, event_ids: set[str]) -> set[str]:
    """The real-name events among these: one flag read from the catalog document (in the
    database, not the whole document), kept for ``catalog_cache_seconds`` as performances are."""
    now = time.monotonic()
    cache = ctx.real_name_events
    fresh = {e for e in event_ids if e in cache and now - cache[e][0] < ctx.catalog_cache_seconds}
    missing = sorted(event_ids - fresh)
    if missing:
        flag = CatalogItem.data["real_name_required"].as_boolean()
        found: dict[str, bool | None] = dict(s.execute(select(CatalogItem.item_id, flag).where(
            CatalogItem.kind == "event", CatalogItem.item_id.in_(missing))).all())
        if len(cache) >= 10_000:
            cache.clear()
        for e in missing:
            cache[e] = (now, bool(found.get(e)))
    return {e for e in event_ids if cache[e][1]}


def claim_tickets(
    s: Session, ctx: Central, caller: Caller, order_id: UUID, tickets: Sequence[TicketLine],
    perfs: dict[str, Any], now: datetime,
) -> None:
    """Take one claim per real-name ticket of the order, in its transaction; a ticket of a
    real-name event without its sealed holder, or a holder who already has a ticket for the
    performance (in this order or another, of any outlet or channel), refuses the order."""
    real = _real_name_events(s, ctx, {p.event_id for p in perfs.values()})
    if not real and not any(t.holder_sealed for t in tickets):
        return
    keys = ctx.holders()
    wanted: dict[tuple[str, str], tuple[TicketLine, str, str]] = {}
    for t in tickets:
        if t.holder_sealed is None:
            if perfs[t.performance_id].event_id in real:
                raise unprocessable("holder_missing", f"ticket {t.ticket_id} is for a real-name event: "
                                    "it needs its holder, sealed to central", ticket_id=t.ticket_id)
            continue
        id_type, number = _document(ctx, t.holder_sealed)
        key = (t.performance_id, keys.digest(id_type, number))
        if key in wanted:
            raise unprocessable("holder_repeated", "real-name events allow one ticket per ID document")
        wanted[key] = (t, id_type, number)
    by_perf: dict[str, list[str]] = {}
    for perf_id, d in wanted:
        by_perf.setdefault(perf_id, []).append(d)
    for perf_id, digests in by_perf.items():
        if _taken(s, perf_id, digests):
            raise _refuse_taken(perf_id)
    rows = [
        HolderClaim(performance_id=perf_id, digest=d, ticket_id=t.ticket_id, order_id=str(order_id),
                    outlet_id=caller.outlet_id, id_type=id_type, id_number=keys.encrypt(number),
                    created_at=now)
        for (perf_id, d), (t, id_type, number) in wanted.items()
    ]
    try:
        with s.begin_nested():  # a racing order took the same holder first: a refusal, not a 500
            s.add_all(rows)
            s.flush()
    except IntegrityError as exc:
        raise _refuse_taken(rows[0].performance_id) from exc
