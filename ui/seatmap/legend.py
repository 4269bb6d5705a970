"""The seat map's legend: each price zone's colour, name and adult price, in one row under
the map, so the clerk can tell the customer what a colour costs without hovering."""

from __future__ import annotations

import html

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QSizePolicy

from pos.catalog.seatmap import SeatMap
from pos.money import Money
from ui import theme


def _unbroken(text: str) -> str:
    """``text`` that a line never breaks inside: Chinese breaks between any two characters
    ("边线下 / 层 ¥680.00"); a word joiner between them and no-break spaces keep a zone and its
    price on one line, and the legend wraps between zones."""
    return "\u2060".join(text.replace(" ", "\u00a0"))


class ZoneLegend(QLabel):
    def __init__(self, language: str) -> None:
        super().__init__()
        self.setObjectName("zoneLegend")
        self.language = language
        self._names: list[str] = []
        self.setWordWrap(True)
        # Like the message under the map: its text never sizes the pane.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_map(self, seat_map: SeatMap | None) -> None:
        zones = seat_map.zones if seat_map is not None else ()
        parts, self._names = [], []
        for z in zones:
            price = f" {Money(z.adult_price).display()}" if z.adult_price is not None else ""
            colour = QColor(z.color).name()  # "#rrggbb" whatever the feed said: no markup gets in
            self._names.append(f"{z.name(self.language)}{price}")
            parts.append(
                f"<span style='color: {colour}; font-size: {theme.pt('title')}pt'>■</span>&nbsp;"
                + _unbroken(html.escape(self._names[-1]))
            )
        self.setText("&nbsp;&nbsp; ".join(parts))
        self.setToolTip(self.tr("Price zones: the colour on the map, the zone, its full (adult) price"))
        self.setVisible(bool(parts))

    def zone_names(self) -> list[str]:
        """The zones shown, each with its price."""
        return list(self._names)
