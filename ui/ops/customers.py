"""Customer service (issue 22): look a customer up at central (network lane: online only)
and queue a note for central (the store's write lane)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pos.customers.notes import NoteQueued, record_note
from pos.staff.access import StaffSession
from pos.store.db import Store
from ui.ops.op import Op, network, write
from ui.ops.pickup import ClientFactory, _with_client

if TYPE_CHECKING:
    from sync.customers import FoundCustomer
    from sync.transport import CentralClient


def find(
    store: Store, clients: ClientFactory, *, phone: str | None, member_number: str | None
) -> Op[FoundCustomer]:
    def work(client: CentralClient | None) -> FoundCustomer:
        from sync.customers import find_customer

        return find_customer(store, client, phone=phone, member_number=member_number)

    return network("customer_find", lambda: _with_client(clients, work))


def note(store: Store, *, phone: str, kind: str, text: str, actor: StaffSession) -> Op[NoteQueued]:
    return write("customer_note", lambda: record_note(store, phone=phone, kind=kind, text=text, actor=actor))
