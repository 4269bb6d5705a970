"""Outlet POS core: domain, local store and services. Knows nothing of Qt, HTTP or printers."""

from __future__ import annotations

__version__ = "0.1.0"
