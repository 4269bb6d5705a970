"""Enrolment: a one-time code and the terminal's public key, for a bearer token."""

from __future__ import annotations

import base64
import secrets
import time

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.errors import ApiError
from central.models import EnrolCode, Outlet, PlatformToken, SigningKey, Terminal
from central.services.common import bump, token_hash
from sync.protocol.enrolment import EnrolReply, EnrolRequest, key_id_of


def enrol(ctx: Central, req: EnrolRequest, central_key_id: str) -> EnrolReply:
    raw_key = base64.b64decode(req.public_key)
    key_id = key_id_of(raw_key)
    token = "trm_" + secrets.token_urlsafe(32)
    terminal_id = "T" + secrets.token_hex(6).upper()

    def tx(s: Session) -> EnrolReply:
        now = ctx.now()
        code_hash = token_hash(req.code.replace("-", ""))
        # Single use: the conditional update succeeds for exactly one caller.
        outlet_id = s.execute(
            update(EnrolCode)
            .where(
                EnrolCode.code_hash == code_hash,
                EnrolCode.used_at.is_(None),
                EnrolCode.expires_at > now,
            )
            .values(used_at=now, terminal_id=terminal_id)
            .returning(EnrolCode.outlet_id)
        ).scalar_one_or_none()
        if outlet_id is None:
            raise ApiError(403, "invalid_code", "enrolment code is unknown, used or expired")
        if s.get(SigningKey, key_id) is not None:
            raise ApiError(409, "key_in_use", "this public key is already registered", key_id=key_id)
        s.add(
            Terminal(
                id=terminal_id,
                outlet_id=outlet_id,
                name=req.terminal_name,
                key_id=key_id,
                token_hash=token_hash(token),
                created_at=now,
            )
        )
        s.add(
            SigningKey(
                key_id=key_id,
                public_key=req.public_key,
                owner="terminal",
                outlet_id=outlet_id,
                terminal_id=terminal_id,
                valid_from=now,
                seq=bump(s, "keys"),
            )
        )
        return EnrolReply(
            terminal_id=terminal_id,
            outlet_id=outlet_id,
            token=token,
            key_id=key_id,
            central_key_id=central_key_id,
            server_time=now,
            holder_seal_key=ctx.holders().public_b64,
        )

    return ctx.db.run(tx)


def authenticate(ctx: Central, token: str) -> Caller:
    """The terminal behind a bearer token. Cached per process for ``ctx.auth_cache_seconds``
    (see :class:`Central`): a revoked token stops working within that bound."""
    th = token_hash(token)
    cached = ctx.cached_caller(th)
    if cached is not None:
        return cached
    read_at = time.monotonic()  # before the read: the entry never outlives the bound

    def tx(s: Session) -> Caller:
        # Core, not ORM: one plain row, no identity map.
        row = s.execute(
            select(Terminal.id, Terminal.name, Terminal.key_id, Terminal.revoked_at, Outlet.id,
                   Outlet.kind, Outlet.channel_rules, Outlet.commission_bps, Outlet.commission_rules,
                   Outlet.contract_start, Outlet.contract_end)
            .join(Outlet, Outlet.id == Terminal.outlet_id)
            .where(Terminal.token_hash == th)
        ).first()
        if row is None:
            raise ApiError(401, "unauthorized", "unknown bearer token")
        if row[3] is not None:
            raise ApiError(401, "token_revoked", "this terminal's token was revoked")
        return Caller(
            terminal_id=row[0],
            terminal_name=row[1],
            outlet_id=row[4],
            outlet_kind=row[5],
            key_id=row[2],
            outlet_rules=row[6] or {},
            commission_bps=row[7],
            commission_rules=row[8] or {},
            contract_start=row[9],
            contract_end=row[10],
        )

    caller = ctx.db.run(tx)
    ctx.remember_caller(th, caller, read_at)
    return caller


def authenticate_platform(ctx: Central, token: str) -> str:
    def tx(s: Session) -> str:
        row = s.get(PlatformToken, token_hash(token))
        if row is None or row.revoked_at is not None:
            raise ApiError(401, "unauthorized", "unknown or revoked platform token")
        return row.name

    return ctx.db.run(tx)
