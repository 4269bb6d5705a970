"""The invoice-request page in a real browser (issue 22): Debian's Chromium, headless, opens
the URL a receipt's QR carries (decoded from the rendered receipt) from the real central on
loopback; its DOM and a screenshot are checked in Chinese (the default) and English, before
and after the request. The screenshots are kept in ``$INVOICE_SHOTS`` when set, to be looked at.

Skips, naming the package, when ``/usr/bin/chromium`` is missing (``apt-get install chromium``;
``.ci/run`` installs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from PIL import Image

from tests.central.live import Live
from tests.sync.conftest import MemoryKeyring
from tests.sync.selling_helpers import counter, pos_json, sell_args
from tests.sync.test_invoice_requests import FORM, _receipt_url

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium (apt-get install chromium)")


def _chromium(tmp: Path, url: str, *, shot: Path | None = None, lang: str = "zh-CN") -> str:
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp / 'profile'}",
            f"--lang={lang}", f"--accept-lang={lang}", "--hide-scrollbars", "--window-size=412,800"]
    args += [f"--screenshot={shot}"] if shot else ["--dump-dom"]
    done = subprocess.run([*args, url], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "LANGUAGE": lang.replace("-", "_")})
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _keep(shot: Path) -> None:
    where = os.environ.get("INVOICE_SHOTS")
    if where:
        Path(where).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(where) / shot.name)


def _inked(shot: Path) -> None:
    image = Image.open(shot).convert("L")
    assert image.size == (412, 800)
    lo, hi = image.getextrema()
    assert hi - lo > 100  # text on a background, not a blank or an error page's grey
    dark = sum(image.histogram()[:100])
    assert 500 < dark < image.width * image.height // 3


@pytest.mark.slow
def test_the_invoice_page_in_chromium(central: Live, tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    store = counter(central, tmp_path / "till", memory_keyring)
    code, sale = pos_json(tmp_path / "till", *sell_args(["A-1-4"]))
    assert code == 0, sale
    url = _receipt_url(store, sale["order_number"], tmp_path / "receipt")
    dom = _chromium(tmp_path, url)
    assert "申请电子发票" in dom and sale["order_number"] in dom and 'name="tax_number"' in dom
    assert "纳税人识别号" in dom and "提交申请" in dom
    zh = tmp_path / "invoice-page-zh.png"
    _chromium(tmp_path, url, shot=zh)
    _inked(zh)
    _keep(zh)
    en = tmp_path / "invoice-page-en.png"
    assert "Request an e-invoice" in _chromium(tmp_path, url + "?lang=en")
    _chromium(tmp_path, url + "?lang=en", shot=en, lang="en-US")
    _inked(en)
    _keep(en)
    assert httpx.post(url, data=FORM).status_code == 201
    after = _chromium(tmp_path, url)
    assert "已申请过发票" in after and "<form" not in after
    done = tmp_path / "invoice-page-zh-requested.png"
    _chromium(tmp_path, url, shot=done)
    _inked(done)
    _keep(done)
