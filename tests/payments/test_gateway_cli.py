"""``pos payment gateway serve`` as a newcomer runs it: a process of its own, its URLs and
credentials file printed, a terminal set up from that file, a demo code paid."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner
from keyring.backends import fail

from paygate.democodes import ALIPAY, WECHAT, Scenario
from paygate.server import free_port
from payments.config import configured_providers
from pos.money import Money
from pos.payments.wallet import ChargeState
from poscli.main import cli
from tests.payments.test_states import trade_no


def test_serve_prints_what_to_set_up_and_pays(tmp_path: Path) -> None:
    import keyring

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "poscli", "payment", "gateway", "serve", "--port", str(port),
         "--data-dir", str(tmp_path / "gw")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert proc.stdout is not None
        printed: list[str] = []
        while not any(line.startswith("demo merchant credentials:") for line in printed):
            line = proc.stdout.readline()
            assert line, "".join(printed)
            printed.append(line)
        credentials = Path(printed[-1].split(":", 1)[1].strip())
        deadline = time.monotonic() + 20
        while True:  # the URLs are printed just before uvicorn listens
            try:
                httpx.get(f"http://127.0.0.1:{port}/nothing")
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline
                time.sleep(0.05)
        assert f"http://127.0.0.1:{port}/gateway.do" in "".join(printed)
        data = tmp_path / "terminal"
        result = CliRunner().invoke(cli, ["--data-dir", str(data), "payment", "setup", "demo",
                                          "--credentials", str(credentials)])
        assert result.exit_code == 0, result.output
        providers = configured_providers(data_dir=data, timeout=5)
        for wallet, codes in (("alipay", ALIPAY), ("wechat", WECHAT)):
            charge = providers[wallet].pay(out_trade_no=trade_no(), auth_code=codes[Scenario.SUCCESS],  # type: ignore[index]
                                           amount=Money(4_200), subject="demo")
            assert charge.state == ChargeState.PAID
    finally:
        keyring.set_keyring(previous)
        proc.terminate()
        proc.wait(timeout=20)
