"""The keyboard map, in one place: the shortcuts, the help dialog and README's "Keys"."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication


@dataclass(frozen=True, slots=True)
class Key:
    sequence: str  # QKeySequence text, portable
    what: str  # English source text, translated in context "keys"
    where: str  # "any", "sell", "payment", "map"

    def description(self) -> str:
        return QCoreApplication.translate("keys", self.what)


HELP = "F1"
SEARCH = "F2"
SEAT_MAP = "F3"
QUANTITY = "F4"
REFRESH = "F5"
COUPON = "F6"
MEMBER = "F7"
CONCESSION = "F8"
CLEAR_CART = "F9"
HOLDERS = "F10"
PRICE_OVERRIDE = "F11"
PAY = "F12"
LOCK = "Ctrl+L"
REMOVE_LINE = "Del"


def _keys(where: str, *rows: tuple[str, object]) -> tuple[Key, ...]:
    # QT_TRANSLATE_NOOP hands back its source text (typed ``object`` by Qt's stubs): lupdate
    # finds the text, the help dialog translates it when shown.
    return tuple(Key(sequence, str(what), where) for sequence, what in rows)


KEYS: tuple[Key, ...] = (
    *_keys(
        "any",
        (HELP, QT_TRANSLATE_NOOP("keys", "Show this list of keys")),
        (
            "Alt+1 … Alt+6",
            QT_TRANSLATE_NOOP("keys", "Modes: Sell, Pickup, Door, Shift, Settings, Orders & refunds"),
        ),
        (LOCK, QT_TRANSLATE_NOOP("keys", "Lock the terminal (unlock with your PIN)")),
    ),
    *_keys(
        "sell",
        (SEARCH, QT_TRANSLATE_NOOP("keys", "Search performances (type, then ↓ and Enter to choose)")),
        (REFRESH, QT_TRANSLATE_NOOP("keys", "Refresh the performance list")),
        (QUANTITY, QT_TRANSLATE_NOOP("keys", "Standing quantity (type a number, Enter adds to the cart)")),
        (SEAT_MAP, QT_TRANSLATE_NOOP("keys", "Seat map (type a number, then B: best available)")),
        (CONCESSION, QT_TRANSLATE_NOOP("keys", "Next concession for the selected cart line")),
        (REMOVE_LINE, QT_TRANSLATE_NOOP("keys", "Remove the selected cart line")),
        (COUPON, QT_TRANSLATE_NOOP("keys", "Enter a coupon code")),
        (MEMBER, QT_TRANSLATE_NOOP("keys", "Find a member: scan the member code, or type the number or phone")),
        (CLEAR_CART, QT_TRANSLATE_NOOP("keys", "Clear the cart")),
        (HOLDERS, QT_TRANSLATE_NOOP("keys", "Real-name events: the ticket holders' names and IDs")),
        (
            PRICE_OVERRIDE,
            QT_TRANSLATE_NOOP("keys", "Override the selected line's price (a supervisor approves)"),
        ),
        (PAY, QT_TRANSLATE_NOOP("keys", "Pay")),
    ),
    *_keys(
        "payment",
        ("Alt+C / Alt+D", QT_TRANSLATE_NOOP("keys", "Cash / card amount field")),
        ("F5 … F8", QT_TRANSLATE_NOOP("keys", "Cash quick amounts: exact, next 10, next 50, next 100")),
        ("F9", QT_TRANSLATE_NOOP("keys", "The whole total by card (then type the approval code)")),
        ("Enter", QT_TRANSLATE_NOOP("keys", "Take the payment and sell")),
        (
            "0…9 Enter",  # what the scanner types
            QT_TRANSLATE_NOOP("keys", "Scan a WeChat Pay / Alipay payment code, wherever the focus is: charged, then sold"),
        ),
        ("Esc", QT_TRANSLATE_NOOP("keys", "Back to the cart; while the customer confirms, cancel the payment")),
    ),
    *_keys(
        "map",
        ("+ / -", QT_TRANSLATE_NOOP("keys", "Zoom in / out")),
        ("Arrows", QT_TRANSLATE_NOOP("keys", "Pan")),
        ("B", QT_TRANSLATE_NOOP("keys", "Best available seats together (quantity typed before)")),
        ("Enter", QT_TRANSLATE_NOOP("keys", "Add the selected seats to the cart")),
        ("Esc", QT_TRANSLATE_NOOP("keys", "Clear the seat selection")),
    ),
)
