"""``pos customer find`` and ``pos customer note`` (issue 22): customer service at the counter."""

from __future__ import annotations

from typing import Any

import click

from poscli.base import Ctx, handle_errors, open_store, pass_ctx


@click.group()
def customer() -> None:
    """Find a customer's orders (online only) and record notes for customer service."""


@customer.command("find")
@click.option("--phone", default=None, help="The customer's full mobile number.")
@click.option("--member", "member_number", default=None, help="A member number.")
@click.option("--token-file", is_flag=True, help="Read the central token from its owner-only file.")
@pass_ctx
@handle_errors
def find(ctx: Ctx, phone: str | None, member_number: str | None, token_file: bool) -> None:
    """The customer's recent orders from every channel, and the notes about them (asked of
    central: logged there, and throttled). Exit 2 when nothing is found or central refuses."""
    from sync.customers import find_customer
    from sync.enrol import central_link, connect

    store = open_store(ctx)
    client = connect(store, allow_token_file=token_file) if central_link(store) is not None else None
    try:
        found = find_customer(store, client, phone=phone, member_number=member_number)
    finally:
        if client is not None:
            client.close()
    r = found.reply
    orders = [
        {
            "order_id": str(o.order_id),
            "channel": o.channel,
            "number": o.number,
            "performance": o.performance_id,
            "sold_at": o.sold_at.isoformat(),
            "total": o.total,
            "tickets": o.tickets,
            "refunded_tickets": o.refunded_tickets,
            "outlet": o.outlet_id,
            "terminal": o.terminal_id,
            "buyer": o.buyer_name,
            "collected": o.collected,
            "invoiced": o.invoiced,
            "open_here": found.openable(o),
        }
        for o in r.orders
    ]
    notes = [
        {
            "note_id": str(n.note_id),
            "kind": n.kind,
            "text": n.text,
            "noted_at": n.noted_at.isoformat(),
            "outlet": n.outlet_id,
            "staff": n.staff_id,
        }
        for n in r.notes
    ]
    lines = [f"customer {r.phone_masked}: {len(orders)} orders, {len(notes)} notes"]
    lines += [_order_line(o) for o in orders]
    lines += [
        f"  note {n['noted_at'][:16]} {n['kind']} ({n['outlet']}/{n['staff']}): {n['text']}" for n in notes
    ]
    ctx.emit({"phone": r.phone_masked, "orders": orders, "notes": notes}, "\n".join(lines))


def _order_line(o: dict[str, Any]) -> str:
    where = o["outlet"] or "-"
    flags = [
        f
        for f, on in (
            ("refunded", o["refunded_tickets"]),
            ("collected", o["collected"]),
            ("invoiced", o["invoiced"]),
        )
        if on
    ]
    action = {"local": " [refund/exchange here]", "pickup": " [pickup]"}.get(o["open_here"], "")
    return (
        f"  {o['sold_at'][:16]} {o['channel']:6} {o['number']} {o['performance']} x{o['tickets']} "
        f"{o['total'] / 100:.2f} at {where}{' ' + ','.join(flags) if flags else ''}{action}"
    )


@customer.command("note")
@click.option("--phone", required=True, help="The customer's full mobile number.")
@click.option("--kind", type=click.Choice(["complaint", "request"]), required=True)
@click.option(
    "--text", required=True, help="What the customer said or asked (one line, at most 500 characters)."
)
@click.option("--order", "order_id", default=None, help="The order it is about (UUID), if any.")
@click.option("--staff", "staff_id", required=True)
@click.option("--pin", required=True, envvar="POS_PIN", help="The clerk's PIN (or $POS_PIN).")
@pass_ctx
@handle_errors
def note(ctx: Ctx, phone: str, kind: str, text: str, order_id: str | None, staff_id: str, pin: str) -> None:
    """Record a complaint or request against the customer: queued and sent to central with the
    next sync (kept here while offline)."""
    from pos.customers.notes import record_note
    from pos.customers.phone import masked
    from pos.staff.access import authenticate

    store = open_store(ctx)
    actor = authenticate(store, staff_id=staff_id, pin=pin)
    q = record_note(store, phone=phone, kind=kind, text=text, actor=actor, order_id=order_id)
    ctx.emit(
        {"note_id": q.note_id, "phone": masked(q.phone), "kind": q.kind, "queued": True},
        f"{q.kind} noted for {masked(q.phone)} ({q.note_id}): sent to central with the next sync",
    )
