"""``pos sell``, ``pos quote`` and ``pos demo``."""

from __future__ import annotations

import click

from poscli.base import Ctx, handle_errors, open_store, pass_ctx
from poscli.cart import Cart, breakdown_dict, breakdown_text, cart_options, print_sale
from poscli.member_cmd import check_member


@click.command()
@cart_options
@pass_ctx
@handle_errors
def quote(ctx: Ctx, performance_id: str, cart: Cart) -> None:
    """Price a cart without selling it."""
    from pos.sales import quote as do_quote

    store = open_store(ctx)
    check_member(store, cart.member_number)
    q = do_quote(
        store,
        performance_id=performance_id,
        items=cart.items(),
        coupon_code=cart.coupon,
        member_number=cart.member_number,
    )
    ctx.emit(breakdown_dict(q.breakdown), breakdown_text(q.breakdown))


@click.command()
@cart_options
@click.option(
    "--tender",
    "tenders",
    multiple=True,
    required=True,
    help="cash:AMOUNT, card:AMOUNT:REF, mobile:AMOUNT:REF or points:AMOUNT (a member's points, online); "
    "mobile:AMOUNT:CODE with a scanned WeChat/Alipay payment code charges that wallet.",
)
@click.option("--staff", "staff_id", required=True)
@click.option("--pin", required=True, envvar="POS_PIN", help="The clerk's PIN (or $POS_PIN).")
@click.option("--order-id", default=None, help="The order's UUID (made here when omitted).")
@click.option("--phone", "customer_phone", default=None,
              help="The customer's mobile number, sent with the order: customer service finds it by phone.")
@click.option(
    "--offline",
    "force_offline",
    is_flag=True,
    help="Force the offline policy (a test or a drill): sell only offline stock, without a hold; journaled.",
)
@pass_ctx
@handle_errors
def sell(
    ctx: Ctx, performance_id: str, cart: Cart, tenders: tuple[str, ...], staff_id: str, pin: str,
    order_id: str | None, customer_phone: str | None, force_offline: bool,
) -> None:
    """Sell tickets; prints the order number and the ticket codes. Online, the cart is held
    at central first (all or nothing) and the order sent at once; offline (or --offline),
    only what this terminal may sell offline."""
    from pos.cash.tenders import parse_tender
    from pos.sales.selling import sell_cart
    from pos.staff.access import authenticate
    from pos.terminal.identity import load_signer, terminal_info

    store = open_store(ctx)
    info = terminal_info(store)
    items = cart.items()
    parsed = [parse_tender(t, currency=info.currency) for t in tenders]
    actor = authenticate(store, staff_id=staff_id, pin=pin)
    gateway = None
    if not force_offline:
        from sync.enrol import central_link

        if central_link(store) is not None:
            from sync.online import CentralHoldGateway

            gateway = CentralHoldGateway(store)
    check_member(store, cart.member_number)  # issue 22: an unknown member is refused here
    from poscli import wallet_cmd

    code = wallet_cmd.scanned(parsed)  # a payment code (付款码): charged before the sale commits
    try:
        result = wallet_cmd.sell_by_code(
            ctx, store, code, parsed, gateway=gateway, performance_id=performance_id, items=items,
            actor=actor, signer=load_signer(store), coupon_code=cart.coupon, member_number=cart.member_number,
            customer_phone=customer_phone, order_id=order_id, force_offline=force_offline,
        ) if code is not None else sell_cart(
            store,
            gateway=gateway,
            performance_id=performance_id,
            items=items,
            tenders=parsed,
            actor=actor,
            signer=load_signer(store),
            coupon_code=cart.coupon,
            member_number=cart.member_number,
            customer_phone=customer_phone,
            order_id=order_id,
            force_offline=force_offline,
        )
    finally:
        if gateway is not None:
            gateway.close()
    print_sale(ctx, result)


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
    from poscli.demo_wallet import demo_wallets

    say = (lambda _s: None) if ctx.as_json else click.echo
    if standalone or central_url:
        with demo_wallets(ctx, say):
            run_demo(ctx, central_url=central_url, central_db=central_db)
        return
    with embedded_central(ctx, port or DEMO_PORT, say) as (url, db_url), demo_wallets(ctx, say):
        run_demo(ctx, central_url=url, central_db=db_url)
        if open_app if open_app is not None else (has_screen() and not ctx.as_json):
            from poscli.sandbox import run_sandbox
            from ui.app import run

            say("counter app: sign in with a PIN shown on the screen; central stops when the app closes")
            code = run(ctx.data_dir, demo_hint=demo_hint(), sandbox=run_sandbox)
            if code:
                raise SystemExit(code)
