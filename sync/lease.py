"""Refilling this terminal's lease of offline stock from central (issue 17).

Run in every sync cycle after the outbox drained, so that central already counts what this
terminal sold and tops the lease up to its outlet's size; the whole lease comes back and
replaces the stored one (see :mod:`pos.terminal.lease`)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from pos.store.db import Store
from pos.terminal import lease
from sync.protocol.leases import LeaseRefill, LeaseReply
from sync.transport import CentralClient

log = logging.getLogger(__name__)


def to_lease(reply: LeaseReply) -> lease.Lease:
    return lease.Lease(
        seats={p.performance_id: tuple(p.seat_ids) for p in reply.performances if p.seat_ids},
        standing={(p.performance_id, a.area_id): a.granted for p in reply.performances for a in p.standing},
    )


def refill_lease(store: Store, client: CentralClient, *, now: datetime | None = None) -> int:
    """Refill and store the lease; returns how many seats and standing units it now holds
    (as central counts them). Raises the transport's errors: the caller decides."""
    reply = client.post("/lease", LeaseRefill(), LeaseReply)
    with store.write() as session:
        lease.replace(session, to_lease(reply), now=now or datetime.now(UTC))
    held = sum(len(p.seat_ids) + sum(a.remaining for a in p.standing) for p in reply.performances)
    log.info("lease refilled: %d seats and standing places over %d performances", held, len(reply.performances))
    return held


def return_lease(store: Store, client: CentralClient, *, now: datetime | None = None) -> None:
    """Give the whole lease back (a terminal being retired): nothing sells offline after."""
    reply = client.delete("/lease", LeaseReply)
    with store.write() as session:
        lease.replace(session, to_lease(reply), now=now or datetime.now(UTC))
