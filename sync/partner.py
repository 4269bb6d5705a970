"""The partner's account at central (issue 24): the terms and credit left, kept for the sale
checks and the status bar; the statement and the close-out mismatches, read on demand."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

from pos.partner import account as acct
from pos.store.db import Store
from pos.terminal.identity import terminal_info
from sync.protocol.partner import MismatchList, PartnerAccount, Statement
from sync.transport import CentralClient

log = logging.getLogger(__name__)


def pull_account(store: Store, client: CentralClient, *, now: datetime | None = None) -> acct.Account:
    """Ask central for this outlet's account and keep it. The orders not yet uploaded are
    noted first: central's figure cannot include them (see :mod:`pos.partner.account`)."""
    asked_at = now or datetime.now(UTC)
    with store.read() as session:
        pending = acct.pending_orders(session)
    outlet_id = terminal_info(store).outlet_id
    reply = client.get(f"/outlets/{outlet_id}/account", PartnerAccount)
    account = acct.from_wire(reply.model_dump(mode="python"), asked_at=asked_at, pending=pending)
    acct.keep(store, account)
    return account


def statement(client: CentralClient, outlet_id: str, date_from: date, date_to: date) -> Statement:
    return client.get(f"/outlets/{outlet_id}/statement", Statement,
                      params={"from": date_from.isoformat(), "to": date_to.isoformat()})


def mismatches(client: CentralClient, outlet_id: str) -> MismatchList:
    return client.get(f"/outlets/{outlet_id}/mismatches", MismatchList)
