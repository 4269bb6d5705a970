"""Printing the tickets of an online order handed out at the counter (取票).

The order is not a sale of this terminal, so it does not come from the store's orders: the
core builds its :class:`~pos.printjobs.OrderPrint` (``pos.pickup.pickup_print``) and the
same ticket layouts print it. The job is recorded like any other, under the online order's id.
"""

from __future__ import annotations

from datetime import datetime

from pos.store.db import Store
from pos.tickets.printjobs import OrderPrint, PrintRefused
from printing.connections import send
from printing.jobs import (
    PrintOutcome,
    Transport,
    order_documents,
    print_documents,
    printed_codes,
    refuse_open_jobs,
)
from printing.profiles import PrinterProfile


def print_pickup(
    store: Store,
    *,
    order: OrderPrint,
    printer: PrinterProfile,
    staff_id: str | None = None,
    transport: Transport = send,
    now: datetime | None = None,
) -> PrintOutcome:
    """Print the order's tickets once; printing them again is a reprint, not a pickup."""
    codes = {t.code for t in order.valid_tickets}
    if printed_codes(store, order.order_id) & codes:
        raise PrintRefused(
            f"the tickets of online order {order.number} were printed already", order=order.number
        )
    refuse_open_jobs(store, order.order_id, order.number, codes)
    return print_documents(
        store,
        kind="ticket",
        documents=order_documents(order, tickets=True, receipt=False, receipt_copy=False),
        printer=printer,
        order_id=order.order_id,
        codes={t.ticket_id: t.code for t in order.valid_tickets},
        staff_id=staff_id,
        transport=transport,
        now=now,
    )
