"""The demo payment codes (付款码): which state the local gateway plays for a scanned code.

The codes have the real shapes (WeChat: 18 digits starting 10-15; Alipay: 18 digits
starting 25-30), so the counter app recognises them by prefix like real ones. The last two
digits choose the scenario; any other code of the right shape simply pays.
One place for the tests, the demo and the gateway.
"""

from __future__ import annotations

from enum import StrEnum


class Scenario(StrEnum):
    SUCCESS = "success"  # paid at once
    CONFIRM_THEN_PAID = "confirm_then_paid"  # USERPAYING, then paid when the customer confirms
    CONFIRM_THEN_CLOSED = "confirm_then_closed"  # USERPAYING, then the customer never confirms
    NOT_ENOUGH = "not_enough"  # insufficient balance
    CODE_EXPIRED = "code_expired"  # the code on the phone has expired
    CODE_INVALID = "code_invalid"  # not a payment code the wallet issued
    LOST_REPLY = "lost_reply"  # charged, then the connection is dropped before the reply
    SLOW_REPLY = "slow_reply"  # charged, the reply comes after the client's timeout
    REFUND_REPLY_LOST = "refund_reply_lost"  # pays; the first refund's reply is dropped
    FORGED_REPLY = "forged_reply"  # the reply is signed with a key that is not the gateway's


_SUFFIX: dict[str, Scenario] = {
    "01": Scenario.SUCCESS,
    "11": Scenario.CONFIRM_THEN_PAID,
    "12": Scenario.CONFIRM_THEN_CLOSED,
    "21": Scenario.NOT_ENOUGH,
    "22": Scenario.CODE_EXPIRED,
    "23": Scenario.CODE_INVALID,
    "31": Scenario.LOST_REPLY,
    "32": Scenario.SLOW_REPLY,
    "33": Scenario.REFUND_REPLY_LOST,
    "41": Scenario.FORGED_REPLY,
}
_BY_SCENARIO = {scenario: suffix for suffix, scenario in _SUFFIX.items()}

WECHAT_STEM = "1300000000000000"  # 16 digits + 2 of the scenario = 18, a WeChat code's shape
ALIPAY_STEM = "2800000000000000"  # 16 digits + 2 = 18, an Alipay code's shape


def wechat_code(scenario: Scenario) -> str:
    return WECHAT_STEM + _BY_SCENARIO[scenario]


def alipay_code(scenario: Scenario) -> str:
    return ALIPAY_STEM + _BY_SCENARIO[scenario]


def scenario_of(code: str) -> Scenario:
    """The demo scenario of a payment code; a code not made from a demo stem pays."""
    if code.startswith((WECHAT_STEM, ALIPAY_STEM)) and len(code) == 18:
        return _SUFFIX.get(code[-2:], Scenario.SUCCESS)
    return Scenario.SUCCESS


# The codes by name, for the demo's cheat sheet and the tests.
WECHAT = {scenario: wechat_code(scenario) for scenario in Scenario}
ALIPAY = {scenario: alipay_code(scenario) for scenario in Scenario}
