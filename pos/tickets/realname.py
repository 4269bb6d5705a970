"""Real-name tickets (实名制): the holder's name and ID document, checked and masked."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pos.errors import InvalidInput

ID_TYPES = ("resident_id", "passport", "hk_macau_permit", "taiwan_permit")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


@dataclass(frozen=True, slots=True)
class Holder:
    name: str
    id_type: str
    id_number: str

    @property
    def masked_name(self) -> str:
        # Keep the family name (first character), as Chinese venues print it.
        return self.name[0] + "*" * max(1, len(self.name) - 1)

    @property
    def masked_id(self) -> str:
        n = self.id_number
        return n[:3] + "*" * (len(n) - 7) + n[-4:] if len(n) > 7 else "*" * (len(n) - 2) + n[-2:]

    @property
    def on_ticket(self) -> str:
        """What goes into the ticket code for the door: the family name's first character and
        the ID's last four. Fixed length, so that it always fits the code (13 bytes at most)."""
        return f"{self.name[0]}*·{self.id_number[-4:]}"


def resident_id_ok(number: str) -> bool:
    """GB 11643 check: 17 digits and a mod-11 check character."""
    if not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == number[17]


def make_holder(name: str, id_number: str, id_type: str = "resident_id") -> Holder:
    # Drop invisible format characters (zero-width spaces pasted from a phone) and refuse
    # control characters: the name is printed and its first letter goes into the code.
    name = " ".join("".join(c for c in name if unicodedata.category(c) != "Cf").split())
    number = id_number.strip().upper()
    # Each refusal names the check that failed (``reason``): the counter says which one.
    if not name.isprintable():
        raise InvalidInput("the holder's name has characters that cannot be printed", reason="name_unprintable")
    if not name:
        raise InvalidInput("a real-name ticket needs the holder's name", reason="name_missing")
    if len(name) > 50:
        raise InvalidInput("the holder's name has at most 50 characters", reason="name_too_long")
    if id_type not in ID_TYPES:
        raise InvalidInput(f"ID type must be one of {', '.join(ID_TYPES)}", reason="id_type")
    if not number:
        raise InvalidInput("the document's number is missing", reason="id_missing")
    if id_type == "resident_id":
        if not re.fullmatch(r"[0-9]{17}[0-9X]", number):
            raise InvalidInput("that resident ID number is not valid: 18 characters, 17 digits and a digit or X", reason="id_form")
        if not resident_id_ok(number):
            raise InvalidInput("that resident ID number is not valid: its check digit is wrong (a typo?)", reason="id_check_digit")
    elif not re.fullmatch(r"[A-Z0-9]{5,20}", number):
        raise InvalidInput("a document number is 5 to 20 letters or digits", reason="id_form")
    return Holder(name, id_type, number)
