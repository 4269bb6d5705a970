"""This outlet's wallet merchant accounts: ``pos payment setup`` writes them, the terminal
builds its providers from them (:func:`configured_providers`).

* What is not secret (app id, merchant number, gateway URL, Alipay's public key, where the
  secrets are) goes to ``payments.json`` in the data folder.
* The secrets (Alipay app private key, WeChat API key) go to the OS keyring when there is
  a usable one, else to owner-only files under ``payment-secrets/`` (0700 folder, 0600
  files). WeChat's API client certificate and key are files by nature (the HTTP client
  reads them from paths): they are copied there too.

Everything is checked before anything is written: a bad key, a missing file or a gateway
URL that is neither https nor loopback changes nothing.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import keyring
import keyring.errors
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from pos.errors import InvalidInput, PaymentError
from pos.payments.wallet import WalletName, WalletProvider
from pos.store.private import create_private_file, make_private_dir

log = logging.getLogger(__name__)

CONFIG_FILE = "payments.json"
SECRETS_DIR = "payment-secrets"
KEYRING_SERVICE = "outlet-pos"


# --- checks --------------------------------------------------------------------------------


def check_gateway(url: str) -> str:
    """https anywhere; plain http only to this machine by address (127.0.0.1 / ::1)."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    if parts.scheme == "https" and host:
        return url.strip()
    if parts.scheme == "http" and host:
        try:
            if ipaddress.ip_address(host).is_loopback:
                return url.strip()
        except ValueError:
            pass
        raise InvalidInput(f"gateway {url!r}: plain http only to 127.0.0.1 or ::1; use https")
    raise InvalidInput(f"gateway {url!r} is not an http(s) URL")


