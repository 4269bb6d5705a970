"""A wallet charge over loopback: the provider's pay (signing, HTTP, the gateway's signature
checks and books, the reply's signature check) against the local gateway, per wallet.

Baseline in the same run: a bare HTTP round trip to the same server (an unknown path: no
signing, no books), so what the vendors' protocols and signatures cost shows beside it.

    .venv/bin/python bench/bench_wallet_gateway.py [--pays 200]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
from _numbers import pct

from paygate.democodes import ALIPAY, WECHAT, Scenario
from paygate.server import running_gateway
from payments.alipay import AlipayProvider
from payments.wechat import WeChatProvider
from pos.money import Money
from pos.payments.wallet import ChargeState, out_trade_no


def _ms(samples: list[float]) -> str:
    return f"p50 {pct(samples, 50):7.2f} ms   p95 {pct(samples, 95):7.2f} ms   (n={len(samples)})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pays", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, running_gateway(Path(tmp) / "gw") as gw:
        d = gw.demo
        alipay = AlipayProvider(app_id=d.alipay_app_id, private_key_pem=d.alipay_private_key_file.read_text(),
                                alipay_public_key_pem=d.alipay_public_key_file.read_text(), gateway=d.alipay_gateway)
        wechat = WeChatProvider(mch_id=d.wechat_mch_id, app_id=d.wechat_app_id,
                                api_key=d.wechat_api_key_file.read_text().strip(), gateway=d.wechat_gateway)
        baseline: list[float] = []
        with httpx.Client() as client:
            for _ in range(args.pays):
                t0 = time.perf_counter()
                client.get(f"{gw.base}/nothing-here")
                baseline.append((time.perf_counter() - t0) * 1000)
        results = {}
        for name, provider, code in (("alipay", alipay, ALIPAY[Scenario.SUCCESS]),
                                     ("wechat", wechat, WECHAT[Scenario.SUCCESS])):
            samples = []
            for _ in range(args.pays):
                no = out_trade_no(order_id=str(uuid.uuid4()), attempt=1)
                t0 = time.perf_counter()
                charge = provider.pay(out_trade_no=no, auth_code=code, amount=Money(12_000), subject="2 tickets")
                samples.append((time.perf_counter() - t0) * 1000)
                assert charge.state == ChargeState.PAID, charge
            results[name] = samples
        print(f"bare HTTP round trip (baseline)   {_ms(baseline)}")
        for name, samples in results.items():
            print(f"{name:<7} pay, paid over loopback   {_ms(samples)}")


if __name__ == "__main__":
    main()
