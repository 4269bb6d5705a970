"""The throttle on finding members by phone (issue 22).

A phone look-up answers a member's masked name, tier and points to any enrolled terminal, so a
terminal trying numbers could map phones to members. Every phone look-up is logged
(``member_lookups``: terminal, time, found or not) and, like the customer look-up's throttle,
the log in the database is the throttle's state, shared by every central node: ``PHONE_LIMIT``
look-ups within ``WINDOW``, or ``MISS_LIMIT`` that found nobody within ``MISS_WINDOW``, refuse
that terminal's phone look-ups (``member_lookup_throttled``, 429, a warning in the log) until
the window has moved on. Other terminals are not affected. Look-ups by member number or
signed member code are not throttled: they need the number or the card.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.context import Caller
from central.errors import ApiError
from central.member_models import MemberLookupLog
from central.services.common import serialize

log = logging.getLogger(__name__)

PHONE_LIMIT = 10
WINDOW = timedelta(minutes=1)
MISS_LIMIT = 20
MISS_WINDOW = timedelta(hours=1)
REASON = "member_lookup_throttled"


def refusal(s: Session, caller: Caller, now: datetime) -> ApiError | None:
    """The throttle's refusal of this terminal's next phone look-up, logged; None when it may
    go ahead. Serialised per terminal, so that two nodes cannot both let the last one through."""
    serialize(s, f"member-lookup-of:{caller.terminal_id}")
    base = select(MemberLookupLog.at).where(
        MemberLookupLog.terminal_id == caller.terminal_id, MemberLookupLog.refused.is_(None))
    for only_misses, limit, window, what in ((False, PHONE_LIMIT, WINDOW, "look-ups"),
                                             (True, MISS_LIMIT, MISS_WINDOW, "look-ups that found nobody")):
        q = base.where(MemberLookupLog.at > now - window)
        if only_misses:
            q = q.where(MemberLookupLog.found.is_(False))
        times = list(s.scalars(q.order_by(MemberLookupLog.at.desc()).limit(limit)))
        if len(times) < limit:
            continue
        until = times[-1] + window
        log.warning("member look-ups by phone throttled: terminal %s (outlet %s) made %d %s within %s",
                    caller.terminal_id, caller.outlet_id, limit, what, window)
        record(s, caller, now, found=False, refused=REASON)
        return ApiError(429, REASON, f"too many member {what} by phone at this terminal: try again later",
                        until=until.isoformat(), retry_after=max(1, int((until - now).total_seconds())))
    return None


def record(s: Session, caller: Caller, now: datetime, *, found: bool, refused: str | None = None) -> None:
    s.add(MemberLookupLog(at=now, terminal_id=caller.terminal_id, outlet_id=caller.outlet_id, found=found,
                          refused=refused))
