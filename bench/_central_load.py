"""The load side of ``bench_central.py``: a lean keep-alive client, the p95, and what the
server's worker processes and its PostgreSQL backends spent (CPU and resident memory, read
from ``/proc``). Imported by the script from its own folder, like ``_sync_setup``."""

from __future__ import annotations

import http.client
import json
import os
import statistics
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text


def p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=20)[18] * 1000 if len(xs) >= 20 else max(xs, default=0) * 1000


_dumps = json.dumps  # LeanClient.put's argument is named ``json``, like httpx's


class _Reply:
    __slots__ = ("status_code",)

    def __init__(self, status_code: int) -> None:
        self.status_code = status_code


class LeanClient:
    """A keep-alive HTTP/1.1 connection from the standard library, with the two calls the
    phases make. The 8 terminals share the 2 cores with central and PostgreSQL here, unlike
    real terminals; httpx costs them about 0.8 ms of CPU per request, this about a third of
    it, which leaves the cores to what is measured. ``POS_BENCH_CLIENT=httpx`` for httpx."""

    def __init__(self, base: str, token: str) -> None:
        url = httpx.URL(base)
        self._address = (url.host, url.port)
        self._headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self._conn: http.client.HTTPConnection | None = None

    def _call(self, method: str, path: str, body: bytes | None) -> _Reply:
        for attempt in (1, 2):
            if self._conn is None:
                self._conn = http.client.HTTPConnection(*self._address, timeout=60)
            try:
                self._conn.request(method, path, body=body, headers=self._headers)
                response = self._conn.getresponse()
                response.read()
                return _Reply(response.status)
            except (http.client.HTTPException, ConnectionError):
                self._conn.close()
                self._conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def put(self, path: str, *, json: Any) -> _Reply:
        return self._call("PUT", path, _dumps(json).encode())

    def delete(self, path: str) -> _Reply:
        return self._call("DELETE", path, None)

    def __enter__(self) -> LeanClient:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._conn is not None:
            self._conn.close()


SERVER: list[int] = []  # pid of each uvicorn process (each central node), once started
WORKERS = [1]  # how many uvicorn workers it runs
DATABASE: list[Any] = []  # (engine, database name) of the bench database, once made


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_cpu() -> float:
    """CPU seconds so far of the PostgreSQL backends serving the bench database (PostgreSQL on
    this machine, as for the tests): with the server's CPU, the cost of a request, which the
    load of other work on the machine hardly moves. Backends that ended are not counted (the
    server's pool keeps its connections for the whole run)."""
    if not DATABASE:
        return 0.0
    eng, name = DATABASE
    with eng.connect() as c:
        pids = [r[0] for r in c.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = :n"), {"n": name})]
    return sum(_cpu_seconds(pid) for pid in pids)


def server_cpu() -> float:
    """User plus system CPU seconds of the server's worker processes so far."""
    return sum(_cpu_seconds(pid) for node in SERVER for pid in workers_of(node))  # every node


def workers_of(pid: int) -> list[int]:
    """The uvicorn worker processes: the children of the supervisor, or the server itself."""
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    if WORKERS[0] == 1:
        return [pid]
    # uvicorn --workers N: a supervisor and N spawned workers (not multiprocessing's tracker)
    return [k for k in kids if b"spawn_main" in Path(f"/proc/{k}/cmdline").read_bytes()]


def memory_mb(pid: int) -> tuple[int, int]:
    """(resident now, peak resident) in MB."""
    vals = {}
    for ln in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = ln.partition(":")
        if key in ("VmRSS", "VmHWM"):
            vals[key] = int(rest.split()[0]) // 1024
    return vals.get("VmRSS", 0), vals.get("VmHWM", 0)
