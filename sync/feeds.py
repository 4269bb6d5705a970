"""The change feeds' machinery: a cursor per feed kept in the store, pages read from a cursor
on, each page applied and its cursor saved in one write; and the two feeds every terminal
needs, doors included: valid keys and revocations. The sale-side feeds are ``sync.pull``'s."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from pos.door.trust import save_key_venues
from pos.store import settings, sql
from pos.store.db import Store
from sync.protocol.feeds import KeysPage, RevocationsPage
from sync.transport import CentralClient

PAGE = 500


def cursor(store: Store, feed: str) -> int:
    return int(settings.get(store, f"cursor:{feed}") or 0)


def feed_status(store: Store) -> dict[str, str]:
    return dict(settings.get(store, "feed_status") or {})


def save_cursor(store: Store, feed: str, value: int) -> None:
    with store.write() as session:
        settings.write(session, f"cursor:{feed}", value)
        status = settings.read(session, "feed_status") or {}
        status[feed] = datetime.now(UTC).isoformat()
        settings.write(session, "feed_status", status)


def pages(client: CentralClient, path: str, model: type[Any], start: int, **params: Any) -> Iterator[Any]:
    """A feed's pages from cursor ``start`` on, until central says there is no more."""
    at = start
    while True:
        page = client.get(path, model, params={"limit": PAGE, **params, "cursor": at})
        yield page
        if not page.more or page.next_cursor <= at:
            return
        at = page.next_cursor


def pull_items(
    store: Store, client: CentralClient, feed: str, path: str, model: type[Any],
    apply: Callable[[Session, Any], None],
) -> int:
    """Apply every item of a feed from its cursor on, page by page; returns how many came."""
    n = 0
    for page in pages(client, path, model, cursor(store, feed)):
        with store.write() as session:
            for item in page.items:
                apply(session, item)
                n += 1
        save_cursor(store, feed, page.next_cursor)
    return n


def pull_keys(store: Store, client: CentralClient) -> int:
    def apply(session: Session, k: Any) -> None:
        raw = base64.b64decode(k.public_key)
        owner = f"terminal:{k.terminal_id}" if k.owner == "terminal" else "central"
        sql.run(
            session,
            "INSERT INTO known_key (key_id, public_key, owner, valid_from, valid_until) VALUES (?,?,?,?,?) "
            "ON CONFLICT(key_id) DO UPDATE SET public_key = excluded.public_key, owner = excluded.owner, "
            "valid_from = excluded.valid_from, valid_until = excluded.valid_until",
            (
                k.key_id,
                raw,
                owner,
                sql.time_in(k.valid_from),
                sql.time_in(k.revoked_at) if k.revoked_at else None,
            ),
        )
        save_key_venues(session, k.key_id, k.venue_ids if k.role == "door" else ())

    return pull_items(store, client, "keys", "/feeds/keys", KeysPage, apply)


def pull_revocations(store: Store, client: CentralClient) -> int:
    def apply(session: Session, r: Any) -> None:
        sql.run(
            session,
            "INSERT INTO revocation (ticket_id, reason, revoked_at, replaced_by) VALUES (?,?,?,NULL) "
            "ON CONFLICT(ticket_id) DO NOTHING",
            (r.ticket_id, r.reason, sql.time_in(r.revoked_at)),
        )
        # A ticket this terminal sold and central revoked (e.g. a cancelled show).
        sql.run(
            session,
            "UPDATE ticket SET status = 'revoked' WHERE id = ? AND status = 'valid'",
            (r.ticket_id,),
        )

    return pull_items(store, client, "revocations", "/feeds/revocations", RevocationsPage, apply)
