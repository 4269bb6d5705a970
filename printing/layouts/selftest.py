"""The printer test page: Chinese and Latin text, a QR code, the profile's settings."""

from __future__ import annotations

from datetime import datetime

from printing.i18n import clock, label
from printing.layout import QR, Document, Feed, Pair, Rule, Text


def selftest_layout(*, printer: str, settings: str, language: str, now: datetime, timezone: str) -> Document:
    return Document(
        "test",
        language,
        (
            Text(label("test_page", language), align="center", bold=True, large=True),
            Pair(label("printer", language), printer),
            Text(settings, small=True),
            Pair(label("printed_at", language), clock(now, timezone)),
            Rule(),
            Text("中文测试：售票入场券 检票口 座位 ¥380.00", bold=True),
            Text("ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789"),
            Text("small: the quick brown fox jumps over the lazy dog", small=True),
            Rule(heavy=True),
            QR(f"OUTLET-POS-TEST-{printer}"),
            Text(label("test_ok", language), small=True),
            Feed(1),
        ),
    )
