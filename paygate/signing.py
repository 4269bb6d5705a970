"""The two vendors' signature schemes, as their documentation defines them.

* Alipay OpenAPI, RSA2: SHA256withRSA (PKCS#1 v1.5) over the request's parameters sorted by
  name as ``k=v`` joined by ``&`` (``sign`` left out, empty values left out), base64. A
  reply is signed over the exact text of its ``*_response`` object.
* WeChat Pay v2: the parameters sorted, ``k=v&…&key=API_KEY``, then MD5 (upper-case hex) or
  HMAC-SHA256 keyed with the API key (upper-case hex), as ``sign_type`` says.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def alipay_content(params: Mapping[str, str]) -> str:
    return "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k != "sign" and v != "")


def rsa2_sign(key: rsa.RSAPrivateKey, text: str) -> str:
    return base64.b64encode(key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def rsa2_verify(public_pem: str, text: str, signature: str) -> bool:
    try:
        key = serialization.load_pem_public_key(public_pem.encode())
        if not isinstance(key, rsa.RSAPublicKey):
            return False
        key.verify(base64.b64decode(signature, validate=True), text.encode(), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


def wechat_sign(params: Mapping[str, str], api_key: str, sign_type: str = "MD5") -> str:
    text = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k != "sign" and v != "")
    text += f"&key={api_key}"
    if sign_type == "HMAC-SHA256":
        return hmac.new(api_key.encode(), text.encode(), hashlib.sha256).hexdigest().upper()
    return hashlib.md5(text.encode()).hexdigest().upper()


def wechat_verify(params: Mapping[str, str], api_key: str) -> bool:
    sign_type = params.get("sign_type", "MD5")
    if sign_type not in ("MD5", "HMAC-SHA256"):
        return False
    return hmac.compare_digest(params.get("sign", ""), wechat_sign(params, api_key, sign_type))
