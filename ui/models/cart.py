"""The cart's lines, priced by the core's quote."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QPersistentModelIndex, Qt

from pos.sales import CartItem
from pos.sales.pricing import PricedTicket

_Index = QModelIndex | QPersistentModelIndex


class CartModel(QAbstractTableModel):
    """One row per ticket. The priced columns are blank until a quote for this exact cart
    arrives (``set_priced``)."""

    # The fee has its own column: a line's total includes it, and the clerk must see why.
    ITEM, CONCESSION, PRICE, DISCOUNT, FEE, TOTAL = range(6)

    def __init__(
        self, describe_item: Callable[[CartItem], str], concession_name: Callable[[str], str]
    ) -> None:
        super().__init__()
        self._items: tuple[CartItem, ...] = ()
        self._priced: tuple[PricedTicket, ...] = ()
        self._describe = describe_item
        self._concession = concession_name

    @property
    def items(self) -> tuple[CartItem, ...]:
        return self._items

    def set_items(self, items: Sequence[CartItem]) -> None:
        self.beginResetModel()
        self._items = tuple(items)
        self._priced = ()
        self.endResetModel()

    def set_priced(self, priced: Sequence[PricedTicket]) -> None:
        self._priced = tuple(priced) if len(priced) == len(self._items) else ()
        if self._items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, self.TOTAL))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 6

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= self.PRICE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row(), col)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == self.ITEM:  # the seat over its concession: two lines, like a receipt's
            return f"{self._describe(item)}\n{self._concession(item.concession)}"
        if col == self.CONCESSION:
            return self._concession(item.concession)
        if not self._priced:
            return "…"
        p = self._priced[index.row()]
        if col == self.PRICE:
            return p.list_price.format()
        if col == self.DISCOUNT:
            return f"-{p.discount.format()}" if p.discount.amount else ""
        if col == self.FEE:
            return p.fee.format() if p.fee.amount else ""
        return p.total.format()

    def _tooltip(self, row: int, col: int) -> str | None:
        """The whole text where a narrow column cuts it: the seat, the discount's promotion."""
        if col == self.ITEM:
            return f"{self._describe(self._items[row])} · {self._concession(self._items[row].concession)}"
        if col == self.DISCOUNT and self._priced and self._priced[row].discount.amount:
            return _promotion(self._priced[row]) or None
        if col == self.FEE and self._priced and self._priced[row].fee.amount:
            return self.tr("Booking fee per ticket")
        return None

    def has(self, column: int) -> bool:
        """Whether any priced line has an amount in ``column`` (DISCOUNT or FEE)."""
        amounts = [p.discount if column == self.DISCOUNT else p.fee for p in self._priced]
        return any(a.amount for a in amounts)

    def discount_names(self) -> tuple[str, ...]:
        """The promotions that lowered this cart's price, each once, in line order."""
        names = [_promotion(p) for p in self._priced if p.discount.amount and _promotion(p)]
        return tuple(dict.fromkeys(names))

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("Ticket"),
            self.tr("Concession"),
            self.tr("Price"),
            self.tr("Discount"),
            self.tr("Fee"),
            self.tr("Total"),
        )[section]


def _promotion(p: PricedTicket) -> str:
    """The promotion's name in the UI's language (the app installs it as the default locale)."""
    zh = QLocale().language() == QLocale.Language.Chinese
    return (p.promotion_name_zh if zh else "") or p.promotion_name
