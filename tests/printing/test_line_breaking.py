"""Chinese line breaking on paper (finding 6): no printed line starts with closing
punctuation, a minus stays with its amount, and negatives read -¥58.00."""

from __future__ import annotations

from itertools import pairwise

import pytest

from pos.money import Money
from printing.i18n import LABELS, money
from printing.layout import cell_width, wrap

CLOSING = "，。、；：？！）」』》】〉〕…,.;:?!)%"
TEXTS = [
    *(label["zh"] for label in LABELS.values()),
    "请妥善保管，凭二维码入场，一票一人。",  # the "，入场须…" at the start of a line
    "测试音乐会（下午场）「儿童专场」：入场须知！请提前30分钟到场；谢谢。",
    "合计 -¥58.00，优惠 -¥1,230.50。",
    "Keep this ticket: one entry per QR code. (Re-entry is not allowed!)",
]


@pytest.mark.parametrize("text", TEXTS)
def test_no_line_starts_with_closing_punctuation_at_any_width(text: str) -> None:
    for width in range(6, 2 * cell_width(text) + 2):  # 6: the widest unbreakable unit here, 场」：
        lines = wrap(text, width, cell_width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", ""), (width, lines)  # nothing lost
        for line in lines[1:]:
            assert line[:1] not in CLOSING, (width, lines)
        for line, after in pairwise(lines):  # a minus is not parted from its amount
            assert not (line.endswith("-") and after[:1] in "¥0123456789"), (width, lines)


def test_a_comma_is_kept_with_the_character_before_it() -> None:
    # Counting characters the comma would start line 2; by the rules the last hanzi moves with it.
    assert wrap("请妥善保管，凭二维码入场", 10, cell_width) == ["请妥善保", "管，凭二维", "码入场"]


def test_an_overlong_code_is_still_cut() -> None:
    code = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" * 3
    lines = wrap(code, 32, cell_width)
    assert "".join(lines) == code and all(cell_width(line) <= 32 for line in lines)


@pytest.mark.parametrize(
    ("fen", "currency", "shown"),
    [
        (5800, "CNY", "¥58.00"),
        (-5800, "CNY", "-¥58.00"),
        (-5, "CNY", "-¥0.05"),
        (0, "CNY", "¥0.00"),
        (-123456, "USD", "USD -1234.56"),
    ],
)
def test_negatives_put_the_minus_before_the_sign(fen: int, currency: str, shown: str) -> None:
    assert Money(fen, currency).display() == shown == money(Money(fen, currency))
