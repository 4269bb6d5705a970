"""Hold policy (issue 16, finding 6): how many seats and standing places one terminal, and
one outlet, may hold at once, and how many times a hold may be extended; set per outlet by
an administrator (``pos central outlet hold-policy``), with box-office defaults.

Without caps one terminal could hold every free seat and the whole standing quota and
extend its holds for ever, and web buyers would be told ``sold_out``. A refusal names the
cap (``hold_cap`` with ``cap`` = terminal_seats, terminal_standing, outlet_seats,
outlet_standing or extensions). A terminal's caps are exact under concurrency (its holds
are taken one at a time); an outlet's may be passed by the holds its other terminals have
in flight at that instant, at most a few: not worth making every till of an outlet wait
for the others."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, case, func, select
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.errors import not_found, unprocessable
from central.guard_models import (
    DEFAULT_EXTENSIONS,
    DEFAULT_OUTLET_SEATS,
    DEFAULT_OUTLET_STANDING,
    DEFAULT_TERMINAL_SEATS,
    DEFAULT_TERMINAL_STANDING,
    HoldPolicy,
)
from central.models import Hold, Outlet
from central.services.common import serialize

HOLDS = cast(Table, Hold.__table__)
POLICIES = cast(Table, HoldPolicy.__table__)
_SEATED = HOLDS.c.area_id.is_(None)
_MINE = HOLDS.c.terminal_id == bindparam("b_terminal")
# Places held now by the outlet, and by the terminal, seated and standing: one statement.
_HELD = select(
    func.coalesce(func.sum(case((and_(_MINE, _SEATED), HOLDS.c.places), else_=0)), 0),
    func.coalesce(func.sum(case((and_(_MINE, ~_SEATED), HOLDS.c.places), else_=0)), 0),
    func.coalesce(func.sum(case((_SEATED, HOLDS.c.places), else_=0)), 0),
    func.coalesce(func.sum(case((~_SEATED, HOLDS.c.places), else_=0)), 0),
).where(HOLDS.c.outlet_id == bindparam("b_outlet"), HOLDS.c.status == "active",
        HOLDS.c.expires_at > bindparam("b_now"))
_POLICY = select(*POLICIES.c).where(POLICIES.c.outlet_id == bindparam("b_outlet"))
_CAP_COLUMNS = ("terminal_seats", "terminal_standing", "outlet_seats", "outlet_standing")
# The places held and the outlet's caps (its policy row, if any) in one statement.
_HELD_SUMS = _HELD.subquery()
_HELD_AND_CAPS = select(_HELD_SUMS, *(POLICIES.c[c] for c in _CAP_COLUMNS)).select_from(
    _HELD_SUMS.outerjoin(POLICIES, POLICIES.c.outlet_id == bindparam("b_outlet")))


@dataclass(frozen=True, slots=True)
class Policy:
    outlet_id: str
    terminal_seats: int = DEFAULT_TERMINAL_SEATS
    terminal_standing: int = DEFAULT_TERMINAL_STANDING
    outlet_seats: int = DEFAULT_OUTLET_SEATS
    outlet_standing: int = DEFAULT_OUTLET_STANDING
    extensions: int = DEFAULT_EXTENSIONS
    custom: bool = False  # set by an administrator, not the defaults


CAPS = ("terminal_seats", "terminal_standing", "outlet_seats", "outlet_standing", "extensions")


def _policy(s: Session, outlet_id: str) -> Policy:
    row = s.connection().execute(_POLICY, {"b_outlet": outlet_id}).first()
    if row is None:
        return Policy(outlet_id)
    return Policy(outlet_id, custom=True, **{c: int(getattr(row, c)) for c in CAPS})


def _refuse(cap: str, limit: int, held: int, asked: int, what: str) -> None:
    raise unprocessable(
        "hold_cap", f"{what}: at most {limit} at once ({held} held, {asked} asked); sell or release first",
        cap=cap, limit=limit, held=held, asked=asked,
    )


def lock_key(caller: Caller) -> str:
    """The advisory lock that takes a terminal's new holds one at a time (``serialize``)."""
    return f"holds-of:{caller.terminal_id}"


