"""``pos sell``, ``pos quote``, ``pos refund`` and ``pos demo``."""

from __future__ import annotations

from typing import Any

import click

from poscli.base import Ctx, handle_errors, open_store, pass_ctx


def _items(
    seats: tuple[str, ...], standings: tuple[str, ...], concession: str, holders: tuple[str, ...]
) -> list[Any]:
    """``--seat ID[:CONCESSION]`` and ``--standing AREA=N[:CONCESSION]`` into cart items."""
    from pos.errors import InvalidInput
    from pos.sales import CartItem, holder_from_text

    items: list[CartItem] = []
    for text in seats:
        seat, _, conc = text.partition(":")
        items.append(CartItem(concession=conc or concession, seat_id=seat))
    for text in standings:
        area, eq, rest = text.partition("=")
        qty, _, conc = rest.partition(":")
        if not eq or not qty.isdigit() or int(qty) < 1 or int(qty) > 100:
            raise InvalidInput(f"--standing takes AREA=N with N from 1 to 100, got {text!r}")
        items.extend(CartItem(concession=conc or concession, area_id=area) for _ in range(int(qty)))
    if not items:
        raise InvalidInput("name at least one --seat or --standing AREA=N")
    if holders:
        if len(holders) != len(items):
            raise InvalidInput(f"give one --holder per ticket ({len(items)} tickets, {len(holders)} holders)")
        items = [
            CartItem(
                concession=i.concession, seat_id=i.seat_id, area_id=i.area_id, holder=holder_from_text(h)
            )
            for i, h in zip(items, holders, strict=True)
        ]
    return items


def _breakdown_dict(b: Any) -> dict[str, Any]:
    return {
        "tickets": [
            {
                "item": t.item_id,
                "zone": t.zone_id,
                "concession": t.concession,
                "list_price": t.list_price.amount,
                "discount": t.discount.amount,
                "promotion": t.promotion_id,
                "fee": t.fee.amount,
                "total": t.total.amount,
            }
            for t in b.tickets
        ],
        "subtotal": b.subtotal.amount,
        "discount_total": b.discount_total.amount,
        "fee_total": b.fee_total.amount,
        "total": b.total.amount,
        "currency": b.total.currency,
        "coupon": b.coupon_code,
    }


def _breakdown_text(b: Any) -> str:
    lines = [
        f"  {t.item_id:<16} {t.concession:<8} {t.list_price.format():>9} "
        f"{('-' + t.discount.format()) if t.discount.amount else '':>9} "
        f"{('+' + t.fee.format()) if t.fee.amount else '':>8} {t.total.format():>9}"
        for t in b.tickets
    ]
    if b.order_fee.amount:
        lines.append(f"  order fee {b.order_fee.format():>47}")
    lines.append(f"  total {b.total.currency} {b.total.format():>47}")
    return "\n".join(lines)


_cart_options = [
    click.option("--performance", "performance_id", required=True),
    click.option("--seat", "seats", multiple=True, help="A seat id, optionally SEAT:CONCESSION. Repeatable."),
    click.option(
        "--standing", "standings", multiple=True, help="AREA=N, optionally AREA=N:CONCESSION. Repeatable."
    ),
    click.option(
        "--concession", default="adult", show_default=True, help="Price type for tickets that name none."
    ),
    click.option(
        "--holder", "holders", multiple=True, help="Real-name events: NAME:ID_NUMBER per ticket, in order."
    ),
    click.option("--coupon", default=None),
    click.option("--member", "member_number", default=None, help="Member number for member prices."),
]


def cart_options(fn: Any) -> Any:
    for option in reversed(_cart_options):
        fn = option(fn)
    return fn


@click.command()
@cart_options
@pass_ctx
@handle_errors
def quote(
    ctx: Ctx,
    performance_id: str,
    seats: tuple[str, ...],
    standings: tuple[str, ...],
    concession: str,
    holders: tuple[str, ...],
    coupon: str | None,
    member_number: str | None,
) -> None:
    """Price a cart without selling it."""
    from pos.sales import quote as do_quote

    store = open_store(ctx)
    q = do_quote(
        store,
        performance_id=performance_id,
        items=_items(seats, standings, concession, holders),
        coupon_code=coupon,
        member_number=member_number,
    )
    ctx.emit(_breakdown_dict(q.breakdown), _breakdown_text(q.breakdown))


@click.command()
@cart_options
@click.option(
    "--tender",
    "tenders",
    multiple=True,
    required=True,
    help="cash:AMOUNT, card:AMOUNT:REF or mobile:AMOUNT:REF.",
)
@click.option("--staff", "staff_id", required=True)
@click.option("--pin", required=True, envvar="POS_PIN", help="The clerk's PIN (or $POS_PIN).")
@click.option("--order-id", default=None, help="The order's UUID (made here when omitted).")
@pass_ctx
@handle_errors
def sell(
    ctx: Ctx,
    performance_id: str,
    seats: tuple[str, ...],
    standings: tuple[str, ...],
    concession: str,
    holders: tuple[str, ...],
    coupon: str | None,
    member_number: str | None,
    tenders: tuple[str, ...],
    staff_id: str,
    pin: str,
    order_id: str | None,
) -> None:
    """Sell tickets; prints the order number and the ticket codes."""
    from pos.cash.tenders import parse_tender
    from pos.sales import sell as do_sell
    from pos.staff.access import authenticate
    from pos.terminal.identity import load_signer, terminal_info

    store = open_store(ctx)
    info = terminal_info(store)
    items = _items(seats, standings, concession, holders)
    parsed = [parse_tender(t, currency=info.currency) for t in tenders]
    actor = authenticate(store, staff_id=staff_id, pin=pin)
    result = do_sell(
        store,
        performance_id=performance_id,
        items=items,
        tenders=parsed,
        actor=actor,
        signer=load_signer(store),
        coupon_code=coupon,
        member_number=member_number,
        order_id=order_id,
    )
    _print_sale(ctx, result)


