"""``pos refund``, ``pos exchange``, ``pos void`` and ``pos pickup``."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import click

from poscli import wallet_cmd
from poscli.acting import Acting, approver_options
from poscli.base import Ctx, handle_errors, open_store, pass_ctx
from poscli.cart import cart_items

log = logging.getLogger(__name__)


@click.command()
@click.argument("order")
@click.option("--ticket", "ticket_ids", multiple=True, help="Refund only these tickets.")
@approver_options
@pass_ctx
@handle_errors
def refund(ctx: Ctx, order: str, ticket_ids: tuple[str, ...], acting: Acting) -> None:
    """Refund an order (by number or UUID), or some of its tickets. Needs a supervisor; after
    the event's refund window, a supervisor's late approval (--late)."""
    from pos.aftersales.reversal import refund as do_refund
    from pos.staff.access import Permission

    store = open_store(ctx)
    actor = acting.actor(store)
    ov = acting.override(store, Permission.REFUND)
    r = do_refund(
        store,
        order=order,
        actor=actor,
        ticket_ids=ticket_ids or None,
        override=ov,
        reason=acting.reason,
        reversal_id=acting.action_id,
    )
    wallet_json, wallet_text = wallet_cmd.refunds_after(ctx, store, r.reversal_id)  # back to the wallet
    ctx.emit(
        {**_reversal_dict(r), "late": r.late, **wallet_json},
        f"refunded {r.amount} on order {r.order_number}: "
        + _refunds_text(r)
        + (f" (late, approved by {r.approver_id})" if r.late else "")
        + wallet_text,
    )


def _reversal_dict(r: Any) -> dict[str, Any]:
    """A refund or a void, as JSON."""
    return {
        "reversal_id": r.reversal_id,
        "order_number": r.order_number,
        "tickets": list(r.ticket_ids),
        "amount": r.amount.amount,
        "refunds": [{"kind": k, "amount": a.amount, "reference": ref} for k, a, ref in r.refunds],
        "approver": r.approver_id,
    }


def _refunds_text(r: Any) -> str:
    return ", ".join(f"{k} {a.format()}" for k, a, _ in r.refunds)


@click.command()
@click.argument("order")
@click.option("--ticket", "ticket_ids", multiple=True, help="Exchange only these tickets (default: all).")
@click.option("--performance", "performance_id", required=True, help="The performance of the new tickets.")
@click.option("--seat", "seats", multiple=True, help="New seat ID[:CONCESSION] (repeatable).")
@click.option("--standing", "standings", multiple=True, help="New standing AREA=N[:CONCESSION].")
@click.option("--concession", default="adult", show_default=True)
@click.option("--holder", "holders", multiple=True, help="NAME:ID per new ticket (real-name events).")
@click.option(
    "--tender", "tenders", multiple=True, help="To collect a difference: cash:AMOUNT, card:AMOUNT:REF…"
)
@click.option("--online", is_flag=True, help="Hold the new seats at central first (beyond the allocation).")
@approver_options
@pass_ctx
@handle_errors
def exchange(
    ctx: Ctx,
    order: str,
    ticket_ids: tuple[str, ...],
    performance_id: str,
    seats: tuple[str, ...],
    standings: tuple[str, ...],
    concession: str,
    holders: tuple[str, ...],
    tenders: tuple[str, ...],
    online: bool,
    acting: Acting,
) -> None:
    """Exchange tickets of ORDER for other seats or another performance; the difference is
    collected (--tender) or refunded to the original tenders."""
    from pos.aftersales.exchange import exchange as do_exchange
    from pos.cash.tenders import parse_tender
    from pos.staff.access import Permission
    from pos.terminal.identity import load_signer, terminal_info

    store = open_store(ctx)
    info = terminal_info(store)
    items = cart_items(seats, standings, concession, holders)
    parsed = [parse_tender(t, currency=info.currency) for t in tenders]
    actor = acting.actor(store)
    ov = acting.override(store, Permission.EXCHANGE)
    policy, release = _online_policy(store, performance_id, items) if online else (None, None)
    try:
        x = do_exchange(
            store,
            order=order,
            ticket_ids=ticket_ids or None,
            performance_id=performance_id,
            items=items,
            tenders=parsed,
            actor=actor,
            signer=load_signer(store),
            override=ov,
            policy=policy,
            reason=acting.reason,
            exchange_id=acting.action_id,
        )
    except BaseException:
        if release is not None:
            try:
                release()  # nothing was exchanged: give the seats back at once
            except Exception as exc:  # the hold then expires by itself
                log.warning("could not release the exchange's hold: %s", exc)
        raise
    if online:
        from sync.enrol import connect
        from sync.relay import drain

        drain(store, connect(store))  # upload now: the hold is consumed by the exchange
    settled = (
        "collected " + ", ".join(f"{k} {a.format()}" for k, a, _ in x.collected)
        if x.difference.amount > 0
        else "refunded " + ", ".join(f"{k} {a.format()}" for k, a, _ in x.refunds)
        if x.difference.amount < 0
        else "no difference"
    )
    ctx.emit(
        {
            "exchange_id": x.exchange_id,
            "old_order": x.old_order_number,
            "old_tickets": list(x.old_ticket_ids),
            "new_order": x.new_order_number,
            "new_order_id": x.new_order_id,
            "new_tickets": list(x.new_ticket_ids),
            "credit": x.credit.amount,
            "new_total": x.new_total.amount,
            "difference": x.difference.amount,
            "collected": [{"kind": k, "amount": a.amount, "reference": r} for k, a, r in x.collected],
            "change": x.change.amount,
            "refunds": [{"kind": k, "amount": a.amount, "reference": r} for k, a, r in x.refunds],
            "approver": x.approver_id,
            "late": x.late,
            **wallet_cmd.refunds_after(ctx, store, x.exchange_id)[0],  # the difference back to the wallet
        },
        f"exchanged {len(x.old_ticket_ids)} ticket(s) of {x.old_order_number} for new order "
        f"{x.new_order_number} ({', '.join(x.new_ticket_ids)}): {settled}"
        + (f", change {x.change.format()}" if x.change.amount else ""),
    )


def _online_policy(store: Any, performance_id: str, items: list[Any]) -> tuple[Any, Any]:
    """A hold at central for the new tickets (seats, or places in one standing area)."""
    from pos.errors import InvalidInput
    from sync.enrol import connect
    from sync.online import OnlineHoldPolicy, hold, release

    seats = [i.seat_id for i in items if i.seat_id]
    areas = {i.area_id for i in items if i.area_id}
    if (seats and areas) or len(areas) > 1:
        raise InvalidInput("online, exchange for seats or for one standing area at a time")
    client = connect(store)
    held = (
        hold(client, performance_id=performance_id, seat_ids=seats)
        if seats
        else hold(client, performance_id=performance_id, area_id=next(iter(areas)), quantity=len(items))
    )
    return OnlineHoldPolicy(held), lambda: release(client, held)


@click.command()
@approver_options
@pass_ctx
@handle_errors
def void(ctx: Ctx, acting: Acting) -> None:
    """Void this terminal's last sale, minutes after it (a supervisor, or with one's approval)."""
    from pos.aftersales.reversal import void_last_sale
    from pos.errors import InvalidInput
    from pos.staff.access import Permission

    if acting.late:
        raise InvalidInput("a void has no late approval: refund the order instead")
    store = open_store(ctx)
    actor = acting.actor(store)
    ov = acting.override(store, Permission.VOID)
    v = void_last_sale(store, actor=actor, override=ov, reason=acting.reason, reversal_id=acting.action_id)
    wallet_json, wallet_text = wallet_cmd.refunds_after(ctx, store, v.reversal_id)  # back to the wallet
    ctx.emit(_reversal_dict(v) | wallet_json, f"voided order {v.order_number}: " + _refunds_text(v) + wallet_text)


@click.command()
@click.argument("code", required=False)
@click.option("--order", "order_number", default=None, help="The online order number (W + 9 digits).")
@click.option("--phone-last4", default=None, help="The last 4 digits of the buyer's phone.")
@click.option("--staff", "staff_id", default=None, help="Who hands it out (needed unless --lookup-only).")
@click.option("--pin", default=None, envvar="POS_PIN")
@click.option("--lookup-only", is_flag=True, help="Show the order without handing it out.")
@click.option("--offline", is_flag=True, help="Do not ask central (only this outlet's copies).")
@click.option("--printer", "printer_name", default=None, help="Print the tickets on this printer profile.")
@click.option(
    "--preview", type=click.Path(dir_okay=False, path_type=Path), default=None, help="PNG of the tickets."
)
@click.option("--token-file", is_flag=True, help="The central token is kept in the owner-only file.")
@pass_ctx
@handle_errors
def pickup(
    ctx: Ctx,
    code: str | None,
    order_number: str | None,
    phone_last4: str | None,
    staff_id: str | None,
    pin: str | None,
    lookup_only: bool,
    offline: bool,
    printer_name: str | None,
    preview: Path | None,
    token_file: bool,
) -> None:
    """Hand out an online order (取票) by pickup CODE, or by --order N --phone-last4 DDDD."""
    from pos.errors import InvalidInput
    from pos.pickup.printout import pickup_print
    from pos.pickup.service import parse_query
    from pos.staff.access import authenticate
    from sync.enrol import central_link, connect
    from sync.pickup import collect, lookup

    query = parse_query(code=code, order_number=order_number, phone_last4=phone_last4)
    store = open_store(ctx)
    client = None
    if not offline and central_link(store) is not None:
        client = connect(store, allow_token_file=token_file)
    if lookup_only:
        found, from_copy = lookup(store, client, query)
        _emit_order(ctx, found, from_copy, None)
        return
    if not staff_id or not pin:
        raise InvalidInput("handing out an order needs --staff and --pin (or --lookup-only)")
    actor = authenticate(store, staff_id=staff_id, pin=pin)
    done = collect(store, client, query=query, actor=actor)
    printed = None
    if printer_name or preview:
        data = pickup_print(store, done.order)
        if preview is not None:
            from printing.jobs import order_documents
            from printing.render import render_preview

            docs = order_documents(data, tickets=True, receipt=False, receipt_copy=False)
            try:
                render_preview(docs, paper=80).save(preview)
            except OSError as exc:
                raise InvalidInput(f"cannot write {preview}: {exc.strerror or exc}") from exc
            printed = str(preview)
        if printer_name:
            from poscli.print_cmd import _profile
            from printing.pickup import print_pickup

            outcome = print_pickup(
                store, order=data, printer=_profile(store, printer_name), staff_id=actor.staff_id
            )
            printed = outcome.job.job_id
    _emit_order(ctx, done.order, done.offline, printed, pickup_id=done.pickup_id)


def _emit_order(ctx: Ctx, o: Any, from_copy: bool, printed: str | None, pickup_id: str | None = None) -> None:
    c = o.collected
    collected = (
        {"collected_at": c.collected_at.isoformat(), "outlet_id": c.outlet_id, "terminal_id": c.terminal_id}
        if c
        else None
    )
    head = f"online order {o.order_number or o.order_id}  code {o.pickup_code}  {o.buyer_name}  total {o.total / 100:.2f}"
    state = (
        f"collected {c.collected_at:%Y-%m-%d %H:%M} UTC at {c.outlet_id}"
        + (" (offline: central hears of it at the next sync)" if from_copy and pickup_id else "")
        if c
        else "not collected"
    )
    ctx.emit(
        {
            "order_id": o.order_id,
            "order_number": o.order_number,
            "pickup_code": o.pickup_code,
            "performance_id": o.performance_id,
            "buyer_name": o.buyer_name,
            "total": o.total,
            "tickets": [
                {
                    "ticket_id": t.ticket_id,
                    "seat": t.seat_id,
                    "area": t.area_id,
                    "concession": t.concession,
                    "price": t.price,
                    "code": t.code or None,  # none before collection: central withholds it
                }
                for t in o.tickets
            ],
            "collected": collected,
            "pickup_id": pickup_id,
            "offline": from_copy,
            "printed": printed,
        },
        "\n".join(
            [
                head,
                state,
                *(
                    f"{t.ticket_id}  {t.seat_id or t.area_id:<16} {t.concession:<8} {t.code}"
                    for t in o.tickets
                ),
            ]
            + ([f"printed: {printed}"] if printed else [])
        ),
    )
