"""The gateway's own keys and its demo merchants' credentials, in the gateway's data folder.

The gateway has one RSA key pair playing Alipay's (it signs Alipay replies; merchants hold
its public key). Each merchant gets what a real onboarding hands out: an Alipay app id with
an app key pair (the gateway keeps the public half), a WeChat merchant number, app id and
API key. A credentials file per merchant lists them for ``pos payment setup``. Every file
here is owner-only (0600) in an owner-only folder: they are secrets, if only demo ones.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from paygate.ledger import Ledger, Merchant

GATEWAY_KEY = "alipay-gateway-private.pem"


def _write_private(path: Path, text: str) -> None:
    """Create or replace ``path`` with mode 0600 from the start (never widened first)."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def new_rsa_pem() -> tuple[str, str]:
    """(private PKCS#1 PEM, public SubjectPublicKeyInfo PEM), 2048 bits as Alipay requires."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


def gateway_key(data_dir: Path) -> rsa.RSAPrivateKey:
    """The key that plays Alipay's, made on first use and kept."""
    path = private_dir(data_dir) / GATEWAY_KEY
    if not path.exists():
        _write_private(path, new_rsa_pem()[0])
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


def public_pem(key: rsa.RSAPrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


@dataclass(frozen=True, slots=True)
class MerchantFiles:
    """What ``pos payment setup`` needs, as files and values (the credentials file)."""

    name: str
    credentials_file: Path
    alipay_app_id: str
    alipay_private_key_file: Path
    alipay_public_key_file: Path  # the gateway's ("Alipay's") public key
    alipay_gateway: str
    wechat_mch_id: str
    wechat_app_id: str
    wechat_api_key_file: Path
    wechat_gateway: str


def ensure_merchant(ledger: Ledger, data_dir: Path, name: str, *, base_url: str) -> MerchantFiles:
    """The merchant ``name``, made with fresh credentials on first use; its credentials file
    (re)written with the gateway's current URLs."""
    folder = private_dir(private_dir(data_dir) / f"merchant-{name}")
    merchant = ledger.merchant(name=name)
    app_key_file = folder / "alipay-app-private.pem"
    api_key_file = folder / "wechat-api-key.txt"
    if merchant is None or not app_key_file.exists() or not api_key_file.exists():
        private, public = new_rsa_pem()
        _write_private(app_key_file, private)
        api_key = secrets.token_hex(16)  # WeChat API keys are 32 characters
        _write_private(api_key_file, api_key)
        number = secrets.randbelow(10**9)
        merchant = Merchant(
            name=name,
            alipay_app_id=f"2021{number:012d}",
            alipay_app_public_key=public,
            wechat_mch_id=f"1{number:09d}",
            wechat_app_id=f"wx{secrets.token_hex(8)}",
            wechat_api_key=api_key,
        )
        ledger.add_merchant(merchant)
    alipay_public = folder / "alipay-public.pem"
    _write_private(alipay_public, public_pem(gateway_key(data_dir)))
    files = MerchantFiles(
        name=name,
        credentials_file=folder / "credentials.json",
        alipay_app_id=merchant.alipay_app_id,
        alipay_private_key_file=app_key_file,
        alipay_public_key_file=alipay_public,
        alipay_gateway=f"{base_url}/gateway.do",
        wechat_mch_id=merchant.wechat_mch_id,
        wechat_app_id=merchant.wechat_app_id,
        wechat_api_key_file=api_key_file,
        wechat_gateway=f"{base_url}/",
    )
    _write_private(files.credentials_file,
                   json.dumps({k: str(v) for k, v in asdict(files).items()}, indent=2) + "\n")
    return files
