"""A customer's mobile number as typed by a clerk: spaces, dashes and a +86 or 86 prefix
are dropped; what is left must be a mainland mobile number (11 digits, 13x-19x)."""

from __future__ import annotations

import re

from pos.errors import InvalidInput

_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_SEPARATORS = re.compile(r"[\s\-()]")


def mobile_number(text: str) -> str:
    """The 11 digits of ``text``; InvalidInput (reason ``bad_phone``) when it is not a mobile number."""
    digits = _SEPARATORS.sub("", text.strip())
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not _MOBILE.fullmatch(digits):
        raise InvalidInput("a customer phone is an 11-digit mobile number (13x-19x)", reason="bad_phone")
    return digits


def masked(phone: str) -> str:
    """138****8000: what a screen or a printout shows."""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 7 else "****"
