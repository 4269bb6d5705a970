"""Throttling of pickup look-ups (issue 16, finding 4): an order number is printed on the
buyer's confirmation and the phone's last four digits are only 10,000 guesses, and a
pickup code is 8 digits; so central counts the misses.

- Wrong phone digits for an order: ``ORDER_MISSES`` within ``ORDER_LOCK`` lock that order's
  look-ups by number for ``ORDER_LOCK`` (its pickup code still works: the buyer has it).
- Misses of a terminal (wrong digits, unknown numbers, unknown codes): ``TERMINAL_MISSES``
  within ``TERMINAL_WINDOW`` refuse that terminal's look-ups and pickups by code or number
  until the window has moved on.

Each lockout is kept as an alert (``pos central pickup-alerts``) and logged as a warning.
Counting and checking happen in the look-up's own transaction, one look-up per terminal
(and per order) at a time, so parallel guesses cannot slip past a count."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.errors import ApiError
from central.guard_models import PickupAlert, PickupMiss
from central.services.common import serialize

log = logging.getLogger(__name__)

ORDER_MISSES = 5
ORDER_LOCK = timedelta(minutes=15)
TERMINAL_MISSES = 20
TERMINAL_WINDOW = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Alert:
    at: datetime
    kind: str
    terminal_id: str
    outlet_id: str
    order_id: str | None
    until: datetime
    details: dict[str, Any]


def _locked_until(s: Session, where: Any, n: int, window: timedelta, now: datetime) -> datetime | None:
    """When the n-th newest miss matching ``where`` leaves the window, if n are in it."""
    times = list(s.scalars(
        select(PickupMiss.at).where(where, PickupMiss.at > now - window).order_by(PickupMiss.at.desc()).limit(n)
    ))
    return times[-1] + window if len(times) >= n else None


def _refusal(reason: str, message: str, until: datetime, now: datetime, **details: Any) -> ApiError:
    wait = max(1, int((until - now).total_seconds()))
    return ApiError(429, reason, message, until=until.isoformat(), retry_after=wait, **details)


def check_terminal(s: Session, caller: Caller, now: datetime) -> None:
    """Take the terminal's turn; refuse it if it is locked out (nothing counted then)."""
    serialize(s, f"pickup-of:{caller.terminal_id}")
    until = _locked_until(s, PickupMiss.terminal_id == caller.terminal_id, TERMINAL_MISSES, TERMINAL_WINDOW, now)
    if until is not None:
        raise _refusal("pickup_throttled", "too many pickup look-ups matched nothing at this terminal: "
                       "a supervisor should call the platform", until, now)


def check_order(s: Session, order_id: str, now: datetime) -> None:
    """Refuse look-ups by number of an order locked by wrong phone digits."""
    serialize(s, f"pickup-order:{order_id}")
    until = _locked_until(s, PickupMiss.order_id == order_id, ORDER_MISSES, ORDER_LOCK, now)
    if until is not None:
        raise _refusal("pickup_locked", "too many wrong phone digits for this order: use its pickup code, "
                       "or try again later", until, now)


def record_miss(s: Session, caller: Caller, *, kind: str, order_id: str | None, now: datetime) -> None:
    """Count a miss in the look-up's transaction; raise the alert when it locks something."""
    s.add(PickupMiss(terminal_id=caller.terminal_id, outlet_id=caller.outlet_id, order_id=order_id,
                     kind=kind, at=now))
    s.flush()
    if order_id is not None:
        until = _locked_until(s, PickupMiss.order_id == order_id, ORDER_MISSES, ORDER_LOCK, now)
        if until is not None:
            _alert(s, caller, "order_locked", order_id, until, now, ORDER_MISSES)
    until = _locked_until(s, PickupMiss.terminal_id == caller.terminal_id, TERMINAL_MISSES, TERMINAL_WINDOW, now)
    if until is not None:
        _alert(s, caller, "terminal_locked", None, until, now, TERMINAL_MISSES)


def _alert(s: Session, caller: Caller, kind: str, order_id: str | None, until: datetime, now: datetime,
           misses: int) -> None:
    details = {"misses": misses, "terminal_name": caller.terminal_name}
    s.add(PickupAlert(at=now, kind=kind, terminal_id=caller.terminal_id, outlet_id=caller.outlet_id,
                      order_id=order_id, until=until, details=details))
    log.warning("pickup %s: terminal %s (outlet %s)%s locked until %s after %d misses", kind, caller.terminal_id,
                caller.outlet_id, f", order {order_id}" if order_id else "", until.isoformat(), misses)


def alerts(ctx: Central, *, limit: int = 50) -> list[Alert]:
    def tx(s: Session) -> list[Alert]:
        rows = s.scalars(select(PickupAlert).order_by(PickupAlert.at.desc(), PickupAlert.id.desc()).limit(limit))
        return [Alert(r.at, r.kind, r.terminal_id, r.outlet_id, r.order_id, r.until, dict(r.details)) for r in rows]

    return ctx.db.run(tx)
