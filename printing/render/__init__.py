"""Renderers: the same :class:`printing.layout.Document` to ESC/POS text mode, ESC/POS
raster mode, or a PNG preview."""

from __future__ import annotations

from printing.render.escpos_text import render_text
from printing.render.raster import qr_image, render_image, render_preview, render_raster

__all__ = ["qr_image", "render_image", "render_preview", "render_raster", "render_text"]
