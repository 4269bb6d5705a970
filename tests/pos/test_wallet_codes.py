from __future__ import annotations

import pytest

from pos.payments.wallet import out_trade_no, wallet_for_code


@pytest.mark.parametrize(
    ("code", "wallet"),
    [
        ("134567890123456789", "wechat"),
        ("101234567890123456", "wechat"),
        ("281234567890123456", "alipay"),
        ("301234567890123456789012", "alipay"),
        (" 251234567890123456 ", "alipay"),
        ("161234567890123456", None),  # 16 is neither wallet's prefix
        ("13456789012345678", None),  # WeChat codes have 18 digits
        ("2812345678901", None),  # too short for Alipay
        ("TA85C1406AACB-000004", None),  # an order number
        ("", None),
    ],
)
def test_wallet_for_code(code: str, wallet: str | None) -> None:
    assert wallet_for_code(code) == wallet


def test_out_trade_no_is_per_attempt_and_fits_32() -> None:
    order = "3f2a1c4e-1111-2222-3333-444455556666"
    first = out_trade_no(order_id=order, attempt=1)
    second = out_trade_no(order_id=order, attempt=2)
    assert first != second and len(first) == len(second) == 32
    with pytest.raises(ValueError):
        out_trade_no(order_id=order, attempt=0)
