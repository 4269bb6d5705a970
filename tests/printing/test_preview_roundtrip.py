"""The QR in the PNG preview decodes (zxing-cpp), `pos ticket verify` accepts it, and it is
the ticket in the store: for 58 and 80 mm, in Chinese and English."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image

from pos.tickets.printjobs import order_for_print
from printing import fonts
from printing.jobs import preview_order
from printing.layout import PAPER_DOTS
from printing.layouts import ticket_layout
from printing.render import render_image
from tests.printing.conftest import set_language


def _verify_cli(data_dir: Path, code: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "poscli", "--data-dir", str(data_dir), "--json", "ticket", "verify", code],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return dict(json.loads(out.stdout))


@pytest.mark.parametrize(("paper", "lang"), [(58, "zh"), (80, "zh"), (58, "en"), (80, "en")])
def test_preview_qr_round_trip(counter: Any, sale: Any, tmp_path: Path, paper: int, lang: str) -> None:
    set_language(counter, lang)
    paths = preview_order(counter.store, order=sale.order_number, out_dir=tmp_path / "out", paper=paper)
    tickets = [p for p in paths if "-ticket-" in p.name]
    assert len(tickets) == 4 and paths[-1].name.endswith("receipt.png")
    # One full CLI round trip per case (a subprocess costs ~0.5 s); the other codes decode and match the store.
    for n, path in enumerate(tickets):
        image = Image.open(path)
        assert image.width == PAPER_DOTS[paper]
        found = zxingcpp.read_barcodes(image)
        assert len(found) == 1 and found[0].format == zxingcpp.BarcodeFormat.QRCode
        code = found[0].text
        stored = next(t for t in sale.tickets if t.code == code)
        assert stored.ticket_id in path.name
        if n == 0:
            result = _verify_cli(counter.store.data_dir, code)
            assert result["valid"] and result["in_store"] and result["matches_store"]
            assert result["ticket_id"] == stored.ticket_id and result["status"] == "valid"
            assert result["item"] == (stored.seat_id or stored.area_id)


def _ink(image: Image.Image) -> int:
    return int(image.convert("L").histogram()[0])


def _glyph(ch: str) -> bytes:
    from PIL import ImageDraw

    image = Image.new("L", (40, 40), 255)
    ImageDraw.Draw(image).text((4, 4), ch, font=fonts.font(24), fill=0)
    return image.tobytes()


def test_chinese_renders_as_real_glyphs_not_boxes() -> None:
    boxes = {_glyph(ch) for ch in "\ue000\U0002a6a5"}  # private use, CJK Ext B: both .notdef
    assert len(boxes) == 1  # the font's box
    for ch in "售票入场券测试区排座号门":
        assert _glyph(ch) not in boxes, ch
    assert len({_glyph(ch) for ch in "售票入场券"}) == 5  # distinct shapes, not one box


def test_ticket_preview_contains_the_chinese_text(counter: Any, sale: Any) -> None:
    order = order_for_print(counter.store, order=sale.order_number)
    zh = render_image(ticket_layout(order, order.tickets[0]), paper=80)
    en = render_image(
        ticket_layout(
            order_for_print(counter.store, order=sale.order_number, language="en"), order.tickets[0]
        ),
        paper=80,
    )
    assert zh.mode == "1" and _ink(zh) > 10_000
    assert zh.tobytes() != en.tobytes()


def test_missing_font_fails_loudly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from printing.errors import FontMissing

    monkeypatch.setenv(fonts.FONT_ENV, str(tmp_path / "nope.ttf"))
    with pytest.raises(FontMissing, match="missing"):
        fonts.check_font()
    latin_only = tmp_path / "latin.ttf"
    from fontTools import subset
    from fontTools.ttLib import TTFont

    f = TTFont(str(fonts.FONT_FILE))
    sub = subset.Subsetter()
    sub.populate(text="ABC0123")
    sub.subset(f)
    f.save(str(latin_only))
    monkeypatch.setenv(fonts.FONT_ENV, str(latin_only))
    with pytest.raises(FontMissing, match="cannot draw"):
        fonts.check_font()


def test_characters_outside_the_font_become_a_visible_placeholder() -> None:
    assert fonts.drawable("票\U0002a6a5A") == "票" + fonts.PLACEHOLDER + "A"
