"""Outlet POS core: domain, local store and services. Knows nothing of Qt, HTTP or printers.

One subpackage per domain, each saying in its docstring what it owns and which others it
uses; :mod:`pos.errors` (every error the core reports) and :mod:`pos.money` are shared by all."""

from __future__ import annotations

__version__ = "0.1.0"
