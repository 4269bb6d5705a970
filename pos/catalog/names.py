"""Catalog things named in both languages (zones, sections, standing areas, concessions)."""

from __future__ import annotations


class Named:
    """A mixin for frozen dataclasses with ``name_zh`` and ``name_en`` fields."""

    __slots__ = ()
    name_zh: str
    name_en: str

    def name(self, language: str) -> str:
        return self.name_zh if language == "zh" else self.name_en