def check_new_hold(
    s: Session, caller: Caller, *, seats: int, standing: int, now: datetime, locked: bool = False
) -> None:
    """Refuse a new hold of ``seats`` seats or ``standing`` places that would pass a cap.
    ``locked``: the caller already holds ``lock_key(caller)`` in this transaction."""
    # One hold at a time per terminal, so that two in flight cannot both fit under its cap.
    if not locked:
        serialize(s, lock_key(caller))
    row = s.connection().execute(
        _HELD_AND_CAPS, {"b_outlet": caller.outlet_id, "b_terminal": caller.terminal_id, "b_now": now}
    ).one()
    t_seats, t_standing, o_seats, o_standing = (int(v) for v in row[:4])
    caps = row[4:]
    policy = (Policy(caller.outlet_id) if caps[0] is None else
              Policy(caller.outlet_id, custom=True, **{c: int(v) for c, v in zip(_CAP_COLUMNS, caps, strict=True)}))
    if seats:
        if t_seats + seats > policy.terminal_seats:
            _refuse("terminal_seats", policy.terminal_seats, t_seats, seats, "seats held by this terminal")
        if o_seats + seats > policy.outlet_seats:
            _refuse("outlet_seats", policy.outlet_seats, o_seats, seats, "seats held by this outlet")
    if standing:
        if t_standing + standing > policy.terminal_standing:
            _refuse("terminal_standing", policy.terminal_standing, t_standing, standing,
                    "standing places held by this terminal")
        if o_standing + standing > policy.outlet_standing:
            _refuse("outlet_standing", policy.outlet_standing, o_standing, standing,
                    "standing places held by this outlet")


def check_extension(s: Session, hold: Any) -> None:
    """Refuse one extension more than the outlet's cap (the caller counts this one).
    ``hold``: a row of the holds table."""
    policy = _policy(s, hold.outlet_id or "")
    if hold.extensions >= policy.extensions:
        raise unprocessable(
            "hold_cap", f"a hold may be extended at most {policy.extensions} times: sell or release it",
            cap="extensions", limit=policy.extensions, held=hold.extensions, asked=1, hold_id=hold.id,
        )


def get_policy(ctx: Central, outlet_id: str) -> Policy:
    def tx(s: Session) -> Policy:
        if s.get(Outlet, outlet_id) is None:
            raise not_found(f"outlet {outlet_id}")
        return _policy(s, outlet_id)

    return ctx.db.run(tx)


def set_policy(ctx: Central, outlet_id: str, **caps: int | None) -> Policy:
    """Change some caps of an outlet (``None``: keep); the others keep their value."""
    unknown = set(caps) - set(CAPS)
    if unknown:
        raise ValueError(f"unknown caps {sorted(unknown)}")
    bad = {k: v for k, v in caps.items() if v is not None and not 0 <= v <= 1_000_000}
    if bad:
        raise unprocessable("invalid_request", "a cap is a whole number from 0 to 1,000,000", **bad)

    def tx(s: Session) -> Policy:
        if s.get(Outlet, outlet_id) is None:
            raise not_found(f"outlet {outlet_id}")
        current = _policy(s, outlet_id)
        values: dict[str, Any] = {c: getattr(current, c) if caps.get(c) is None else caps[c] for c in CAPS}
        row = s.get(HoldPolicy, outlet_id)
        if row is None:
            s.add(HoldPolicy(outlet_id=outlet_id, updated_at=ctx.now(), **values))
        else:
            for k, v in values.items():
                setattr(row, k, v)
            row.updated_at = ctx.now()
        s.flush()
        return Policy(outlet_id, **values, custom=True)

    return ctx.db.run(tx)
