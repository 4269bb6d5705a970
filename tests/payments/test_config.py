"""``pos payment setup / status`` and :func:`payments.config.configured_providers`."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from click.testing import CliRunner
from keyring.backend import KeyringBackend
from keyring.backends import fail

from paygate.democodes import ALIPAY, WECHAT, Scenario
from payments.config import check_gateway, configured_providers, setup_alipay, setup_wechat, status
from pos.errors import InvalidInput
from pos.money import Money
from pos.payments.wallet import ChargeState
from poscli.main import cli
from tests.payments.conftest import LiveGateway
from tests.payments.test_states import trade_no


@pytest.fixture(autouse=True)
def no_keyring() -> Iterator[None]:
    """A headless PC (as these machines are): secrets go to owner-only files."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def run(data_dir: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args])


def alipay_args(gw: LiveGateway) -> list[str]:
    d = gw.demo
    return ["payment", "setup", "alipay", "--app-id", d.alipay_app_id, "--private-key-file",
            str(d.alipay_private_key_file), "--alipay-public-key-file", str(d.alipay_public_key_file),
            "--gateway", d.alipay_gateway]


def wechat_args(gw: LiveGateway) -> list[str]:
    d = gw.demo
    return ["payment", "setup", "wechat", "--mch-id", d.wechat_mch_id, "--app-id", d.wechat_app_id,
            "--api-key-file", str(d.wechat_api_key_file), "--gateway", d.wechat_gateway]


def test_setup_then_pay_with_the_configured_providers(wallet_gateway: LiveGateway, tmp_path: Path) -> None:
    data = tmp_path / "terminal"
    assert run(data, *alipay_args(wallet_gateway)).exit_code == 0
    result = run(data, *wechat_args(wallet_gateway))
    assert result.exit_code == 0, result.output
    providers = configured_providers(data_dir=data, timeout=2.0)
    assert set(providers) == {"alipay", "wechat"}
    for wallet, codes in (("alipay", ALIPAY), ("wechat", WECHAT)):
        charge = providers[wallet].pay(out_trade_no=trade_no(), auth_code=codes[Scenario.SUCCESS],  # type: ignore[index]
                                       amount=Money(1_000), subject="t")
        assert charge.state == ChargeState.PAID
    # secrets: owner-only files (no OS keyring here), never in the config or the status
    secrets_dir = data / "payment-secrets"
    assert stat.S_IMODE(secrets_dir.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in secrets_dir.iterdir())
    config_text = (data / "payments.json").read_text()
    api_key = wallet_gateway.demo.wechat_api_key_file.read_text().strip()
    assert api_key not in config_text and "PRIVATE KEY" not in config_text
    shown = run(data, "payment", "status")
    assert shown.exit_code == 0 and api_key not in shown.output and "PRIVATE" not in shown.output
    assert "key_present True" in shown.output
    as_json = json.loads(run(data, "--json", "payment", "status").output)
    assert as_json["wechat"]["mch_id"] == wallet_gateway.demo.wechat_mch_id


def test_nothing_configured(tmp_path: Path) -> None:
    assert configured_providers(data_dir=tmp_path) == {}
    assert "no wallet configured" in run(tmp_path, "payment", "status").output


@pytest.mark.parametrize("url", ["http://10.1.2.3/gateway.do", "http://localhost:8790/", "ftp://127.0.0.1/",
                                 "openapi.alipay.com/gateway.do", "http://127.0.0.1.evil.example/"])
def test_gateway_must_be_https_or_loopback(url: str) -> None:
    with pytest.raises(InvalidInput):
        check_gateway(url)


@pytest.mark.parametrize("url", ["https://openapi.alipay.com/gateway.do", "http://127.0.0.1:8790/", "http://[::1]:8790/"])
def test_gateway_accepted(url: str) -> None:
    assert check_gateway(url) == url


def test_bad_input_changes_nothing(wallet_gateway: LiveGateway, tmp_path: Path) -> None:
    data = tmp_path / "terminal"
    assert run(data, *wechat_args(wallet_gateway)).exit_code == 0
    before = (data / "payments.json").read_bytes()
    secrets_before = sorted(p.name for p in (data / "payment-secrets").iterdir())
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")
    short_key = tmp_path / "short.txt"
    short_key.write_text("abc")
    bad = [
        ["--private-key-file", str(garbage)],
        ["--private-key-file", str(tmp_path / "missing.pem")],
        ["--alipay-public-key-file", str(garbage)],
        ["--gateway", "http://192.168.1.9/gateway.do"],
        ["--app-id", "12345"],
    ]
    for change in bad:
        args = alipay_args(wallet_gateway)
        args[args.index(change[0]) + 1] = change[1]
        result = run(data, *args)
        assert result.exit_code == 2 and "error:" in result.output, (change, result.output)
    for change in (["--api-key-file", str(short_key)], ["--app-id", "wxNOTHEX"], ["--mch-id", "12"],
                   ["--gateway", "http://[fe80::1]/"]):
        args = wechat_args(wallet_gateway)
        args[args.index(change[0]) + 1] = change[1]
        result = run(data, *args)
        assert result.exit_code == 2, (change, result.output)
    result = run(data, *wechat_args(wallet_gateway), "--cert", str(garbage))  # --cert without --cert-key
    assert result.exit_code == 2
    assert (data / "payments.json").read_bytes() == before
    assert sorted(p.name for p in (data / "payment-secrets").iterdir()) == secrets_before


