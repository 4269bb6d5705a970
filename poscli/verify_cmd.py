"""``pos ticket verify`` and ``pos journal verify|show``."""

from __future__ import annotations

import sys

import click

from poscli.base import EXIT_FAILED_CHECK, Ctx, handle_errors, open_store, pass_ctx


@click.group()
def ticket() -> None:
    """Ticket codes."""


@ticket.command("verify")
@click.argument("code")
@pass_ctx
@handle_errors
def verify(ctx: Ctx, code: str) -> None:
    """Decode a ticket code and check its signature against the keys this terminal knows.

    Exits 1 for a code that is rejected or that this terminal knows was revoked."""
    from pos.errors import TicketCodeError
    from pos.store.models import Revocation, Ticket
    from pos.terminal.identity import known_keys
    from pos.tickets import verify as verify_code

    store = open_store(ctx)
    try:
        v = verify_code(code, keys=known_keys(store))
    except TicketCodeError as exc:
        ctx.emit(
            {"valid": False, "reason": exc.reason, "message": exc.message},
            f"REJECTED ({exc.reason}): {exc.message}",
        )
        sys.exit(EXIT_FAILED_CHECK)
    c = v.claims
    with store.read() as session:
        row = session.get(Ticket, c.ticket_id)
        revoked = session.get(Revocation, c.ticket_id)
        local = {
            "in_store": row is not None,
            "matches_store": row is not None and row.code == v.code,
            "status": row.status if row else None,
            "revoked": revoked.reason if revoked else None,
        }
    ctx.emit(
        {
            "valid": True,
            "key_id": v.key_id,
            "ticket_id": c.ticket_id,
            "performance": c.performance_id,
            "item": c.item_id,
            "gate": c.gate_id,
            "concession": c.concession,
            "issued_at": c.issued_at,
            "holder": c.holder,
            **local,
        },
        f"VALID signature (key {v.key_id})\n  ticket {c.ticket_id}\n  performance {c.performance_id}\n"
        f"  item {c.item_id}  gate {c.gate_id or '-'}  concession {c.concession}"
        + (f"\n  holder {c.holder}" if c.holder else "")
        + (f"\n  REVOKED: {local['revoked']}" if local["revoked"] else "")
        + ("" if local["in_store"] else "\n  (not sold on this terminal)"),
    )
    if local["revoked"]:
        sys.exit(EXIT_FAILED_CHECK)  # a good signature on a revoked ticket is not a valid ticket


@click.group()
def journal() -> None:
    """The append-only journal."""


@journal.command("verify")
@click.option("--offline", is_flag=True, help="Do not ask central: use the anchor kept here.")
@click.option("--timeout", default=5.0, type=click.FloatRange(0.2, 60), show_default=True,
              help="Seconds to wait for central.")
@pass_ctx
@handle_errors
def journal_verify(ctx: Ctx, offline: bool, timeout: float) -> None:
    """Check the whole hash chain, then hold it against the last head central acknowledged
    (asked of central; offline, the receipt kept here). Exits 1 saying what does not match."""
    from pos.errors import JournalCorrupt, PosError
    from sync.anchor import verify_anchored
    from sync.enrol import central_link, connect
    from sync.transport import Timeouts

    store = open_store(ctx)
    client, not_asked = None, ""
    if not offline and central_link(store) is not None:
        try:
            client = connect(store, allow_token_file=True, timeouts=Timeouts(timeout, timeout), retries=0)
        except PosError as exc:  # no token here: the receipt kept here still counts
            not_asked = f"central not asked ({exc.message})"
    try:
        check = verify_anchored(store, client)
    except JournalCorrupt as exc:
        ctx.emit(
            {"ok": False, "first_bad_entry": exc.seq, "message": exc.message},
            f"JOURNAL BROKEN: {exc.message}",
        )
        sys.exit(EXIT_FAILED_CHECK)
    note = "; ".join(n for n in (not_asked, check.note) if n)
    anchored = (
        f", anchored at #{check.anchor_seq} ({'asked central' if check.source == 'central' else 'receipt kept here'})"
        if check.anchor_seq is not None
        else ", not anchored"
    )
    ctx.emit(
        {
            "ok": True,
            "entries": check.entries,
            "head": check.head_hash,
            "anchor": {
                "seq": check.anchor_seq,
                "acknowledged_at": check.acknowledged_at.isoformat() if check.acknowledged_at else None,
                "source": check.source,
            },
            "note": note,
        },
        f"journal ok: {check.entries} entries, head {check.head_hash[:16]}…{anchored}"
        + (f"\n  {note}" if note else ""),
    )


@journal.command("show")
@click.option("--after", default=0, type=click.IntRange(min=0))
@click.option("--limit", default=50, type=click.IntRange(1, 10_000))
@pass_ctx
@handle_errors
def journal_show(ctx: Ctx, after: int, limit: int) -> None:
    from pos.journal.chain import entries

    rows = entries(open_store(ctx), after=after, limit=limit)
    ctx.emit(
        {
            "entries": [
                {
                    "seq": r.seq,
                    "ts": r.ts,
                    "kind": r.kind,
                    "staff": r.staff,
                    "approver": r.approver,
                    "ref": r.ref,
                    "data": r.data,
                }
                for r in rows
            ]
        },
        "\n".join(f"#{r.seq:<6} {r.ts}  {r.kind:<14} {r.staff or '-':<8} {r.ref}" for r in rows) or "empty",
    )
