"""Printing the tickets of an online order handed out at the counter (取票).

The order is not a sale of this terminal, so it does not come from the store's orders: the
core builds its :class:`~pos.printjobs.OrderPrint` (``pos.pickup.pickup_print``) and the
same ticket layouts print it. The job is recorded like any other, under the online order's id.
"""

from __future__ import annotations

from datetime import datetime

from pos import printjobs
from pos.printjobs import OrderPrint, PrintRefused
from pos.store.db import Store
from printing import fonts
from printing.connections import send
from printing.jobs import PrintOutcome, Transport, _run, order_documents
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
    if printer.mode == "raster":
        fonts.check_font()
    printed = {
        code
        for j in printjobs.jobs(store, order_id=order.order_id, limit=1000)
        if j.status == "printed"
        for code in j.codes.values()
    }
    if printed & {t.code for t in order.valid_tickets}:
        raise PrintRefused(
            f"the tickets of online order {order.number} were printed already", order=order.number
        )
    docs = order_documents(order, tickets=True, receipt=False, receipt_copy=False)
    job = printjobs.start_job(
        store,
        kind="ticket",
        printer=printer.name,
        mode=printer.mode,
        order_id=order.order_id,
        codes={t.ticket_id: t.code for t in order.valid_tickets},
        staff_id=staff_id,
        now=now,
    )
    return _run(store, job, docs, printer, transport, now)
