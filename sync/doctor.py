"""``pos doctor``'s network checks: the terminal's token, central's reachability, the clock.

Short timeouts and no retries: the doctor tells the person at the counter what is wrong
within seconds, it does not wait out an outage.
"""

from __future__ import annotations

from collections.abc import Iterable

from pos.errors import PosError
from pos.field.doctor import FAIL, OK, WARN, Check
from pos.store.db import Store
from sync.protocol.enrolment import WhoAmI
from sync.pull import SKEW_WARNING_SECONDS
from sync.transport import CentralClient, CentralRejected, CentralUnreachable, Timeouts

SKEW_FAIL_SECONDS = 300.0


def check_token(store: Store, *, allow_token_file: bool = True) -> tuple[Check, str | None]:
    from sync.credentials import token_store
    from sync.enrol import central_link

    link = central_link(store)
    if link is None:
        return Check(
            "token", WARN, "not enrolled with central", "enrol: `pos setup --central URL --code CODE`"
        ), None
    try:
        where = token_store(store.data_dir, link.account, allow_file=allow_token_file)
        token = where.get()
    except PosError as exc:
        return Check(
            "token", FAIL, exc.message, "enrol again, with --token-file if this PC has no keyring"
        ), None
    if not token:
        return Check("token", FAIL, f"no token in {where.description}", "enrol again with a new code"), None
    return Check("token", OK, f"kept in {where.description}"), token


def check_central(store: Store, token: str, *, timeout: float = 3.0) -> list[Check]:
    from sync.enrol import central_link

    link = central_link(store)
    assert link is not None
    client = CentralClient(link.url, token=token, timeouts=Timeouts(connect=timeout, read=timeout), retries=0)
    try:
        me = client.get("/me", WhoAmI)
    except CentralUnreachable as exc:
        return [
            Check(
                "central",
                FAIL,
                f"{link.url}: {exc.message}",
                "check the network cable/Wi-Fi and the URL; "
                "the terminal keeps selling offline from its allocation meanwhile",
            )
        ]
    except CentralRejected as exc:
        return [Check("central", FAIL, f"{link.url}: {exc.message}", "the token was refused: enrol again")]
    finally:
        client.close()
    checks = [
        Check("central", OK, f"{link.url} answers; this is terminal {me.terminal_id} of {me.outlet_id}")
    ]
    skew = client.skew_seconds
    if skew is None:
        checks.append(Check("clock", WARN, "central sent no time", "update central"))
    elif abs(skew) > SKEW_FAIL_SECONDS:
        checks.append(
            Check("clock", FAIL, f"{skew:+.0f} s from central's", "set the PC's clock (enable NTP)")
        )
    elif abs(skew) > SKEW_WARNING_SECONDS:
        checks.append(
            Check("clock", WARN, f"{skew:+.0f} s from central's", "set the PC's clock (enable NTP)")
        )
    else:
        checks.append(Check("clock", OK, f"{skew:+.1f} s from central's"))
    return checks


def network_checks(store: Store, *, timeout: float = 3.0) -> Iterable[Check]:
    token_check, token = check_token(store)
    yield token_check
    if token is None:
        return
    try:
        yield from check_central(store, token, timeout=timeout)
    except PosError as exc:
        yield Check("central", FAIL, exc.message)
        return
    yield check_anchor(store, token, timeout=timeout)


def check_anchor(store: Store, token: str, *, timeout: float = 3.0) -> Check:
    """The journal held against the last head central acknowledged (``pos journal verify``)."""
    from pos.errors import JournalCorrupt
    from sync.anchor import verify_anchored
    from sync.enrol import central_link

    link = central_link(store)
    assert link is not None
    client = CentralClient(link.url, token=token, timeouts=Timeouts(connect=timeout, read=timeout), retries=0)
    try:
        check = verify_anchored(store, client)
    except JournalCorrupt as exc:
        return Check(
            "journal anchor",
            FAIL,
            exc.message,
            "leave the PC as it is and call the supervisor: the journal does not match what central acknowledged",
        )
    except PosError as exc:
        return Check("journal anchor", WARN, exc.message)
    finally:
        client.close()
    if check.anchor_seq is None:
        return Check("journal anchor", WARN, check.note, "run `pos sync` to anchor the journal at central")
    return Check("journal anchor", OK, f"matches the head central acknowledged (#{check.anchor_seq})")
