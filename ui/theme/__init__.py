"""The counter app's design system: tokens (:mod:`ui.theme.tokens`), the one style sheet
and the calls a widget uses to ask for a look (:mod:`ui.theme.qss`), the icons
(:mod:`ui.theme.icons`). See ui/README.md, "Design system"."""

from __future__ import annotations

from ui.theme.icons import icon
from ui.theme.layout import grid, touch_rows, wrapping_rows
from ui.theme.qss import (
    apply_theme,
    colour,
    font,
    pt,
    px,
    scale,
    scale_for,
    set_tone,
    set_variant,
    style_sheet,
    touch,
)
from ui.theme.tokens import COLOURS, SELL_COLUMNS, SPACE, TOUCH, TYPE, Tone, Variant

__all__ = [
    "COLOURS",
    "SELL_COLUMNS",
    "SPACE",
    "TOUCH",
    "TYPE",
    "Tone",
    "Variant",
    "apply_theme",
    "colour",
    "font",
    "grid",
    "icon",
    "pt",
    "px",
    "scale",
    "scale_for",
    "set_tone",
    "set_variant",
    "style_sheet",
    "touch",
    "touch_rows",
    "wrapping_rows",
]
