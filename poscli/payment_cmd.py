"""``pos payment …``: this outlet's WeChat Pay / Alipay merchant accounts (setup, status),
the day's reconciliation against the wallets' statements, and the local gateway
(``pos payment gateway serve``) for the demo and tests.

The reconciliation report is worded in the outlet's language (zh / en), like its tickets.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from paygate.cli import gateway
from poscli.base import EXIT_FAILED_CHECK, Ctx, handle_errors, open_store, pass_ctx

_file = click.Path(dir_okay=False, path_type=Path)

WORDS = {
    "en": {"statement_only": "in the statement only (charged, no sale)", "store_only": "in the store only (no charge)",
           "amount_differs": "amount differs", "none": "no differences", "title": "{wallet} {day}: {n} in the "
           "statement, {m} in the store", "line": "{tx} {what}: statement {sp} paid / {sr} refunded; store {tp} "
           "paid / {tr} refunded"},
    "zh": {"statement_only": "仅在对账单中（已扣款，无销售）", "store_only": "仅在本机记录中（无扣款）",
           "amount_differs": "金额不符", "none": "无差异", "title": "{wallet} {day}：对账单 {n} 笔，本机 {m} 笔",
           "line": "{tx} {what}：对账单 已付 {sp} / 已退 {sr}；本机 已付 {tp} / 已退 {tr}"},
}


@click.group(name="payment")
def payment() -> None:
    """Mobile payment: WeChat Pay and Alipay payment codes (付款码)."""


payment.add_command(gateway)


@payment.group(name="setup")
def setup() -> None:
    """Set this outlet's merchant account of a wallet (keys to the OS keyring or owner-only files)."""


def _show(ctx: Ctx, done: Any) -> None:
    ctx.emit({"wallet": done.wallet, "merchant": done.merchant, "gateway": done.gateway,
              "secret_store": done.secret_store},
             f"{done.wallet}: merchant {done.merchant} at {done.gateway}; key kept in the "
             f"{'OS keyring' if done.secret_store == 'keyring' else 'owner-only file'}")


@setup.command(name="alipay")
@click.option("--app-id", required=True, help="The Alipay app id (16 digits).")
@click.option("--private-key-file", required=True, type=_file, help="The app's RSA2 private key (PEM or Alipay's bare base64).")
@click.option("--alipay-public-key-file", required=True, type=_file, help="Alipay's public key for this app.")
@click.option("--gateway", "gateway_url", required=True, help="https://openapi.alipay.com/gateway.do, or a loopback gateway.")
@pass_ctx
@handle_errors
def setup_alipay_cmd(ctx: Ctx, app_id: str, private_key_file: Path, alipay_public_key_file: Path,
                     gateway_url: str) -> None:
    """Alipay face-to-face payment (当面付)."""
    from payments.config import setup_alipay

    _show(ctx, setup_alipay(data_dir=ctx.data_dir, app_id=app_id, private_key_file=private_key_file,
                            alipay_public_key_file=alipay_public_key_file, gateway=gateway_url))


@setup.command(name="wechat")
@click.option("--mch-id", required=True, help="The WeChat Pay merchant number.")
@click.option("--app-id", required=True, help="The app id bound to it (wx…).")
@click.option("--api-key-file", required=True, type=_file, help="A file holding the 32-character API key.")
@click.option("--cert", "cert_file", type=_file, default=None, help="apiclient_cert.pem (for reverse and refund).")
@click.option("--cert-key", "cert_key_file", type=_file, default=None, help="apiclient_key.pem.")
@click.option("--gateway", "gateway_url", required=True, help="https://api.mch.weixin.qq.com/, or a loopback gateway.")
@pass_ctx
@handle_errors
def setup_wechat_cmd(ctx: Ctx, mch_id: str, app_id: str, api_key_file: Path, cert_file: Path | None,
                     cert_key_file: Path | None, gateway_url: str) -> None:
    """WeChat Pay payment codes (付款码支付)."""
    from payments.config import setup_wechat

    _show(ctx, setup_wechat(data_dir=ctx.data_dir, mch_id=mch_id, app_id=app_id, api_key_file=api_key_file,
                            gateway=gateway_url, cert_file=cert_file, cert_key_file=cert_key_file))


