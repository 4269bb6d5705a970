"""The terminal's settings: display language, customer display, door sharing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pos.door.sharing import DoorSharing, door_sharing, set_door_sharing
from pos.store import settings
from pos.store.db import Store
from ui.context import AppContext
from ui.ops.changes import Change
from ui.ops.op import Op, read, write


@dataclass(frozen=True, slots=True)
class Settings:
    customer_display: bool
    central_url: str  # "" when not enrolled
    door_sharing: DoorSharing


def _central_url(store: Store) -> str:
    from sync.enrol import central_link

    link = central_link(store)
    return link.url if link is not None else ""


def load(ctx: AppContext) -> Op[Settings]:
    store = ctx.store
    return read(
        "settings",
        lambda: Settings(settings.customer_display_enabled(store), _central_url(store), door_sharing(store)),
    )


def customer_display(ctx: AppContext) -> Op[bool]:
    store = ctx.store
    return read("settings", lambda: settings.customer_display_enabled(store))


def set_language(ctx: AppContext, language: str) -> Op[None]:
    store = ctx.store
    return write("settings", lambda: settings.set_display_language(store, language=language), Change.SETTINGS)


def set_customer_display(ctx: AppContext, enabled: bool) -> Op[None]:
    store = ctx.store
    return write("settings", lambda: settings.set_customer_display(store, enabled=enabled), Change.SETTINGS)


def save_door_sharing(ctx: AppContext, listen: str, peers: Sequence[str]) -> Op[DoorSharing]:
    store, others = ctx.store, list(peers)
    return write("settings", lambda: set_door_sharing(store, listen=listen, peers=others), Change.SETTINGS)
