"""Operator actions (the CLI): outlets, enrolment codes, tokens."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.context import Central
from central.errors import ApiError, not_found
from central.lease_models import MAX_IDLE_HOURS, MAX_SEATS, MAX_STANDING, LeaseTerms
from central.models import EnrolCode, Outlet, PlatformToken, SigningKey, Terminal
from central.services import doors, leases
from central.services.common import bump, token_hash
from central.services.credit import is_limited, limit_changed

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed


def upsert_outlet(
    ctx: Central,
    *,
    outlet_id: str,
    name_zh: str,
    name_en: str,
    kind: str,
    commission_bps: int = 0,
    credit_limit: int = 0,
    channel_rules: dict[str, Any] | None = None,
    offline_max_sale: int = 200_000,
    offline_max_total: int = 2_000_000,
    offline_max_hours: int = 24,
) -> Outlet:
    if kind not in ("own", "partner"):
        raise ValueError("outlet kind is own or partner")
    if not 0 <= commission_bps <= 10_000 or credit_limit < 0:
        raise ValueError("commission is 0..10000 basis points; credit limit is not negative")
    if min(offline_max_sale, offline_max_total) < 0 or not 0 <= offline_max_hours <= 24 * 30:
        raise ValueError("offline caps are not negative, and at most 30 days offline")

    def tx(s: Session) -> Outlet:
        outlet = s.get(Outlet, outlet_id, with_for_update=True)  # waits for sales in flight
        was_limited = outlet is not None and is_limited(outlet.kind, outlet.credit_limit)
        if outlet is None:
            outlet = Outlet(id=outlet_id, created_at=ctx.now(), credit_used=0)
            s.add(outlet)
        outlet.name_zh, outlet.name_en, outlet.kind = name_zh, name_en, kind
        outlet.commission_bps, outlet.credit_limit = commission_bps, credit_limit
        outlet.channel_rules = channel_rules or {"categories": [], "event_ids": []}
        outlet.offline_max_sale, outlet.offline_max_total = offline_max_sale, offline_max_total
        outlet.offline_max_hours = offline_max_hours
        limit_changed(s, outlet, was_limited)
        return outlet

    try:
        return ctx.db.run(tx)
    finally:
        ctx.forget_callers()  # cached callers carry the outlet's kind, rules and commission


def make_enrol_code(ctx: Central, outlet_id: str, ttl_minutes: int = 60) -> str:
    """A one-time code like ``ABCD-EFGH-JKLM``; only its hash is stored."""
    code = "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(3))

    def tx(s: Session) -> None:
        if s.get(Outlet, outlet_id) is None:
            raise not_found(f"outlet {outlet_id}")
        s.add(
            EnrolCode(
                code_hash=token_hash(code.replace("-", "")),
                outlet_id=outlet_id,
                expires_at=ctx.now() + timedelta(minutes=ttl_minutes),
            )
        )

    ctx.db.run(tx)
    return code


def make_platform_token(ctx: Central, name: str) -> str:
    token = "plt_" + secrets.token_urlsafe(32)

    def tx(s: Session) -> None:
        s.add(PlatformToken(token_hash=token_hash(token), name=name, created_at=ctx.now()))

    ctx.db.run(tx)
    return token


def revoke_terminal(ctx: Central, terminal_id: str, *, revoke_key: bool = False) -> None:
    """Revoke a terminal's token; with ``revoke_key`` its signing key too (tickets it signs
    from now on are not valid; those signed before stay valid)."""

    def tx(s: Session) -> None:
        terminal = s.get(Terminal, terminal_id)
        if terminal is None:
            raise ApiError(404, "not_found", f"terminal {terminal_id} not found")
        now = ctx.now()
        terminal.revoked_at = terminal.revoked_at or now
        doors.unbind(s, terminal)  # a withdrawn terminal is no door of any venue (issue 17)
        leases.release_terminal(s, terminal_id)  # a withdrawn terminal sells nothing offline
        if revoke_key:
            key = s.get(SigningKey, terminal.key_id)
            if key is not None and key.revoked_at is None:
                key.revoked_at = now
                key.seq = bump(s, "keys")

    ctx.db.run(tx)
    ctx.forget_callers()  # effective at once in this process; elsewhere within the cache bound


def list_terminals(ctx: Central) -> list[Terminal]:
    return ctx.db.run(lambda s: list(s.scalars(select(Terminal).order_by(Terminal.id))))


def set_lease_terms(
    ctx: Central, *, outlet_id: str, seats_per_performance: int, standing_per_area: int, idle_hours: int
) -> leases.Terms:
    """How much each terminal of an outlet leases for offline sale: seats per performance on
    sale now, standing units per area, and the hours after which an idle terminal's lease
    goes back. Leases follow at each terminal's next refill (smaller ones shrink only as they
    sell: nothing is taken from a terminal that may be offline)."""
    if not 0 <= seats_per_performance <= MAX_SEATS:
        raise ValueError(f"seats per performance: 0 to {MAX_SEATS}")
    if not 0 <= standing_per_area <= MAX_STANDING:
        raise ValueError(f"standing units per area: 0 to {MAX_STANDING}")
    if not 1 <= idle_hours <= MAX_IDLE_HOURS:
        raise ValueError(f"idle hours: 1 to {MAX_IDLE_HOURS}")

    def tx(s: Session) -> leases.Terms:
        if s.get(Outlet, outlet_id) is None:
            raise not_found(f"outlet {outlet_id}")
        row = s.get(LeaseTerms, outlet_id, with_for_update=True)
        if row is None:
            row = LeaseTerms(outlet_id=outlet_id)
            s.add(row)
        row.seats_per_performance, row.standing_per_area = seats_per_performance, standing_per_area
        row.idle_hours = idle_hours
        return leases.Terms(seats_per_performance, standing_per_area, idle_hours)

    return ctx.db.run(tx)


def lease_terms(ctx: Central, outlet_id: str) -> leases.Terms:
    def tx(s: Session) -> leases.Terms:
        if s.get(Outlet, outlet_id) is None:
            raise not_found(f"outlet {outlet_id}")
        return leases.terms_of(s, outlet_id)

    return ctx.db.run(tx)