@setup.command(name="demo")
@click.option("--credentials", "credentials_file", required=True, type=_file,
              help="The credentials.json that `pos payment gateway serve` printed.")
@pass_ctx
@handle_errors
def setup_demo_cmd(ctx: Ctx, credentials_file: Path) -> None:
    """Both wallets at once from the local gateway's demo merchant."""
    from payments.config import setup_from_credentials

    for done in setup_from_credentials(data_dir=ctx.data_dir, credentials_file=credentials_file):
        _show(ctx, done)


@payment.command(name="status")
@pass_ctx
@handle_errors
def status_cmd(ctx: Ctx) -> None:
    """What is configured (never the keys)."""
    from payments.config import status

    shown = status(ctx.data_dir)
    lines = [f"{wallet}: " + ", ".join(f"{k} {v}" for k, v in sorted(entry.items())) for wallet, entry in shown.items()]
    ctx.emit(shown, "\n".join(lines) or "no wallet configured: see `pos payment setup --help`")


@payment.command(name="reconcile")
@click.option("--date", "day", required=True, type=click.DateTime(["%Y-%m-%d"]), help="The day, YYYY-MM-DD.")
@click.option("--wallet", type=click.Choice(["wechat", "alipay"]), default=None, help="Default: every configured one.")
@click.option("--statement", "statement_file", type=_file, default=None,
              help="Read this statement file (Alipay's zip or WeChat's text) instead of downloading it; needs --wallet.")
@pass_ctx
@handle_errors
def reconcile_cmd(ctx: Ctx, day: Any, wallet: str | None, statement_file: Path | None) -> None:
    """Compare the day's mobile payments with the wallets' statements (对账单); exit 1 on differences."""
    from payments.config import configured_providers
    from payments.reconcile import compare, download_statement, store_tenders
    from payments.statements import parse_alipay_zip, parse_wechat_text
    from pos.errors import InvalidInput
    from pos.terminal.identity import terminal_info

    store = open_store(ctx)
    info = terminal_info(store)
    words = WORDS["zh" if info.language == "zh" else "en"]
    if statement_file is not None and wallet is None:
        raise InvalidInput("--statement needs --wallet (whose statement it is)")
    providers = {} if statement_file is not None else configured_providers(data_dir=ctx.data_dir)
    wallets = [wallet] if wallet else sorted(providers)
    if not wallets:
        raise InvalidInput("no wallet configured: run `pos payment setup` first")
    report: dict[str, Any] = {}
    lines: list[str] = []
    for name in wallets:
        if statement_file is not None:
            data = statement_file.read_bytes()
            rows = parse_alipay_zip(data) if name == "alipay" else parse_wechat_text(data.decode("utf-8-sig"))
        elif name in providers:
            rows = download_statement(providers[name], day=day.date())
        else:
            raise InvalidInput(f"{name} is not configured on this terminal")
        tenders = store_tenders(store, wallet=name, day=day.date(), timezone=info.timezone)  # type: ignore[arg-type]
        found = compare(name, rows, tenders)  # type: ignore[arg-type]
        report[name] = {"statement_rows": len(rows), "store_tenders": len(tenders),
                        "differences": [_as_dict(d) for d in found]}
        lines.append(words["title"].format(wallet=name, day=day.date(), n=len(rows), m=len(tenders)))
        lines.extend("  " + words["line"].format(tx=d.transaction_id, what=words[d.kind], sp=_y(d.statement_paid),
                                                 sr=_y(d.statement_refunded), tp=_y(d.store_paid),
                                                 tr=_y(d.store_refunded)) for d in found)
        if not found:
            lines.append("  " + words["none"])
    ctx.emit(report, "\n".join(lines))
    if any(r["differences"] for r in report.values()):
        sys.exit(EXIT_FAILED_CHECK)


def _y(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def _as_dict(d: Any) -> dict[str, Any]:
    return {k: getattr(d, k) for k in d.__slots__}
