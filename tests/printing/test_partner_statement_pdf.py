"""The partner statement's PDF (issue 24) in both languages: every Chinese label drawn by the
shipped font (nothing replaced by the placeholder), a long statement split across pages,
and a folder that cannot be written refused with a message."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pos.errors import InvalidInput
from printing.partner_statement import LABELS, export_pdf


def _statement(lines: int) -> dict[str, object]:
    return {
        "outlet_id": "BO-1", "date_from": "2030-05-01", "date_to": "2030-05-31", "timezone": "Asia/Shanghai",
        "opening_balance": 1000, "orders": lines, "tickets": lines, "sales": 18_500 * lines, "refunds": 0,
        "fees_returned": 0, "commission_earned": 1480 * lines, "commission_returned": 0, "commission": 1480 * lines,
        "net_owed": 17_020 * lines, "payments": 500, "closing_balance": 1000 + 17_020 * lines - 500,
        "credit_limit": 0, "credit_left": None,
        "terminals": [{"terminal_id": "T-1", "orders": lines, "tickets": lines, "gross": 18_500 * lines, "refunds": 0}],
        "lines": [{"at": "2030-05-01T10:00:00+00:00", "kind": k, "ref": f"r{i}", "terminal_id": "T-1", "tickets": 1,
                   "amount": 18_500, "commission": 1480, "owed": 17_020, "balance": 17_020 * (i + 1)}
                  for i, k in enumerate(["sale", "refund", "void", "exchange", "payment"] * (lines // 5))],
    }


@pytest.mark.parametrize("language", ["zh", "en"])
def test_statement_pdf_in_both_languages(tmp_path: Path, language: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    path = export_pdf(_statement(200), tmp_path / "st.pdf", language=language)
    data = path.read_bytes()
    assert data[:5] == b"%PDF-" and data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") >= 2
    assert "lacks characters" not in caplog.text  # every label drawable by the shipped font
    assert all(zh and en for zh, en in LABELS.values())


def test_unwritable_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="cannot write"):
        export_pdf(_statement(5), tmp_path / "missing" / "st.pdf", language="zh")
