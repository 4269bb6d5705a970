"""API errors: an HTTP status, a stable reason code and details for the terminal."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    def __init__(self, status: int, reason: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason
        self.message = message
        self.details = details


def unprocessable(reason: str, message: str, **details: Any) -> ApiError:
    return ApiError(422, reason, message, **details)


def not_found(what: str, **details: Any) -> ApiError:
    return ApiError(404, "not_found", f"{what} not found", **details)


def conflict(message: str, **details: Any) -> ApiError:
    return ApiError(409, "idempotency_conflict", message, **details)
