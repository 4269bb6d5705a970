"""The seat map's legend: each price zone's colour, name and adult price, in one row under
the map, so the clerk can tell the customer what a colour costs without hovering."""

from __future__ import annotations

import html

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QSizePolicy

from pos.catalog.seatmap import SeatMap
from pos.money import Money
from ui import theme


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
                f"<span style='color: {colour}; font-size: {theme.pt('title')}pt'>■</span>&nbsp;{html.escape(self._names[-1])}"
            )
        self.setText("&nbsp;&nbsp; ".join(parts))
        self.setToolTip(self.tr("Price zones: the colour on the map, the zone, its full (adult) price"))
        self.setVisible(bool(parts))

    def zone_names(self) -> list[str]:
        """The zones shown, each with its price."""
        return list(self._names)