def test_alipay_bare_base64_keys_accepted(wallet_gateway: LiveGateway, tmp_path: Path) -> None:
    """Alipay's key tool writes keys as one base64 line without PEM armour."""
    d = wallet_gateway.demo
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(d.alipay_private_key_file.read_bytes(), password=None)
    pkcs8 = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()).decode()
    bare = tmp_path / "app_private.txt"
    bare.write_text("".join(pkcs8.strip().splitlines()[1:-1]))
    public_bare = tmp_path / "alipay_public.txt"
    public_bare.write_text("".join(d.alipay_public_key_file.read_text().strip().splitlines()[1:-1]))
    done = setup_alipay(data_dir=tmp_path / "t", app_id=d.alipay_app_id, private_key_file=bare,
                        alipay_public_key_file=public_bare, gateway=d.alipay_gateway)
    assert done.merchant == d.alipay_app_id
    p = configured_providers(data_dir=tmp_path / "t")["alipay"]
    assert p.pay(out_trade_no=trade_no(), auth_code=ALIPAY[Scenario.SUCCESS], amount=Money(1),
                 subject="t").state == ChargeState.PAID


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        self.saved.pop((service, username), None)


def test_secrets_go_to_the_os_keyring_when_there_is_one(wallet_gateway: LiveGateway, tmp_path: Path) -> None:
    memory = MemoryKeyring()
    keyring.set_keyring(memory)  # no_keyring puts the previous one back
    d = wallet_gateway.demo
    done = setup_wechat(data_dir=tmp_path, mch_id=d.wechat_mch_id, app_id=d.wechat_app_id,
                        api_key_file=d.wechat_api_key_file, gateway=d.wechat_gateway)
    assert done.secret_store == "keyring"
    assert memory.saved[("outlet-pos", f"payment-wechat-{d.wechat_mch_id}")] == d.wechat_api_key_file.read_text()
    assert not (tmp_path / "payment-secrets" / f"wechat-{d.wechat_mch_id}.secret").exists()
    p = configured_providers(data_dir=tmp_path)["wechat"]
    assert p.pay(out_trade_no=trade_no(), auth_code=WECHAT[Scenario.SUCCESS], amount=Money(1),
                 subject="t").state == ChargeState.PAID
    memory.saved.clear()  # the key gone from the keyring: said clearly
    assert status(tmp_path)["wechat"]["key_present"] is False
    from pos.errors import PaymentError

    with pytest.raises(PaymentError, match="setup wechat"):
        configured_providers(data_dir=tmp_path)


def test_setup_demo_from_the_gateways_credentials_file(wallet_gateway: LiveGateway, tmp_path: Path) -> None:
    data = tmp_path / "terminal"
    result = run(data, "payment", "setup", "demo", "--credentials", str(wallet_gateway.demo.credentials_file))
    assert result.exit_code == 0, result.output
    assert set(configured_providers(data_dir=data)) == {"alipay", "wechat"}
    broken = tmp_path / "broken.json"
    broken.write_text('{"alipay_app_id": "1"}')
    other = tmp_path / "other"
    assert run(other, "payment", "setup", "demo", "--credentials", str(broken)).exit_code == 2
    assert not (other / "payments.json").exists()


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "1900000109")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + timedelta(days=1)).sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "apiclient_cert.pem", tmp_path / "apiclient_key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def test_wechat_client_certificate_kept_owner_only(wallet_gateway: LiveGateway, tmp_path: Path) -> None:
    cert_file, key_file = _self_signed(tmp_path)
    data = tmp_path / "terminal"
    result = run(data, *wechat_args(wallet_gateway), "--cert", str(cert_file), "--cert-key", str(key_file))
    assert result.exit_code == 0, result.output
    copied = data / "payment-secrets" / f"wechat-{wallet_gateway.demo.wechat_mch_id}-key.pem"
    assert stat.S_IMODE(copied.stat().st_mode) == 0o600
    p = configured_providers(data_dir=data)["wechat"]
    no = trade_no()
    assert p.pay(out_trade_no=no, auth_code=WECHAT[Scenario.SUCCESS], amount=Money(100), subject="t").state == "paid"
    assert p.reverse(out_trade_no=no).done  # secapi: sent with the certificate
    assert run(data, *wechat_args(wallet_gateway), "--cert", str(key_file), "--cert-key", str(key_file)).exit_code == 2


def test_another_merchant_replaces_the_old_key(wallet_gateway: LiveGateway, tmp_path: Path) -> None:
    data = tmp_path / "terminal"
    assert run(data, *wechat_args(wallet_gateway)).exit_code == 0
    old = data / "payment-secrets" / f"wechat-{wallet_gateway.demo.wechat_mch_id}.secret"
    assert old.exists()
    rival = wallet_gateway.merchant("rival")
    assert setup_wechat(data_dir=data, mch_id=rival.wechat_mch_id, app_id=rival.wechat_app_id,
                        api_key_file=rival.wechat_api_key_file, gateway=rival.wechat_gateway).merchant == rival.wechat_mch_id
    assert not old.exists()
    assert configured_providers(data_dir=data)["wechat"].pay(
        out_trade_no=trade_no(), auth_code=WECHAT[Scenario.SUCCESS], amount=Money(1), subject="t").state == "paid"
