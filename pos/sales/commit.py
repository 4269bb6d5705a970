"""The sale's one transaction: order, tickets (the order's lines), payments, coupon use,
journal entry and outbox message, written together before anything is printed (invariant 2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from pos.cash.tenders import (
    Settlement,
)
from pos.journal import chain as journal
from pos.journal import outbox
from pos.members.points import member_columns
from pos.sales.cart import IssuedTicket, SaleResult
from pos.sales.checks import SaleContext
from pos.sales.pricing import PriceBreakdown
from pos.sales.sellability import SalesPolicy
from pos.staff.access import StaffSession
from pos.store import sql
from pos.tickets import TicketClaims, TicketSigner, new_ticket_id, sealing
from pos.tickets.realname import Holder


def kept_holder(holder: Holder | None, digest_key: bytes) -> dict[str, str]:
    """A ticket row's holder columns: masked name and ID, document type, keyed digest."""
    if holder is None:
        return {"holder_name": "", "holder_id_type": "", "holder_id_number": "", "holder_id_masked": "",
                "holder_digest": ""}
    return {
        "holder_id_number": "",  # never kept: sealed for central in the outbox instead
        "holder_name": holder.masked_name,
        "holder_id_type": holder.id_type,
        "holder_id_masked": holder.masked_id,
        "holder_digest": sealing.holder_digest(digest_key, holder.id_type, holder.id_number),
    }


