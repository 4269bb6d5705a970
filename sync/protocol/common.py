"""Pieces every outlet-API document shares: ids, bounded text, the error reply.

Requests forbid unknown fields (a typo is an error, not silently ignored); replies ignore
unknown fields so that an older terminal keeps working against a newer server.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict, StringConstraints

from sync.protocol.catalog import Id

# Strict: an integer is due, so "10000" (or 1e4, or true) is refused, not converted (issue 16).
Fen = Annotated[int, Strict(), Field(ge=0, le=100_000_000)]
SignedFen = Annotated[int, Strict(), Field(ge=-100_000_000, le=100_000_000)]
KeyId = Annotated[str, StringConstraints(pattern=r"^[0-9A-F]{8}$")]
# A ticket code as the QR carries it: QR alphanumeric characters only.
TicketCode = Annotated[str, StringConstraints(min_length=8, max_length=512, pattern=r"^[0-9A-Z$%*+./:-]+$")]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


# Control characters (C0 with CR/LF and TAB, DEL, C1: terminal escapes, log and header
# injection), bidi controls (a right-to-left override makes a name read backwards on a
# receipt or a report) and the Unicode line separators.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _clean_text(value: str) -> str:
    # NUL and lone surrogates cannot be stored by PostgreSQL / encoded as UTF-8: refuse them
    # at the edge so that they become a 422, never a 500 deep in the database driver.
    if _UNSAFE.search(value):
        raise ValueError("text must not contain control or bidirectional-override characters (nor line breaks)")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("text must be valid Unicode") from exc
    return value


# Free text from a terminal (names, reasons, notes): one line, printable, bounded.
PlainText = AfterValidator(_clean_text)
Text = Annotated[str, Strict(), StringConstraints(max_length=200), PlainText]
ShortText = Annotated[str, Strict(), StringConstraints(min_length=1, max_length=80), PlainText]


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("timestamp needs a time zone (use UTC, e.g. 2025-01-01T12:00:00Z)")
    if not 2000 <= value.year <= 2200:
        raise ValueError("timestamp out of range")
    return value


def _iso_only(value: Any) -> Any:
    # pydantic would read 1700000000 (or "1700000000") as a Unix time: a timestamp is an
    # ISO 8601 string on the wire (or a datetime when the terminal builds the document).
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}[Tt ]", value):
        return value
    raise ValueError("timestamp must be an ISO 8601 string, e.g. 2025-01-01T12:00:00Z")


AwareDatetime = Annotated[datetime, BeforeValidator(_iso_only), AfterValidator(_aware)]


class Request(BaseModel):
    """Base of documents a terminal sends."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Reply(BaseModel):
    """Base of documents central answers with."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class ErrorReply(Reply):
    """Every 4xx answer: a stable machine-readable ``reason`` plus an English message."""

    reason: str
    message: str
    details: dict[str, Any] = Field(default_factory=dict)


# Reason codes the server uses; terminals map them to translated messages.
REASONS: tuple[str, ...] = (
    "invalid_request",
    "body_too_large",
    "unauthorized",
    "token_revoked",
    "forbidden",
    "not_found",
    "invalid_code",
    "key_in_use",
    "idempotency_conflict",
    "no_hold",
    "hold_expired",
    "hold_not_active",
    "not_allocated",
    "seat_taken",
    "leased_elsewhere",
    "seat_unknown",
    "sold_out",
    "performance_unknown",
    "performance_cancelled",
    "sales_closed",
    "not_visible",
    "price_mismatch",
    "total_mismatch",
    "payment_mismatch",
    "wallet_trade_taken",
    "fees_mismatch",
    "promotion_invalid",
    "coupon_invalid",
    "too_many_tickets",
    "ticket_id_taken",
    "ticket_code_taken",
    "key_unknown",
    "credit_limit_exceeded",
    "ticket_not_refundable",
    "refund_window_closed",
    "amount_mismatch",
    "unknown_pickup_code",
    "already_collected",
    "ticket_scanned",
    "void_window_closed",
    "wrong_outlet",
    "busy",
    "not_a_door",
)

__all__ = [
    "REASONS",
    "AwareDatetime",
    "Currency",
    "ErrorReply",
    "Fen",
    "Id",
    "KeyId",
    "PlainText",
    "Reply",
    "Request",
    "ShortText",
    "SignedFen",
    "Text",
    "TicketCode",
]
