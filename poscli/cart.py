"""Carts and sales at the command line: ``--seat``/``--standing``/``--concession``… into cart
items, and a sale or a price breakdown shown as text or JSON. Shared by ``pos sell``,
``pos quote``, ``pos exchange`` and ``pos demo``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import click

from poscli.base import Ctx


def cart_items(
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

def breakdown_dict(b: Any) -> dict[str, Any]:
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


def breakdown_text(b: Any) -> str:
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
    """The cart's options, given to the command as ``performance_id`` and one ``cart: Cart``."""

    @functools.wraps(fn)
    def command(*args: Any, seats: tuple[str, ...], standings: tuple[str, ...], concession: str,
                holders: tuple[str, ...], coupon: str | None, member_number: str | None,
                **kwargs: Any) -> Any:  # fmt: skip
        cart = Cart(seats, standings, concession, holders, coupon, member_number)
        return fn(*args, cart=cart, **kwargs)

    for option in reversed(_cart_options):
        command = option(command)
    return command


@dataclass(frozen=True)
class Cart:
    """What the cart options said."""

    seats: tuple[str, ...]
    standings: tuple[str, ...]
    concession: str
    holders: tuple[str, ...]
    coupon: str | None
    member_number: str | None

    def items(self) -> list[Any]:
        return cart_items(self.seats, self.standings, self.concession, self.holders)


def print_sale(ctx: Ctx, result: Any) -> None:
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
            "breakdown": breakdown_dict(result.breakdown),
        },
        "\n".join(
            [
                f"order {result.order_number}  total {result.total}  change {result.change.format()}",
                breakdown_text(result.breakdown),
                *(
                    f"{t.ticket_id}  {t.seat_id or t.area_id:<16} {t.concession:<8} {t.code}"
                    for t in result.tickets
                ),
            ]
        ),
    )
