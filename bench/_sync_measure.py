"""One ``sync_once`` of a benchmark terminal, measured feed by feed: requests, items, time on
both ends, bytes on the wire and decoded (from the counters of ``_sync_setup``), and the
table the sync benchmarks print. Imported by the scripts from their own folder."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from _numbers import fmt_bytes
from _sync_setup import LiveCentral, Terminal


class Stopwatch:
    """Timestamps of ``sync_once``'s progress callbacks, to split one cycle into its feeds."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.events: list[tuple[str, int, float]] = []

    def __call__(self, stage: str, done: int, _total: int | None) -> None:
        self.events.append((stage, done, time.perf_counter()))

    def last(self, stage: str) -> float | None:
        found = [t for s, _, t in self.events if s == stage]
        return found[-1] if found else None

    def count(self, stage: str) -> int:
        return sum(1 for s, _, _ in self.events if s == stage)


# --------------------------------------------------------------------------- one measured sync cycle

FEEDS = (
    # (label, the progress stage that ends it, the request paths it makes)
    ("me + keys", "keys", ("/v1/me", "/v1/feeds/keys")),
    ("catalog", "catalog", ("/v1/feeds/catalog",)),
    ("allocations", "allocations", ("/v1/feeds/allocations",)),
    ("revocations", "revocations", ("/v1/feeds/revocations",)),
    ("seats", "seats", ("/v1/feeds/seats",)),
)


@dataclass
class FeedStats:
    label: str
    requests: int
    items: int
    seconds: float  # terminal clock, from the end of the previous feed to the end of this one
    server: float  # central's time inside the server for these requests
    wire: int  # reply bodies as sent (compressed if central compressed)
    body: int  # reply bodies decoded: the JSON
    head: int  # reply status lines and headers
    up: int  # requests, headers and bodies
    gzip: int  # the same JSON bodies gzipped at level 6, computed after the fact (0 if not kept)
    encodings: set[str] = field(default_factory=set)


@dataclass
class SyncMeasure:
    seconds: float
    report: Any  # sync.pull.SyncReport
    feeds: list[FeedStats]

    @property
    def total(self) -> FeedStats:
        t = FeedStats("total", 0, 0, self.seconds, 0.0, 0, 0, 0, 0, 0)
        for f in self.feeds:
            t.requests += f.requests
            t.items += f.items
            t.server += f.server
            t.wire += f.wire
            t.body += f.body
            t.head += f.head
            t.up += f.up
            t.gzip += f.gzip
            t.encodings |= f.encodings
        return t

    def feed(self, label: str) -> FeedStats:
        return next(f for f in self.feeds if f.label == label)


def measured_sync(term: Terminal, live: LiveCentral, *, keep_bodies: bool = True) -> SyncMeasure:
    """One ``sync_once`` of ``term``, split per feed by its progress callbacks and by path."""
    import gzip

    from sync.pull import sync_once

    watch = Stopwatch()
    term.http.keep_bodies = keep_bodies
    client_mark, server_mark = term.http.mark(), live.timer.mark()
    t0 = time.perf_counter()
    report = sync_once(term.store, term.client, progress=watch)
    seconds = time.perf_counter() - t0
    term.http.keep_bodies = False
    if not report.online:
        raise SystemExit(f"sync failed: {report.error}")
    exchanges = term.http.since(client_mark)
    records = live.timer.since(server_mark, expect=len(exchanges))
    feeds = []
    previous = t0
    for label, stage, paths in FEEDS:
        end = watch.last(stage) or previous
        mine = [e for e in exchanges if e.path in paths]
        items = sum(report.applied.get(p.rsplit("/", 1)[-1], 0) for p in paths)
        feeds.append(
            FeedStats(
                label=label,
                requests=len(mine),
                items=items,
                seconds=end - previous,
                server=sum(r.seconds for r in records if r.path in paths),
                wire=sum(e.wire_in for e in mine),
                body=sum(e.body_in for e in mine),
                head=sum(e.head_in for e in mine),
                up=sum(e.bytes_out for e in mine),
                gzip=sum(len(gzip.compress(e.body, 6)) for e in mine if e.body is not None),
                encodings={e.encoding or "identity" for e in mine},
            )
        )
        previous = end
    for e in exchanges:
        e.body = None
    return SyncMeasure(seconds, report, feeds)


def print_sync_table(title: str, m: SyncMeasure) -> None:
    print(title)
    print(
        f"  {'feed':13} {'requests':>8} {'items':>8} {'time s':>8} {'central s':>9} "
        f"{'wire in':>11} {'JSON in':>11} {'gzip-6':>11} {'sent up':>10}"
    )
    for f in [*m.feeds, m.total]:
        print(
            f"  {f.label:13} {f.requests:8,} {f.items:8,} {f.seconds:8.2f} {f.server:9.2f} "
            f"{fmt_bytes(f.wire):>11} {fmt_bytes(f.body):>11} {fmt_bytes(f.gzip) if f.gzip else '-':>11} "
            f"{fmt_bytes(f.up):>10}"
        )
    enc = ", ".join(sorted(m.total.encodings))
    print(
        f"  wire in = reply bodies as central sent them (Content-Encoding: {enc}); JSON in = decoded; "
        f"gzip-6 = the same JSON gzipped afterwards, what a compressing central would send; "
        f"headers add {fmt_bytes(m.total.head)}"
    )