def commit_sale(
    session: Session,
    ctx: SaleContext,
    *,
    order_id: str,
    breakdown: PriceBreakdown,
    settlement: Settlement,
    coupon: Row[Any] | None,
    member_number: str | None,
    actor: StaffSession,
    approver_id: str | None,
    signer: TicketSigner,
    policy: SalesPolicy,
    now: datetime,
    shift_id: str | None = None,
    customer_phone: str | None = None,
) -> SaleResult:
    terminal = ctx.terminal
    seq_no = sql.row(
        session, "UPDATE terminal SET next_order_seq = next_order_seq + 1 RETURNING next_order_seq - 1"
    )
    assert seq_no is not None
    number = f"{terminal.terminal_id}-{seq_no[0]:06d}"
    if coupon is not None and breakdown.coupon_code:
        # The CHECK constraint refuses a use past max_uses, even from a concurrent writer.
        sql.run(session, "UPDATE coupon SET used = used + 1 WHERE code = ?", (coupon.code,))
    issued: list[IssuedTicket] = []
    ticket_rows: list[dict[str, object]] = []
    sealed: dict[str, str] = {}  # ticket id -> holder sealed for central: the outbox only
    has_holders = any(r.item.holder for r in ctx.resolved)
    seal_to = sealing.seal_key(session) if has_holders else None
    digest_key = signer.holder_digest_key() if has_holders else b""
    for line_no, (r, priced) in enumerate(zip(ctx.resolved, breakdown.tickets, strict=True), start=1):
        ticket_id = new_ticket_id()
        holder = r.item.holder
        claims = TicketClaims(
            ticket_id=ticket_id,
            performance_id=ctx.performance.id,
            item_id=r.item.item_id,
            gate_id=r.gate_id,
            concession=r.item.concession,
            issued_at=int(now.timestamp()),
            holder=holder.on_ticket if holder else "",
        )
        code = signer.sign(claims)
        ticket_rows.append(
            {
                "id": ticket_id,
                "order_id": order_id,
                "line_no": line_no,
                "performance_id": ctx.performance.id,
                "seat_id": r.item.seat_id,
                "area_id": r.item.area_id,
                "zone_id": r.zone_id,
                "gate_id": r.gate_id,
                "concession": r.item.concession,
                "list_price": priced.list_price.amount,
                "discount": priced.discount.amount,
                "promotion_id": priced.promotion_id,
                "fee": priced.fee.amount,
                "total": priced.total.amount,
                # Only what the door and the receipt need, and a keyed digest (issue 18).
                **kept_holder(holder, digest_key),
                "code": code,
                "key_id": signer.key_id,
                "status": "valid",
                "issued_at": now,
            }
        )
        if holder is not None and seal_to is not None:
            sealed[ticket_id] = sealing.seal(seal_to, holder.id_type, holder.id_number)
        issued.append(
            IssuedTicket(
                ticket_id=ticket_id,
                code=code,
                seat_id=r.item.seat_id,
                area_id=r.item.area_id,
                section_id=r.section_id,
                row_label=r.row_label,
                seat_number=r.seat_number,
                gate_id=r.gate_id,
                concession=r.item.concession,
                price=priced.total,
                holder_masked=holder.on_ticket if holder else "",
            )
        )
    payments = [
        {
            "order_id": order_id,
            "kind": t.kind,
            "provider": t.provider,
            "amount": t.amount.amount,
            "tendered": t.tendered.amount,
            "reference": t.reference,
        }
        for t in settlement.tenders
    ]
    overridden = [
        {"item": r.item.item_id, "list_price": r.list_price, "override_price": r.item.override_price}
        for r in ctx.resolved
        if r.item.override_price is not None
    ]
    seq = journal.append(
        session,
        kind="sale",
        terminal_id=terminal.terminal_id,
        staff_id=actor.staff_id,
        approver_id=approver_id,
        ref=order_id,
        data={
            "number": number,
            "performance": ctx.performance.id,
            "tickets": [t["id"] for t in ticket_rows],
            "total": breakdown.total.amount,
            "currency": breakdown.total.currency,
            "payments": [{"kind": p["kind"], "amount": p["amount"]} for p in payments],
            "mode": policy.mode,
            "price_overrides": overridden,
        },
        now=now,
    )
    sql.insert(
        session,
        "sale_order",
        [
            dict(
                id=order_id,
                number=number,
                terminal_id=terminal.terminal_id,
                outlet_id=terminal.outlet_id,
                performance_id=ctx.performance.id,
                staff_id=actor.staff_id,
                approver_id=approver_id,
                created_at=now,
                mode=policy.mode,
                hold_id=policy.hold_id,
                status="paid",
                currency=breakdown.total.currency,
                subtotal=breakdown.subtotal.amount,
                discount_total=breakdown.discount_total.amount,
                fee_total=breakdown.fee_total.amount,
                total=breakdown.total.amount,
                change_given=settlement.change.amount,
                ticket_count=len(ticket_rows),
                coupon_code=breakdown.coupon_code,
                member_number=member_number,
                journal_seq=seq,
                shift_id=shift_id,
                **member_columns(session, ctx.event.id, member_number, breakdown.total.amount, settlement),
            )
        ],
    )
    sql.insert(session, "ticket", ticket_rows)
    sql.insert(session, "payment", payments)
    payload = {
        "order_id": order_id,
        "number": number,
        "terminal_id": terminal.terminal_id,
        "outlet_id": terminal.outlet_id,
        "performance_id": ctx.performance.id,
        "created_at": now.isoformat(),
        "mode": policy.mode,
        "hold_id": policy.hold_id,
        "staff_id": actor.staff_id,
        "approver_id": approver_id,
        "price_overrides": [
            t["id"] for t, r in zip(ticket_rows, ctx.resolved, strict=True) if r.item.override_price is not None
        ],
        "currency": breakdown.total.currency,
        "subtotal": breakdown.subtotal.amount,
        "discount_total": breakdown.discount_total.amount,
        "fee_total": breakdown.fee_total.amount,
        "total": breakdown.total.amount,
        "coupon_code": breakdown.coupon_code,
        "member_number": member_number,
        # Only in the upload (issue 22): central keeps a digest to find the order by phone;
        # the terminal keeps no customer phone in its order rows.
        **({"customer_phone": customer_phone} if customer_phone else {}),
        "journal_seq": seq,
        "tickets": [
            {
                k: (v.isoformat() if isinstance(v, datetime) else v)
                for k, v in t.items()
                if k not in ("order_id", "status", "holder_digest")
            }
            | ({sealing.SEALED_FIELD: sealed[str(t["id"])]} if str(t["id"]) in sealed else {})
            for t in ticket_rows
        ],
        # A wallet charge also names its merchant trade number (issue 19): central reconciles by it.
        "payments": [
            {k: v for k, v in p.items() if k != "order_id"} | ({"out_trade_no": t.out_trade_no} if t.out_trade_no else {})
            for p, t in zip(payments, settlement.tenders, strict=True)
        ],
    }
    outbox.enqueue(session, message_id=order_id, kind="order", payload=payload, now=now)
    return SaleResult(
        order_id=order_id,
        order_number=number,
        performance_id=ctx.performance.id,
        total=breakdown.total,
        change=settlement.change,
        tickets=tuple(issued),
        settlement=settlement,
        breakdown=breakdown,
        journal_seq=seq,
        mode=policy.mode,
    )
