"""The design tokens: named colours, the type scale, spacing and the touch target.

Every colour, font size and gap the counter app shows is named here once. Widgets never
spell a colour: they say what a thing *is* (a tone: error, warning, success, info; a
variant: primary, quiet, danger) and the one style sheet (:mod:`ui.theme.qss`) says how
that looks. The values are for a 1366×768 screen; larger screens multiply the type scale
and spacing by one factor decided at start (:func:`ui.theme.qss.scale_for`).
"""

from __future__ import annotations

from typing import Final, Literal

Tone = Literal["error", "warning", "success", "info", "muted", ""]
Variant = Literal["primary", "danger", "quiet", ""]

# Colours by role, not by hue. Text colours meet WCAG AA (4.5:1) on the surfaces they sit on.
COLOURS: Final[dict[str, str]] = {
    # text and surfaces
    "ink": "#1c2127",
    "ink_muted": "#5b6670",
    "ink_disabled": "#9aa3ab",
    "ink_inverse": "#ffffff",
    "surface": "#f4f6f8",  # the window
    "surface_raised": "#ffffff",  # fields, tables, dialogs
    "surface_sunken": "#e8ecf0",  # headers, quiet buttons
    "border": "#c3cbd3",
    "border_strong": "#8a96a2",
    # the one action colour (Pay, Add, Sell) and its states
    "primary": "#1459b3",
    "primary_hover": "#1a6bd6",
    "primary_pressed": "#0e3f80",
    "focus": "#f59e0b",  # a 2 px amber ring: seen from a step back, never confused with red
    "selection": "#cfe1fb",
    # meanings: each colour means one thing (ui/README.md)
    "error": "#b3261e",  # refused, an error, the last minute of a hold, no open shift
    "error_surface": "#fdecea",
    "warning": "#7a4a00",  # text on warning_surface: a state to watch, not an error
    "warning_strong": "#b26a00",  # amber as a background (offline banner, admitted just now)
    "warning_surface": "#fff3cd",
    "success": "#1b7f3b",  # admitted, sold, paid
    "success_ink": "#0b3d0b",
    "success_surface": "#dff0d8",
    "info": "#0e4a8a",
    "info_surface": "#e3eefb",
    "training": "#6a1b9a",  # training mode, on every page
    "idle": "#37474f",  # the door's panel before a scan
    # the seat map's states (zones bring their own colours from the catalog)
    "seat_sold": "#5a5a5a",
    "seat_blocked": "#1f1f1f",
    "seat_other": "#c9c9c9",
    "seat_held": "#ff9800",
    "seat_selected": "#ffd600",
    "seat_zone_default": "#4a90d9",
    "section_no_zone": "#9e9e9e",
    "section_outline": "#ffffff",
    "chart_bar": "#3a7bd5",
}

# The type scale in points at scale 1.0 (1366×768). Body is the app font; the others are
# named steps of about 1.25 apart, so a screen reads as three or four sizes, not eleven.
TYPE: Final[dict[str, float]] = {
    "caption": 9,  # status bar details, footnotes
    "body": 11,  # everything unless said otherwise
    "emphasis": 12,  # totals, the heading of the chosen performance
    "title": 14,  # a dialog's amount, banners
    "heading": 16,  # the hold's countdown, the payment total
    "display": 22,  # the door's seat line
    "hero": 30,  # the change due: read aloud to the customer
    "verdict": 56,  # the door's ADMIT / REFUSED, read from two metres
}

# Spacing in px at scale 1.0: gaps between controls, padding inside them, margins of panes.
SPACE: Final[dict[str, int]] = {"xs": 4, "s": 8, "m": 12, "l": 16, "xl": 24}

TOUCH: Final[int] = 44  # the minimum height (and width) of anything a finger presses
RADIUS: Final[int] = 4

# The layout grid: the sell screen's three panes (browse | performance | sale) take fixed
# shares of the width, so nothing a message says can move a pane (ui/README.md).
SELL_COLUMNS: Final[tuple[int, int, int]] = (3, 4, 3)
