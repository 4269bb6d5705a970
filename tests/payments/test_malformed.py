"""A gateway that answers nonsense (a wrong URL, a captive portal, a broken proxy): the
providers say UNKNOWN / not done, never PAID and never an exception."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from paygate.democodes import ALIPAY, WECHAT, Scenario
from pos.money import Money
from pos.payments.wallet import ChargeState, RefundState, WalletProvider
from tests.payments.conftest import LiveGateway, alipay_for, wechat_for
from tests.payments.test_states import trade_no

BODIES = [
    b'{"foo": 1}',
    b'{"alipay_trade_pay_response": {"code": "10000", "trade_no": "X", "out_trade_no": "Y"}}',  # unsigned "paid"
    b'{"alipay_trade_pay_response": "not an object", "sign": "abc"}',
    b"<xml><foo>1</foo></xml>",
    b"<xml><return_code>SUCCESS</return_code><result_code>SUCCESS</result_code><transaction_id>1</transaction_id></xml>",
    b"<html>captive portal</html>",
    b"",
]


@pytest.fixture(params=range(len(BODIES)))
def nonsense(request: pytest.FixtureRequest) -> Iterator[str]:
    body = BODIES[request.param]

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_nonsense_is_never_paid(wallet_gateway: LiveGateway, nonsense: str) -> None:
    providers: list[tuple[WalletProvider, str]] = [
        (alipay_for(wallet_gateway.demo, gateway=f"{nonsense}/gateway.do"), ALIPAY[Scenario.SUCCESS]),
        (wechat_for(wallet_gateway.demo, gateway=f"{nonsense}/"), WECHAT[Scenario.SUCCESS]),
    ]
    for p, code in providers:
        no = trade_no()
        charge = p.pay(out_trade_no=no, auth_code=code, amount=Money(100), subject="t")
        assert charge.state == ChargeState.UNKNOWN, (p.wallet, charge)
        assert p.query(out_trade_no=no).state == ChargeState.UNKNOWN
        assert not p.reverse(out_trade_no=no).done
        refund = p.refund(out_trade_no=no, refund_no="R", amount=Money(1), total=Money(100), reason="")
        assert refund.state == RefundState.UNKNOWN


def test_nobody_listening_is_unknown(wallet_gateway: LiveGateway) -> None:
    from paygate.server import free_port

    base = f"http://127.0.0.1:{free_port()}"
    for p, code in ((alipay_for(wallet_gateway.demo, gateway=f"{base}/gateway.do"), ALIPAY[Scenario.SUCCESS]),
                    (wechat_for(wallet_gateway.demo, gateway=f"{base}/"), WECHAT[Scenario.SUCCESS])):
        charge = p.pay(out_trade_no=trade_no(), auth_code=code, amount=Money(100), subject="t")
        assert (charge.state, charge.reason) == (ChargeState.UNKNOWN, "NO_REPLY")
        reversal = p.reverse(out_trade_no=trade_no())
        assert not reversal.done and reversal.retry
