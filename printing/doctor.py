"""``pos doctor``'s printer check: each profile is valid and its printer reachable.

A network printer gets a TCP connection with the profile's timeout (capped) and nothing
is printed, then asked for its status (paper out, cover open or offline FAIL, paper
near its end WARNs); a serial or file printer's device must exist and be writable. USB is looked
for on the bus when pyusb can see it.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable
from pathlib import Path

from pos.errors import PosError
from pos.field.doctor import FAIL, OK, WARN, Check
from pos.store.db import Store
from printing.profiles import PrinterProfile

MAX_TIMEOUT = 3.0


def check_profile(profile: PrinterProfile) -> Check:
    name = f"printer {profile.name}"
    if profile.connection == "network":
        try:
            with socket.create_connection((profile.host, profile.port), timeout=min(profile.timeout, MAX_TIMEOUT)):
                pass
        except OSError as exc:
            return Check(
                name,
                FAIL,
                f"{profile.address()} does not answer ({exc.strerror or type(exc).__name__})",
                "check the printer is on and its IP address (print its self-test page: hold FEED at power-on)",
            )
        return _status_check(profile)
    if profile.connection in ("serial", "file"):
        path = Path(profile.device)
        target = path if path.exists() else path.parent
        if profile.connection == "serial" and not path.exists():
            return Check(name, FAIL, f"{path} does not exist", "plug the printer in; check `ls /dev/ttyUSB*`")
        if not os.access(target, os.W_OK):
            return Check(name, FAIL, f"{path} is not writable", "add the POS user to the dialout/lp group")
        return Check(name, OK, f"{profile.connection} {path}")
    try:
        import usb.core
    except ImportError:
        return Check(name, WARN, f"{profile.address()}: not checked (no pyusb)")
    try:
        found = usb.core.find(idVendor=profile.usb_vendor, idProduct=profile.usb_product)
    except Exception as exc:  # no libusb back end: say so instead of failing the doctor
        return Check(name, WARN, f"{profile.address()}: cannot look ({exc})", "install libusb-1.0")
    if found is None:
        return Check(name, FAIL, f"{profile.address()} is not on the USB bus", "plug the printer in and switch it on")
    return Check(name, OK, f"{profile.address()} is connected")


def _status_check(profile: PrinterProfile) -> Check:
    """A printer that answers the network is asked (DLE EOT) whether it can print."""
    from dataclasses import replace

    from printing.connections import status
    from printing.errors import PrinterError

    name = f"printer {profile.name}"
    try:
        st = status(replace(profile, timeout=min(profile.timeout, MAX_TIMEOUT)))
    except PrinterError as exc:
        return Check(name, FAIL, exc.message, "check the printer and its network, then `pos printer status`")
    if not st.reported:
        return Check(
            name,
            WARN,
            f"{profile.address()} answers but reports no status ({st.message}): its jobs cannot be "
            "confirmed, the clerk is asked after each one",
            "turn on the printer's status replies (DLE EOT) if it has them",
        )
    if not st.ready:
        return Check(name, FAIL, f"{profile.address()}: {st.message}", "fix it, then `pos printer status`")
    if st.paper == "low":
        return Check(name, WARN, f"{profile.address()}: {st.message}")
    return Check(name, OK, f"{profile.address()} answers and is ready")


def printer_checks(store: Store) -> Iterable[Check]:
    from pos.tickets.printjobs import printer_profiles

    profiles = printer_profiles(store)
    if not profiles:
        yield Check("printer", WARN, "no printer set up", "add one: `pos printer add …`, then `pos print test`")
        return
    for name, raw in sorted(profiles.items()):
        try:
            profile = PrinterProfile.from_settings(name, raw)
        except PosError as exc:
            yield Check(f"printer {name}", FAIL, exc.message, f"fix it: `pos printer add {name} …`")
            continue
        yield check_profile(profile)
    yield unconfirmed_check(store)


def unconfirmed_check(store: Store) -> Check:
    """Jobs nobody has said came out: until someone does, their tickets do not count as printed."""
    from pos.tickets.printjobs import jobs

    waiting = [j for j in jobs(store, limit=200) if j.status == "unconfirmed"]
    if not waiting:
        return Check("print jobs", OK, "every recent print job is confirmed or failed")
    names = ", ".join(j.job_id[:8] for j in waiting[:5]) + (" …" if len(waiting) > 5 else "")
    return Check(
        "print jobs",
        WARN,
        f"{len(waiting)} job(s) sent to a printer that could not confirm them: {names}",
        "check what came out: `pos print confirm JOB --staff ID --pin PIN` or `pos print retry JOB` "
        "(`pos print jobs` lists them)",
    )
