"""Close-outs: the terminal's totals for a period against central's, and the outlet's
settlement (gross, refunds, commission, net owed, credit)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.customer_models import InvoiceRequest
from central.errors import conflict
from central.models import Closeout, Order, Outlet, Refund
from central.payment_models import OrderPayment
from central.services import partner
from central.services.common import digest, serialize
from central.services.credit import credit_used, is_limited
from sync.protocol.closeouts import (
    CloseoutReply,
    CloseoutUpload,
    InvoicedRefund,
    PaymentTotal,
    Settlement,
    Totals,
)


def _totals(s: Session, start: datetime, end: datetime, *, outlet_id: str, terminal_id: str | None) -> Totals:
    oq = select(func.count(Order.id), func.coalesce(func.sum(Order.tickets), 0),
                func.coalesce(func.sum(Order.total), 0)).where(
        Order.kind == "outlet", Order.outlet_id == outlet_id, Order.sold_at >= start, Order.sold_at < end)
    rq = select(func.coalesce(func.sum(Refund.amount), 0)).where(
        Refund.outlet_id == outlet_id, Refund.refunded_at >= start, Refund.refunded_at < end)
    if terminal_id is not None:
        oq = oq.where(Order.terminal_id == terminal_id)
        rq = rq.where(Refund.terminal_id == terminal_id)
    orders, tickets, gross = s.execute(oq).one()
    refunds = s.execute(rq).scalar_one()
    return Totals(orders=int(orders), tickets=int(tickets), gross=int(gross), refunds=int(refunds))


def invoiced_refunds(s: Session, start: datetime, end: datetime, terminal_id: str) -> list[InvoicedRefund]:
    """The terminal's refunds of the period whose order had an invoice requested before
    central took the refund (issue 22): the invoice must be reversed (红字发票)."""
    rows = s.execute(
        select(Refund.order_id, Refund.id, Refund.amount, InvoiceRequest.requested_at, Refund.refunded_at)
        .join(InvoiceRequest, InvoiceRequest.order_id == Refund.order_id)
        .where(Refund.terminal_id == terminal_id, Refund.refunded_at >= start, Refund.refunded_at < end,
               InvoiceRequest.requested_at < Refund.accepted_at)
        .order_by(Refund.refunded_at)
    ).all()
    return [InvoicedRefund(order_id=UUID(o), refund_id=UUID(r), amount=a, invoiced_at=i, refunded_at=at)
            for o, r, a, i, at in rows]


def by_payment(s: Session, outlet_id: str, start: datetime, end: datetime) -> list[PaymentTotal]:
    """The outlet's orders of the period, summed by method and, for mobile, by wallet."""
    rows = s.execute(
        select(OrderPayment.method, OrderPayment.wallet, func.count(), func.sum(OrderPayment.amount))
        .where(OrderPayment.outlet_id == outlet_id, OrderPayment.sold_at >= start, OrderPayment.sold_at < end)
        .group_by(OrderPayment.method, OrderPayment.wallet)
    ).all()
    return sorted((PaymentTotal(method=m, wallet=w, payments=int(n), amount=int(a)) for m, w, n, a in rows),
                  key=lambda t: (t.method, t.wallet or ""))


def settlement(s: Session, outlet_id: str, start: datetime, end: datetime) -> Settlement:
    outlet = s.get(Outlet, outlet_id)
    assert outlet is not None
    t = _totals(s, start, end, outlet_id=outlet_id, terminal_id=None)
    net = t.gross - t.refunds
    # The commission each order earned less what each refund gave back (issue 24: rules by
    # event or category), the very figures the credit and the partner's statement use.
    earned = s.execute(select(func.coalesce(func.sum(Order.commission), 0)).where(
        Order.kind == "outlet", Order.outlet_id == outlet_id, Order.sold_at >= start, Order.sold_at < end)).scalar_one()
    returned = s.execute(select(func.coalesce(func.sum(Refund.commission), 0)).where(
        Refund.outlet_id == outlet_id, Refund.refunded_at >= start, Refund.refunded_at < end)).scalar_one()
    commission = int(earned) - int(returned)
    limited = is_limited(outlet.kind, outlet.credit_limit)
    used = credit_used(s, outlet)
    return Settlement(
        outlet_id=outlet_id, period_start=start, period_end=end, orders=t.orders, tickets=t.tickets,
        gross=t.gross, refunds=t.refunds, net_sales=net, commission_bps=outlet.commission_bps,
        commission=commission, net_owed=net - commission, credit_limit=outlet.credit_limit,
        credit_used=used,
        credit_available=outlet.credit_limit - used if limited else None,
        by_payment=by_payment(s, outlet_id, start, end),
    )


def put_closeout(ctx: Central, caller: Caller, closeout_id: UUID, up: CloseoutUpload) -> tuple[int, CloseoutReply]:
    d = digest(up)

    def tx(s: Session) -> tuple[int, CloseoutReply]:
        serialize(s, f"put:{closeout_id}")
        existing = s.get(Closeout, str(closeout_id))
        if existing is not None:
            if existing.terminal_id != caller.terminal_id or existing.digest != d:
                raise conflict("close-out id already used with a different payload")
            return 200, CloseoutReply.model_validate(existing.reply)
        now = ctx.now()
        server = _totals(s, up.period_start, up.period_end, outlet_id=caller.outlet_id,
                         terminal_id=caller.terminal_id)
        discrepancies = [
            f"{name}: terminal {getattr(up.totals, name)}, central {getattr(server, name)}"
            for name in ("orders", "tickets", "gross", "refunds")
            if getattr(up.totals, name) != getattr(server, name)
        ]
        if discrepancies:  # listed to the partner, with what to do (issue 24)
            partner.record_mismatch(
                s, closeout_id=str(closeout_id), caller=caller, business_date=up.business_date,
                start=up.period_start, end=up.period_end, now=now,
                fields={name: [getattr(up.totals, name), getattr(server, name)]
                        for name in ("orders", "tickets", "gross", "refunds")
                        if getattr(up.totals, name) != getattr(server, name)})
        reply = CloseoutReply(
            closeout_id=closeout_id, terminal_id=caller.terminal_id, business_date=up.business_date,
            accepted_at=now, terminal=up.totals, server=server, discrepancies=discrepancies,
            settlement=settlement(s, caller.outlet_id, up.period_start, up.period_end),
            invoiced_refunds=invoiced_refunds(s, up.period_start, up.period_end, caller.terminal_id),
        )
        s.add(Closeout(id=str(closeout_id), terminal_id=caller.terminal_id, outlet_id=caller.outlet_id,
                       business_date=up.business_date, digest=d, reply=reply.model_dump(mode="json"),
                       accepted_at=now))
        return 201, reply

    return ctx.db.run(tx)