def _read(path: Path, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise InvalidInput(f"{what}: no file {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{what}: cannot read {path}: {exc}") from None


def _pem(text: str, kind: str) -> str:
    """Alipay's key tool writes bare base64 without PEM armour: add it."""
    if "-----BEGIN" in text:
        return text.strip() + "\n"
    body = re.sub(r"\s+", "", text)
    lines = "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
    return f"-----BEGIN {kind}-----\n{lines}\n-----END {kind}-----\n"


def rsa_private_pem(text: str, what: str) -> str:
    """The key as PEM; bare base64 may be PKCS#8 (Alipay's Java keys) or PKCS#1 (the others)."""
    tries = [text.strip() + "\n"] if "-----BEGIN" in text else [_pem(text, "PRIVATE KEY"), _pem(text, "RSA PRIVATE KEY")]
    key, error = None, ""
    for pem in tries:
        try:
            key = serialization.load_pem_private_key(pem.encode(), password=None)
            break
        except (ValueError, TypeError) as exc:
            error = str(exc)
    if key is None:
        raise InvalidInput(f"{what} is not an unencrypted RSA private key in PEM: {error}")
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < 2048:
        raise InvalidInput(f"{what} must be an RSA key of 2048 bits or more (RSA2)")
    return pem


def rsa_public_pem(text: str, what: str) -> str:
    pem = _pem(text, "PUBLIC KEY")
    try:
        key = serialization.load_pem_public_key(pem.encode())
    except (ValueError, TypeError) as exc:
        raise InvalidInput(f"{what} is not an RSA public key in PEM: {exc}") from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise InvalidInput(f"{what} is not an RSA public key")
    return pem


# --- the secret store ----------------------------------------------------------------------


def keyring_usable() -> bool:
    backend = keyring.get_keyring()
    return "fail" not in type(backend).__module__ and getattr(backend, "priority", 1) > 0


def _account(wallet: str, merchant: str) -> str:
    return f"payment-{wallet}-{merchant}"


def _secret_file(data_dir: Path, wallet: str, merchant: str) -> Path:
    return Path(data_dir) / SECRETS_DIR / f"{wallet}-{merchant}.secret"


def _write_private(path: Path, content: bytes) -> None:
    make_private_dir(path.parent)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    create_private_file(tmp)  # 0600 from the start
    with open(tmp, "wb") as fh:
        fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def store_secret(data_dir: Path, wallet: str, merchant: str, secret: str, *, keyring_allowed: bool = True) -> str:
    """Keep ``secret``; answer where ("keyring" or "file"). ``keyring_allowed=False`` (a
    training store's practice merchant): a file in the store's folder, so it can never take
    the place of a real merchant's key in the OS keyring."""
    if keyring_allowed and keyring_usable():
        try:
            keyring.set_password(KEYRING_SERVICE, _account(wallet, merchant), secret)
            _secret_file(data_dir, wallet, merchant).unlink(missing_ok=True)
            return "keyring"
        except keyring.errors.KeyringError as exc:
            log.warning("the OS keyring refused the %s secret (%s): kept in an owner-only file", wallet, exc)
    _write_private(_secret_file(data_dir, wallet, merchant), secret.encode())
    return "file"


def load_secret(data_dir: Path, wallet: str, merchant: str, where: str) -> str:
    if where == "keyring":
        try:
            secret = keyring.get_password(KEYRING_SERVICE, _account(wallet, merchant))
        except keyring.errors.KeyringError as exc:
            raise PaymentError(f"the OS keyring failed for the {wallet} key: {exc}") from exc
    else:
        try:
            secret = _secret_file(data_dir, wallet, merchant).read_text().strip()
        except FileNotFoundError:
            secret = None
    if not secret:
        raise PaymentError(f"the {wallet} merchant key is missing ({where}): run `pos payment setup {wallet}` again")
    return secret


# --- the config file -----------------------------------------------------------------------


def read_config(data_dir: Path) -> dict[str, Any]:
    path = Path(data_dir) / CONFIG_FILE
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise PaymentError(f"{path} is damaged ({exc}): run `pos payment setup` again") from exc
    return value if isinstance(value, dict) else {}


def _write_config(data_dir: Path, wallet: str, entry: dict[str, Any]) -> None:
    config = read_config(data_dir)
    before = config.get(wallet)
    config[wallet] = entry
    _write_private(Path(data_dir) / CONFIG_FILE, (json.dumps(config, indent=2, sort_keys=True) + "\n").encode())
    key = "app_id" if wallet == "alipay" else "mch_id"
    if isinstance(before, dict) and before.get(key) != entry[key]:
        _forget_secret(data_dir, wallet, str(before.get(key)))  # another merchant now: drop the old key


def _forget_secret(data_dir: Path, wallet: str, merchant: str) -> None:
    _secret_file(data_dir, wallet, merchant).unlink(missing_ok=True)
    if keyring_usable():
        with contextlib.suppress(keyring.errors.KeyringError):  # not there: nothing to forget
            keyring.delete_password(KEYRING_SERVICE, _account(wallet, merchant))


@dataclass(frozen=True, slots=True)
class WalletSetup:
    wallet: WalletName
    merchant: str  # Alipay app id / WeChat merchant number
    gateway: str
    secret_store: str  # keyring | file


def setup_alipay(*, data_dir: Path, app_id: str, private_key_file: Path, alipay_public_key_file: Path,
                 gateway: str, keyring_allowed: bool = True) -> WalletSetup:
    from payments.alipay import AlipayProvider

    if not re.fullmatch(r"\d{16}", app_id):
        raise InvalidInput(f"Alipay app id {app_id!r}: 16 digits")
    url = check_gateway(gateway)
    private = rsa_private_pem(_read(private_key_file, "--private-key-file"), "--private-key-file")
    public = rsa_public_pem(_read(alipay_public_key_file, "--alipay-public-key-file"), "--alipay-public-key-file")
    AlipayProvider(app_id=app_id, private_key_pem=private, alipay_public_key_pem=public, gateway=url)  # the SDK agrees
    where = store_secret(data_dir, "alipay", app_id, private, keyring_allowed=keyring_allowed)
    _write_config(data_dir, "alipay", {"app_id": app_id, "gateway": url, "alipay_public_key": public,
                                       "secret_store": where})
    return WalletSetup("alipay", app_id, url, where)


def setup_wechat(*, data_dir: Path, mch_id: str, app_id: str, api_key_file: Path, gateway: str,
                 cert_file: Path | None = None, cert_key_file: Path | None = None,
                 keyring_allowed: bool = True) -> WalletSetup:
    if not re.fullmatch(r"\d{8,10}", mch_id):
        raise InvalidInput(f"WeChat Pay merchant number {mch_id!r}: 8-10 digits")
    if not re.fullmatch(r"wx[0-9a-f]{16}", app_id):
        raise InvalidInput(f"WeChat app id {app_id!r}: wx and 16 hex digits")
    url = check_gateway(gateway)
    api_key = _read(api_key_file, "--api-key-file")
    if not re.fullmatch(r"[A-Za-z0-9]{32}", api_key):
        raise InvalidInput("--api-key-file must hold the 32-character API key (letters and digits)")
    if (cert_file is None) != (cert_key_file is None):
        raise InvalidInput("--cert and --cert-key go together (apiclient_cert.pem and apiclient_key.pem)")
    cert_pem = key_pem = None
    if cert_file is not None and cert_key_file is not None:
        cert_pem = _read(cert_file, "--cert")
        try:
            x509.load_pem_x509_certificate(cert_pem.encode())
        except ValueError as exc:
            raise InvalidInput(f"--cert is not a PEM certificate: {exc}") from None
        key_pem = rsa_private_pem(_read(cert_key_file, "--cert-key"), "--cert-key")
    where = store_secret(data_dir, "wechat", mch_id, api_key, keyring_allowed=keyring_allowed)
    entry: dict[str, Any] = {"mch_id": mch_id, "app_id": app_id, "gateway": url, "secret_store": where}
    if cert_pem is not None and key_pem is not None:
        folder = Path(data_dir) / SECRETS_DIR
        _write_private(folder / f"wechat-{mch_id}-cert.pem", cert_pem.encode() + b"\n")
        _write_private(folder / f"wechat-{mch_id}-key.pem", key_pem.encode())
        entry["cert"] = True
    _write_config(data_dir, "wechat", entry)
    return WalletSetup("wechat", mch_id, url, where)


def status(data_dir: Path) -> dict[str, dict[str, Any]]:
    """What is configured, never a secret: ids, gateway, where the key is and whether it is there."""
    shown: dict[str, dict[str, Any]] = {}
    for wallet, entry in read_config(data_dir).items():
        if not isinstance(entry, dict):
            continue
        merchant = str(entry.get("app_id" if wallet == "alipay" else "mch_id", ""))
        try:
            load_secret(data_dir, wallet, merchant, str(entry.get("secret_store")))
            key_present = True
        except PaymentError:
            key_present = False
        shown[wallet] = {k: v for k, v in entry.items() if k != "alipay_public_key"} | {"key_present": key_present}
    return shown


def configured_providers(*, data_dir: Path, timeout: float = 10.0) -> dict[WalletName, WalletProvider]:
    """The providers of the wallets this terminal is set up for (none configured: empty).
    Raises :class:`PaymentError` when a configured wallet's key is missing."""
    from payments.alipay import AlipayProvider
    from payments.wechat import WeChatProvider

    config = read_config(data_dir)
    providers: dict[WalletName, WalletProvider] = {}
    alipay = config.get("alipay")
    if isinstance(alipay, dict):
        providers["alipay"] = AlipayProvider(
            app_id=alipay["app_id"],
            private_key_pem=load_secret(data_dir, "alipay", alipay["app_id"], alipay["secret_store"]),
            alipay_public_key_pem=alipay["alipay_public_key"], gateway=check_gateway(alipay["gateway"]),
            timeout=timeout)
    wechat = config.get("wechat")
    if isinstance(wechat, dict):
        folder = Path(data_dir) / SECRETS_DIR
        cert = (str(folder / f"wechat-{wechat['mch_id']}-cert.pem"), str(folder / f"wechat-{wechat['mch_id']}-key.pem"))
        providers["wechat"] = WeChatProvider(
            mch_id=wechat["mch_id"], app_id=wechat["app_id"],
            api_key=load_secret(data_dir, "wechat", wechat["mch_id"], wechat["secret_store"]),
            gateway=check_gateway(wechat["gateway"]), cert=cert if wechat.get("cert") else None, timeout=timeout)
    return providers


def setup_from_credentials(*, data_dir: Path, credentials_file: Path,
                           keyring_allowed: bool = True) -> list[WalletSetup]:
    """Both wallets from a credentials file as the local gateway writes it for its demo
    merchant (``pos payment gateway serve`` prints where): the demo's one-step setup."""
    try:
        creds = json.loads(_read(credentials_file, "--credentials"))
        alipay = dict(app_id=creds["alipay_app_id"], private_key_file=Path(creds["alipay_private_key_file"]),
                      alipay_public_key_file=Path(creds["alipay_public_key_file"]), gateway=creds["alipay_gateway"])
        wechat = dict(mch_id=creds["wechat_mch_id"], app_id=creds["wechat_app_id"],
                      api_key_file=Path(creds["wechat_api_key_file"]), gateway=creds["wechat_gateway"])
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(f"{credentials_file} is not a gateway's credentials file: {exc}") from None
    # Check both before keeping either: setup_* check everything before they write.
    check_gateway(str(alipay["gateway"]))
    check_gateway(str(wechat["gateway"]))
    return [setup_alipay(data_dir=data_dir, keyring_allowed=keyring_allowed, **alipay),
            setup_wechat(data_dir=data_dir, keyring_allowed=keyring_allowed, **wechat)]
