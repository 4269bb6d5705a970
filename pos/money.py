"""Money as integer minor units (fen) with a currency code. Never floats."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pos.errors import InvalidInput

SYMBOLS = {"CNY": "¥"}  # currencies written with a sign; others with their ISO code

# ASCII digits only: str.isdigit() also accepts characters int() cannot read.
_AMOUNT = re.compile(r"(-?)([0-9]{1,12})(?:\.([0-9]{1,2}))?", re.ASCII)


@dataclass(frozen=True, slots=True, order=True)
class Money:
    amount: int  # minor units (fen for CNY)
    currency: str = "CNY"

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise InvalidInput(f"money amount must be an integer number of minor units, got {self.amount!r}")
        if len(self.currency) != 3 or not self.currency.isalpha() or not self.currency.isupper():
            raise InvalidInput(f"currency must be an ISO 4217 code, got {self.currency!r}")

    def _same(self, other: Money) -> None:
        if self.currency != other.currency:
            raise InvalidInput(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def times(self, n: int) -> Money:
        return Money(self.amount * n, self.currency)

    @staticmethod
    def zero(currency: str = "CNY") -> Money:
        return Money(0, currency)

    @staticmethod
    def parse(text: str, currency: str = "CNY") -> Money:
        """Parse a decimal amount as typed by a person ("120", "120.5", "120.50") into fen."""
        match = _AMOUNT.fullmatch(text.strip())
        if match is None:
            raise InvalidInput(f"not an amount: {text!r} (use e.g. 120 or 120.50)")
        neg, whole, frac = match.group(1), match.group(2), match.group(3) or ""
        value = int(whole) * 100 + int((frac + "00")[:2])
        return Money(-value if neg else value, currency)

    def format(self) -> str:
        sign = "-" if self.amount < 0 else ""
        a = abs(self.amount)
        return f"{sign}{a // 100}.{a % 100:02d}"

    def display(self) -> str:
        """As printed and shown: ``¥58.00``, ``-¥58.00`` (the minus before the sign), or
        ``USD -58.00`` for a currency without a sign here."""
        symbol = SYMBOLS.get(self.currency)
        if symbol is None:
            return f"{self.currency} {self.format()}"
        return f"{'-' if self.amount < 0 else ''}{symbol}{abs(self).format()}"

    def __abs__(self) -> Money:
        return Money(abs(self.amount), self.currency)

    def __str__(self) -> str:
        return f"{self.currency} {self.format()}"
