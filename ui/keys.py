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

KEYS: tuple[Key, ...] = (
    Key(HELP, QT_TRANSLATE_NOOP("keys", "Show this list of keys"), "any"),
    Key(
        "Alt+1 … Alt+6",
        QT_TRANSLATE_NOOP("keys", "Modes: Sell, Pickup, Door, Shift, Settings, Orders & refunds"),
        "any",
    ),
    Key(LOCK, QT_TRANSLATE_NOOP("keys", "Lock the terminal (unlock with your PIN)"), "any"),
    Key(SEARCH, QT_TRANSLATE_NOOP("keys", "Search performances (type, then ↓ and Enter to choose)"), "sell"),
    Key(REFRESH, QT_TRANSLATE_NOOP("keys", "Refresh the performance list"), "sell"),
    Key(
        QUANTITY,
        QT_TRANSLATE_NOOP("keys", "Standing quantity (type a number, Enter adds to the cart)"),
        "sell",
    ),
    Key(SEAT_MAP, QT_TRANSLATE_NOOP("keys", "Seat map (type a number, then B: best available)"), "sell"),
    Key(CONCESSION, QT_TRANSLATE_NOOP("keys", "Next concession for the selected cart line"), "sell"),
    Key(REMOVE_LINE, QT_TRANSLATE_NOOP("keys", "Remove the selected cart line"), "sell"),
    Key(COUPON, QT_TRANSLATE_NOOP("keys", "Enter a coupon code"), "sell"),
    Key(MEMBER, QT_TRANSLATE_NOOP("keys", "Enter a member number"), "sell"),
    Key(CLEAR_CART, QT_TRANSLATE_NOOP("keys", "Clear the cart"), "sell"),
    Key(HOLDERS, QT_TRANSLATE_NOOP("keys", "Real-name events: the ticket holders' names and IDs"), "sell"),
    Key(
        PRICE_OVERRIDE,
        QT_TRANSLATE_NOOP("keys", "Override the selected line's price (a supervisor approves)"),
        "sell",
    ),
    Key(PAY, QT_TRANSLATE_NOOP("keys", "Pay"), "sell"),
    Key("Alt+C / Alt+D", QT_TRANSLATE_NOOP("keys", "Cash / card amount field"), "payment"),
    Key(
        "F5 … F8",
        QT_TRANSLATE_NOOP("keys", "Cash quick amounts: exact, next 10, next 50, next 100"),
        "payment",
    ),
    Key("F9", QT_TRANSLATE_NOOP("keys", "The whole total by card (then type the approval code)"), "payment"),
    Key("Enter", QT_TRANSLATE_NOOP("keys", "Take the payment and sell"), "payment"),
    Key("Esc", QT_TRANSLATE_NOOP("keys", "Back to the cart"), "payment"),
    Key("+ / -", QT_TRANSLATE_NOOP("keys", "Zoom in / out"), "map"),
    Key("Arrows", QT_TRANSLATE_NOOP("keys", "Pan"), "map"),
    Key("B", QT_TRANSLATE_NOOP("keys", "Best available seats together (quantity typed before)"), "map"),
    Key("Enter", QT_TRANSLATE_NOOP("keys", "Add the selected seats to the cart"), "map"),
    Key("Esc", QT_TRANSLATE_NOOP("keys", "Clear the seat selection"), "map"),
)