def _print_sale(ctx: Ctx, result: Any) -> None:
    ctx.emit(
        {
            "order_id": result.order_id,
            "order_number": result.order_number,
            "performance": result.performance_id,
            "total": result.total.amount,
            "change": result.change.amount,
            "currency": result.total.currency,
            "mode": result.mode,
            "tickets": [
                {
                    "ticket_id": t.ticket_id,
                    "item": t.seat_id or t.area_id,
                    "section": t.section_id,
                    "row": t.row_label,
                    "seat": t.seat_number,
                    "gate": t.gate_id,
                    "concession": t.concession,
                    "price": t.price.amount,
                    "holder": t.holder_masked,
                    "code": t.code,
                }
                for t in result.tickets
            ],
            "breakdown": _breakdown_dict(result.breakdown),
        },
        "\n".join(
            [
                f"order {result.order_number}  total {result.total}  change {result.change.format()}",
                _breakdown_text(result.breakdown),
                *(
                    f"{t.ticket_id}  {t.seat_id or t.area_id:<16} {t.concession:<8} {t.code}"
                    for t in result.tickets
                ),
            ]
        ),
    )


@click.command()
@click.argument("order")
@click.option("--ticket", "ticket_ids", multiple=True, help="Refund only these tickets.")
@click.option("--staff", "staff_id", required=True)
@click.option("--pin", required=True, envvar="POS_PIN")
@click.option("--approver", default=None, help="Supervisor approving a clerk's refund.")
@click.option("--approver-pin", default=None, envvar="POS_APPROVER_PIN")
@click.option(
    "--late", is_flag=True, help="The refund window has closed: the approver approves a late refund."
)
@click.option("--reason", default="")
@click.option("--id", "action_id", default=None, help="This refund's UUID (a retry reuses it).")
@pass_ctx
@handle_errors
def refund(
    ctx: Ctx,
    order: str,
    ticket_ids: tuple[str, ...],
    staff_id: str,
    pin: str,
    approver: str | None,
    approver_pin: str | None,
    late: bool,
    reason: str,
    action_id: str | None,
) -> None:
    """Refund an order (by number or UUID), or some of its tickets. Needs a supervisor; after
    the event's refund window, a supervisor's late approval (--late)."""
    from pos.aftersales.reversal import refund as do_refund
    from pos.staff.access import Permission, authenticate
    from poscli.aftersales_cmd import approval

    store = open_store(ctx)
    actor = authenticate(store, staff_id=staff_id, pin=pin)
    ov = approval(store, approver, approver_pin, Permission.REFUND, late)
    r = do_refund(
        store,
        order=order,
        actor=actor,
        ticket_ids=ticket_ids or None,
        override=ov,
        reason=reason,
        reversal_id=action_id,
    )
    ctx.emit(
        {
            "reversal_id": r.reversal_id,
            "order_number": r.order_number,
            "tickets": list(r.ticket_ids),
            "amount": r.amount.amount,
            "refunds": [{"kind": k, "amount": a.amount, "reference": ref} for k, a, ref in r.refunds],
            "approver": r.approver_id,
            "late": r.late,
        },
        f"refunded {r.amount} on order {r.order_number}: "
        + ", ".join(f"{k} {a.format()}" for k, a, _ in r.refunds)
        + (f" (late, approved by {r.approver_id})" if r.late else ""),
    )


@click.command()
@click.option(
    "--central",
    "central_url",
    default=None,
    help="Enrol with this running central instead of starting one here.",
)
@click.option("--central-db", default=None, help="That central's database URL (to issue the enrolment code).")
@click.option("--standalone", is_flag=True, help="No central at all: the terminal sells its allocation offline.")
@click.option("--port", type=int, default=None, help="Port of the embedded central (default 8765).")
@click.option(
    "--app/--no-app",
    "open_app",
    default=None,
    help="Open the counter app afterwards (default: when there is a screen).",
)
@pass_ctx
@handle_errors
def demo(
    ctx: Ctx,
    central_url: str | None,
    central_db: str | None,
    standalone: bool,
    port: int | None,
    open_app: bool | None,
) -> None:
    """The quick start: a local central on SQLite with the demo catalog, a demo terminal
    enrolled and synced, a first sale uploaded, then the counter app (signed out, the demo
    PINs on the sign-in screen) while central keeps running here."""
    from poscli.demo import DEMO_PORT, demo_hint, embedded_central, has_screen, run_demo

    if standalone or central_url:
        run_demo(ctx, central_url=central_url, central_db=central_db)
        return
    say = (lambda _s: None) if ctx.as_json else click.echo
    with embedded_central(ctx, port or DEMO_PORT, say) as (url, db_url):
        run_demo(ctx, central_url=url, central_db=db_url)
        if open_app if open_app is not None else (has_screen() and not ctx.as_json):
            from ui.app import run

            say("counter app: sign in with a PIN shown on the screen; central stops when the app closes")
            code = run(ctx.data_dir, demo_hint=demo_hint())
            if code:
                raise SystemExit(code)
