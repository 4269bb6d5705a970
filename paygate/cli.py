"""``pos payment gateway serve``: the local wallet gateway for the demo and manual tests."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from paygate.democodes import ALIPAY, WECHAT

DEMO_MERCHANT = "demo"


@click.group(name="gateway")
def gateway() -> None:
    """The local WeChat Pay / Alipay gateway (no real money: for tests and the demo)."""


@gateway.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8790, show_default=True, type=click.IntRange(1, 65535))
@click.option("--data-dir", "data_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("paygate-data"), show_default=True, help="The gateway's books and keys.")
@click.option("--confirm-queries", default=2, show_default=True, type=click.IntRange(1, 100),
              help="Queries after which a customer asked for a password has confirmed.")
@click.option("--slow-seconds", default=20.0, show_default=True, type=click.FloatRange(0, 600),
              help="How late the slow-reply demo code answers.")
def serve(host: str, port: int, data_dir: Path, confirm_queries: int, slow_seconds: float) -> None:
    """Run the gateway; print its URLs and the demo merchant's credentials file."""
    import uvicorn

    from paygate.app import create_app
    from paygate.merchants import ensure_merchant

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(data_dir=data_dir.resolve(), confirm_queries=confirm_queries, slow_seconds=slow_seconds)
    shown = f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{port}"
    files = ensure_merchant(app.state.gateway.ledger, data_dir.resolve(), DEMO_MERCHANT, base_url=base)
    click.echo(f"Alipay gateway:   {files.alipay_gateway}")
    click.echo(f"WeChat Pay base:  {files.wechat_gateway}")
    click.echo(f"demo merchant credentials: {files.credentials_file}")
    click.echo(f"set up a terminal with:\n  pos payment setup demo --credentials {files.credentials_file}\nor:")
    click.echo(f"  pos payment setup alipay --app-id {files.alipay_app_id} "
               f"--private-key-file {files.alipay_private_key_file} "
               f"--alipay-public-key-file {files.alipay_public_key_file} --gateway {files.alipay_gateway}")
    click.echo(f"  pos payment setup wechat --mch-id {files.wechat_mch_id} --app-id {files.wechat_app_id} "
               f"--api-key-file {files.wechat_api_key_file} --gateway {files.wechat_gateway}")
    click.echo("demo payment codes (WeChat / Alipay):")
    for scenario, code in WECHAT.items():
        click.echo(f"  {scenario.value:<20} {code}  {ALIPAY[scenario]}")
    uvicorn.run(app, host=host, port=port, log_level="info")
