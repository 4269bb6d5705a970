"""Pieces every outlet-API document shares: ids, bounded text, the error reply.

Requests forbid unknown fields (a typo is an error, not silently ignored); replies ignore
unknown fields so that an older terminal keeps working against a newer server.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from sync.protocol.catalog import Id

Fen = Annotated[int, Field(ge=0, le=100_000_000)]
SignedFen = Annotated[int, Field(ge=-100_000_000, le=100_000_000)]
KeyId = Annotated[str, StringConstraints(pattern=r"^[0-9A-F]{8}$")]
# A ticket code as the QR carries it: QR alphanumeric characters only.
TicketCode = Annotated[str, StringConstraints(min_length=8, max_length=512, pattern=r"^[0-9A-Z$%*+./:-]+$")]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


def _clean_text(value: str) -> str:
    # NUL and lone surrogates cannot be stored by PostgreSQL / encoded as UTF-8: refuse them
    # at the edge so that they become a 422, never a 500 deep in the database driver.
    if "\x00" in value:
        raise ValueError("text must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("text must be valid Unicode") from exc
    return value


Text = Annotated[str, StringConstraints(max_length=200), AfterValidator(_clean_text)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=80), AfterValidator(_clean_text)]


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("timestamp needs a time zone (use UTC, e.g. 2025-01-01T12:00:00Z)")
    if not 2000 <= value.year <= 2200:
        raise ValueError("timestamp out of range")
    return value


AwareDatetime = Annotated[datetime, AfterValidator(_aware)]


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
)

__all__ = [
    "REASONS",
    "AwareDatetime",
    "Currency",
    "ErrorReply",
    "Fen",
    "Id",
    "KeyId",
    "Reply",
    "Request",
    "ShortText",
    "SignedFen",
    "Text",
    "TicketCode",
]
